package dev.strata.yaml;

import dev.strata.model.Extension;
import org.yaml.snakeyaml.nodes.Node;

import java.util.List;
import java.util.Optional;

/**
 * {@code extensions: { pgcrypto: { version: "1.3" }, citext: }}: an extension installed in the document's schema,
 * with the version it must have (without one, any installed version will do).
 */
final class ExtensionYaml implements ObjectYaml<Extension> {

    private static final List<String> KEYS = List.of("version");

    @Override
    public String kind() {
        return Extension.KIND;
    }

    @Override
    public String section() {
        return "extensions";
    }

    @Override
    public Class<Extension> type() {
        return Extension.class;
    }

    @Override
    public Optional<Extension> read(Located<String> key, Node definition, NodeReader in) {
        if (NodeReader.isNull(definition)) {
            return Optional.of(new Extension(key.value(), Optional.empty()));
        }
        return in.fields(definition, "extension '" + key.value() + "'", KEYS)
                .map(f -> new Extension(key.value(), f.text("version", "expected a version, e.g. \"1.3\"")));
    }

    @Override
    public Node write(Extension extension) {
        var map = new YamlNodes.Map();
        extension.version().ifPresent(v -> map.put("version", v));
        return map.node();
    }
}
