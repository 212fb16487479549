package dev.strata.yaml;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.DumperOptions.FlowStyle;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds YAML node trees for the writer and serializes them with SnakeYAML, which decides the
 * quoting of every string: a string that would read back as something else ({@code yes},
 * {@code null}, {@code 1.0}, {@code : x}) is quoted, multi-line text becomes a literal block.
 */
final class YamlNodes {

    /** Maps and lists whose flow form is at most this long are written on one line. */
    private static final int FLOW_LIMIT = 100;

    private YamlNodes() {}

    static ScalarNode string(String value) {
        ScalarStyle style = needsEscapes(value) ? ScalarStyle.DOUBLE_QUOTED
                : value.indexOf('\n') >= 0 ? ScalarStyle.LITERAL : ScalarStyle.PLAIN;
        return new ScalarNode(Tag.STR, value, null, null, style);
    }

    /**
     * Characters a reader would normalise (CR, NEL, LS, PS are line breaks in YAML) or that are not
     * printable survive only as escapes in a double-quoted scalar.
     */
    private static boolean needsEscapes(String value) {
        return value.codePoints().anyMatch(c -> c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029 || c == 0xFEFF
                || (Character.isISOControl(c) && c != '\n' && c != '\t') || Character.getType(c) == Character.SURROGATE
                || Character.getType(c) == Character.UNASSIGNED || Character.getType(c) == Character.PRIVATE_USE);
    }

    static ScalarNode number(long value) {
        return new ScalarNode(Tag.INT, Long.toString(value), null, null, ScalarStyle.PLAIN);
    }

    static ScalarNode bool(boolean value) {
        return new ScalarNode(Tag.BOOL, Boolean.toString(value), null, null, ScalarStyle.PLAIN);
    }

    static SequenceNode strings(List<String> values) {
        return list(values.stream().<Node>map(YamlNodes::string).toList());
    }

    /** A list written one item per line. */
    static SequenceNode blockList(List<Node> items) {
        return new SequenceNode(Tag.SEQ, new ArrayList<>(items), FlowStyle.BLOCK);
    }

    /** A list, on one line when short. */
    static SequenceNode list(List<Node> items) {
        return new SequenceNode(Tag.SEQ, new ArrayList<>(items), canFlow(items) ? FlowStyle.FLOW : FlowStyle.BLOCK);
    }

    /** A mapping being built; {@link #node()} picks one-line or block form. */
    static final class Map {
        private final List<NodeTuple> tuples = new ArrayList<>();
        private boolean forceBlock;

        Map put(String key, Node value) {
            tuples.add(new NodeTuple(string(key), value));
            return this;
        }

        Map put(String key, String value) {
            return put(key, string(value));
        }

        Map block() {
            forceBlock = true;
            return this;
        }

        boolean isEmpty() {
            return tuples.isEmpty();
        }

        int size() {
            return tuples.size();
        }

        MappingNode node() {
            boolean flow = !forceBlock && canFlow(tuples.stream().flatMap(t -> java.util.stream.Stream.of(t.getKeyNode(), t.getValueNode())).toList());
            return new MappingNode(Tag.MAP, new ArrayList<>(tuples), flow ? FlowStyle.FLOW : FlowStyle.BLOCK);
        }
    }

    private static boolean canFlow(List<Node> nodes) {
        int length = 0;
        for (Node n : nodes) {
            int size = flowLength(n);
            if (size < 0) {
                return false;
            }
            length += size + 2;
        }
        return length <= FLOW_LIMIT;
    }

    /** The approximate one-line length of a node, or -1 when it must not be on one line. */
    private static int flowLength(Node n) {
        return switch (n) {
            case ScalarNode s -> s.getValue().indexOf('\n') >= 0 || s.getScalarStyle() == ScalarStyle.DOUBLE_QUOTED ? -1 : s.getValue().length();
            case SequenceNode seq -> seq.getFlowStyle() == FlowStyle.FLOW
                    ? seq.getValue().stream().mapToInt(x -> flowLength(x) + 2).sum() : -1;
            case MappingNode map -> map.getFlowStyle() == FlowStyle.FLOW
                    ? map.getValue().stream().mapToInt(t -> flowLength(t.getKeyNode()) + flowLength(t.getValueNode()) + 4).sum() : -1;
            default -> -1;
        };
    }

    static String serialize(Node root) {
        DumperOptions options = new DumperOptions();
        options.setAllowUnicode(true);
        options.setSplitLines(false);
        options.setWidth(1_000_000);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setLineBreak(DumperOptions.LineBreak.UNIX);
        StringWriter out = new StringWriter();
        new Yaml(options).serialize(root, out);
        return out.toString();
    }
}
