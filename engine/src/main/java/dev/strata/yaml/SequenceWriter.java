package dev.strata.yaml;

import dev.strata.model.DataType;
import dev.strata.model.SequenceOptions;
import org.yaml.snakeyaml.nodes.Node;

import java.util.LinkedHashMap;
import java.util.Map;

/** The sequence options that differ from what the reader would fill in. */
final class SequenceWriter {

    private SequenceWriter() {}

    static Map<String, Node> options(DataType type, SequenceOptions o) {
        SequenceOptions defaults = SequenceOptions.defaultsFor(type, o.increment());
        Map<String, Node> result = new LinkedHashMap<>();
        if (o.increment() != 1) {
            result.put("increment", YamlNodes.number(o.increment()));
        }
        if (o.start() != (o.increment() > 0 ? o.minValue() : o.maxValue())) {
            result.put("start", YamlNodes.number(o.start()));
        }
        if (o.minValue() != defaults.minValue()) {
            result.put("min", YamlNodes.number(o.minValue()));
        }
        if (o.maxValue() != defaults.maxValue()) {
            result.put("max", YamlNodes.number(o.maxValue()));
        }
        if (o.cache() != 1) {
            result.put("cache", YamlNodes.number(o.cache()));
        }
        if (o.cycle()) {
            result.put("cycle", YamlNodes.bool(true));
        }
        return result;
    }
}
