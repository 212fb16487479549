package dev.strata.yaml;

import dev.strata.diagnostics.Diagnostic;
import dev.strata.naming.PgNames;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Typed access to one file's composed YAML nodes. Every accessor reports a problem at the node's
 * position and returns empty instead of throwing, so reading goes on and all errors surface at once.
 * Scalars are taken as written (the text, not YAML's implicit type), so {@code yes} stays a label.
 */
final class NodeReader {

    private static final Set<String> TRUE = Set.of("true", "yes", "on");
    private static final Set<String> FALSE = Set.of("false", "no", "off");

    private final String file;
    private final List<Diagnostic> problems;

    NodeReader(String file, List<Diagnostic> problems) {
        this.file = file;
        this.problems = problems;
    }

    String file() {
        return file;
    }

    Location at(Node node) {
        var mark = node.getStartMark();
        return new Location(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    void error(Node node, String message) {
        problems.add(at(node).diagnostic(message));
    }

    void error(Location at, String message) {
        problems.add(at.diagnostic(message));
    }

    /** Reports {@code message} at the node and answers true, for use in a filter that refuses the value. */
    boolean reject(Node node, String message) {
        error(node, message);
        return true;
    }

    /** A mapping key with its name and the value written for it. */
    record Entry(ScalarNode keyNode, String key, Node value) {
        Location keyAt(NodeReader reader) {
            return reader.at(keyNode);
        }
    }

    /** The keys of a mapping whose keys are fixed words ({@code type}, {@code nullable}, ...). */
    final class Fields {
        private final Map<String, Entry> entries;
        private final Node node;

        private Fields(Node node, Map<String, Entry> entries) {
            this.node = node;
            this.entries = entries;
        }

        Node node() {
            return node;
        }

        Optional<Node> get(String key) {
            return Optional.ofNullable(entries.get(key)).map(Entry::value);
        }

        boolean has(String key) {
            return entries.containsKey(key);
        }

        Optional<String> text(String key, String expectation) {
            return get(key).flatMap(n -> NodeReader.this.text(n, expectation));
        }

        Optional<Located<String>> expression(String key) {
            return get(key).flatMap(NodeReader.this::expression);
        }

        Optional<Boolean> bool(String key) {
            return get(key).flatMap(NodeReader.this::bool);
        }

        Optional<Long> whole(String key) {
            return get(key).flatMap(NodeReader.this::whole);
        }

        Optional<Located<String>> name(String key, String what) {
            return get(key).flatMap(n -> NodeReader.this.name(n, what));
        }
    }

    /** A mapping with fixed keys: unknown keys are reported with a suggestion. */
    Optional<Fields> fields(Node node, String what, Collection<String> allowed) {
        return entries(node, "expected a mapping for " + what).map(list -> {
            Map<String, Entry> byKey = new LinkedHashMap<>();
            for (Entry e : list) {
                if (!allowed.contains(e.key())) {
                    error(e.keyNode(), "unknown key '" + e.key() + "' in " + what + Suggestions.hint(e.key(), allowed));
                } else {
                    byKey.put(e.key(), e);
                }
            }
            return new Fields(node, byKey);
        });
    }

    /** The entries of a mapping in written order; duplicate keys are reported (the first wins). */
    Optional<List<Entry>> entries(Node node, String expectation) {
        return entries(node, expectation, "key");
    }

    /** Like {@link #entries(Node, String)}, naming duplicates as {@code kind} ("duplicate column 'x'"). */
    Optional<List<Entry>> entries(Node node, String expectation, String kind) {
        if (!(node instanceof MappingNode mapping)) {
            if (!isNullMapping(node)) {
                error(node, expectation);
            }
            return isNullMapping(node) ? Optional.of(List.of()) : Optional.empty();
        }
        List<Entry> result = new ArrayList<>();
        Map<String, Entry> seen = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key) || key.getValue().isEmpty()) {
                error(tuple.getKeyNode(), "expected a name as key");
                continue;
            }
            if (seen.containsKey(key.getValue())) {
                error(key, "duplicate " + kind + " '" + key.getValue() + "'");
                continue;
            }
            Entry entry = new Entry(key, key.getValue(), tuple.getValueNode());
            seen.put(entry.key(), entry);
            result.add(entry);
        }
        return Optional.of(result);
    }

    /** The items of a sequence. */
    Optional<List<Node>> items(Node node, String expectation) {
        if (node instanceof SequenceNode sequence) {
            return Optional.of(sequence.getValue());
        }
        error(node, expectation);
        return Optional.empty();
    }

    Optional<String> text(Node node, String expectation) {
        if (node instanceof ScalarNode scalar && !isNull(scalar)) {
            return Optional.of(scalar.getValue());
        }
        error(node, expectation);
        return Optional.empty();
    }

    /** A SQL expression, kept as written apart from surrounding white space. */
    Optional<Located<String>> expression(Node node) {
        return text(node, "expected an SQL expression").flatMap(t -> {
            if (t.isBlank()) {
                error(node, "expected an SQL expression");
                return Optional.empty();
            }
            return Optional.of(new Located<>(t.strip(), at(node)));
        });
    }

    /** An identifier: taken literally (case kept), at most 63 bytes. */
    Optional<Located<String>> name(Node node, String what) {
        return text(node, "expected " + what).flatMap(t -> checkedName(t, node, what));
    }

    Optional<Located<String>> checkedName(String text, Node node, String what) {
        if (text.isEmpty() || text.indexOf('\0') >= 0) {
            error(node, "expected " + what);
            return Optional.empty();
        }
        if (PgNames.byteLength(text) > PgNames.MAX_BYTES) {
            error(node, "name '" + text + "' is longer than 63 bytes; PostgreSQL would truncate it to '"
                    + PgNames.truncate(text) + "'");
            return Optional.empty();
        }
        return Optional.of(new Located<>(text, at(node)));
    }

    /** A list of names, e.g. the columns of a key. */
    Optional<List<Located<String>>> names(Node node, String expectation, String what) {
        if (!(node instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
            error(node, expectation);
            return Optional.empty();
        }
        List<Located<String>> result = new ArrayList<>();
        boolean ok = true;
        for (Node item : sequence.getValue()) {
            if (!(item instanceof ScalarNode)) {
                error(item, expectation);
                ok = false;
                continue;
            }
            var name = name(item, what);
            ok &= name.isPresent();
            name.ifPresent(result::add);
        }
        return ok ? Optional.of(result) : Optional.empty();
    }

    Optional<Boolean> bool(Node node) {
        if (node instanceof ScalarNode scalar) {
            String v = scalar.getValue().toLowerCase(Locale.ROOT);
            if (TRUE.contains(v)) {
                return Optional.of(true);
            }
            if (FALSE.contains(v)) {
                return Optional.of(false);
            }
        }
        error(node, "expected true or false");
        return Optional.empty();
    }

    Optional<Long> whole(Node node) {
        if (node instanceof ScalarNode scalar) {
            try {
                return Optional.of(Long.parseLong(scalar.getValue().replace("_", "")));
            } catch (NumberFormatException ignored) {
                // reported below, unless YAML spells a whole number another way (0x1F, 0b101, 1:30, 1.0)
            }
            if (scalar.getTag().equals(Tag.INT) && new Yaml().load(scalar.getValue()) instanceof Number n
                    && (n instanceof Integer || n instanceof Long)) {
                return Optional.of(n.longValue());
            }
            if (scalar.getTag().equals(Tag.FLOAT) && new Yaml().load(scalar.getValue()) instanceof Double d
                    && d == Math.rint(d) && Math.abs(d) < 0x1p53) {
                return Optional.of(d.longValue());
            }
        }
        error(node, "expected a whole number");
        return Optional.empty();
    }

    /** One of a fixed set of words ({@code cascade}, {@code set null}), with a suggestion when misspelt. */
    <E> Optional<E> choice(Node node, Map<String, E> options, String what) {
        Optional<String> text = text(node, "expected " + what);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String word = String.join(" ", text.get().strip().toLowerCase(Locale.ROOT).replace('_', ' ').split("\\s+"));
        E value = options.get(word);
        if (value == null) {
            error(node, "unknown " + what + " '" + text.get() + "'; expected one of: "
                    + String.join(", ", options.keySet()) + Suggestions.hint(word, options.keySet()));
            return Optional.empty();
        }
        return Optional.of(value);
    }

    /**
     * Where a mapping is expected, every YAML spelling of null ({@code null}, {@code ~}, nothing) is an empty one, as
     * YAML and the JSON Schema read it; only where text is expected is {@code null} the word.
     */
    static boolean isNullMapping(Node node) {
        return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL);
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL)
                && (scalar.getValue().isEmpty() || scalar.getValue().equals("~"));
    }
}
