package dev.strata.yaml;

import dev.strata.model.Deferrability;
import dev.strata.model.ForeignKey;
import dev.strata.model.IndexKey;
import dev.strata.sql.OperatorNames;
import dev.strata.sql.QualifiedNames;
import dev.strata.yaml.Drafts.CheckDraft;
import dev.strata.yaml.Drafts.ExclusionDraft;
import dev.strata.yaml.Drafts.ExclusionElementDraft;
import dev.strata.yaml.Drafts.ForeignKeyDraft;
import dev.strata.yaml.Drafts.IndexDraft;
import dev.strata.yaml.Drafts.KeyDraft;
import dev.strata.yaml.Drafts.PrimaryKeyDraft;
import dev.strata.yaml.Drafts.UniqueDraft;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Reads a table's primary key, unique constraints, foreign keys, checks, exclusions and indexes. */
final class ConstraintReader {

    static final List<String> PRIMARY_KEY_KEYS = List.of("columns", "name", "without_overlaps", "comment");
    static final List<String> UNIQUE_KEYS =
            List.of("columns", "name", "nulls_not_distinct", "without_overlaps", "deferrable", "comment");
    static final List<String> FOREIGN_KEY_KEYS = List.of("columns", "references", "period", "on_delete", "on_update", "match",
            "deferrable", "not_valid", "name", "comment");
    static final List<String> REFERENCES_KEYS = List.of("table", "schema", "columns");
    static final List<String> CHECK_KEYS = List.of("expression", "name", "no_inherit", "not_valid", "comment");
    static final List<String> EXCLUSION_KEYS = List.of("using", "elements", "where", "name", "deferrable", "comment");
    static final List<String> ELEMENT_KEYS = List.of("column", "expression", "with", "opclass", "order", "nulls");
    static final List<String> INDEX_KEYS =
            List.of("name", "unique", "nulls_not_distinct", "method", "columns", "include", "where", "with", "comment");
    static final List<String> KEY_KEYS = List.of("column", "expression", "order", "nulls", "opclass");

    static final Map<String, ForeignKey.Action> ACTIONS = ordered(
            "no action", ForeignKey.Action.NO_ACTION, "restrict", ForeignKey.Action.RESTRICT,
            "cascade", ForeignKey.Action.CASCADE, "set null", ForeignKey.Action.SET_NULL,
            "set default", ForeignKey.Action.SET_DEFAULT);
    static final Map<String, ForeignKey.Match> MATCHES =
            ordered("simple", ForeignKey.Match.SIMPLE, "full", ForeignKey.Match.FULL);
    // yes/no/on/off as elsewhere: YAML 1.1 (and so the JSON Schema an editor applies) reads them as booleans.
    static final Map<String, Deferrability> DEFERRABILITIES = ordered(
            "false", Deferrability.NOT_DEFERRABLE, "true", Deferrability.DEFERRABLE_INITIALLY_IMMEDIATE,
            "no", Deferrability.NOT_DEFERRABLE, "yes", Deferrability.DEFERRABLE_INITIALLY_IMMEDIATE,
            "off", Deferrability.NOT_DEFERRABLE, "on", Deferrability.DEFERRABLE_INITIALLY_IMMEDIATE,
            "initially immediate", Deferrability.DEFERRABLE_INITIALLY_IMMEDIATE,
            "initially deferred", Deferrability.DEFERRABLE_INITIALLY_DEFERRED);
    static final Map<String, Boolean> ORDERS = ordered("asc", false, "desc", true);
    static final Map<String, Boolean> NULLS = ordered("first", true, "last", false);

    private static final String COLUMN_LIST = "expected a list of column names";

    private final NodeReader in;

    ConstraintReader(NodeReader in) {
        this.in = in;
    }

    Optional<PrimaryKeyDraft> primaryKey(Node node) {
        if (node instanceof MappingNode) {
            return in.fields(node, "primary_key", PRIMARY_KEY_KEYS).flatMap(f -> required(f, "columns", node, "primary_key")
                    .flatMap(this::columns)
                    .map(cols -> new PrimaryKeyDraft(f.name("name", "a constraint name"), cols,
                            f.bool("without_overlaps").orElse(false), comment(f), in.at(node))));
        }
        return columns(node).map(cols -> new PrimaryKeyDraft(Optional.empty(), cols, false, Optional.empty(), in.at(node)));
    }

    List<UniqueDraft> uniques(Node node) {
        return list(node, "expected a list of unique constraints", item -> {
            if (item instanceof MappingNode) {
                return in.fields(item, "unique constraint", UNIQUE_KEYS).flatMap(f -> required(f, "columns", item, "unique constraint")
                        .flatMap(this::columns)
                        .map(cols -> new UniqueDraft(f.name("name", "a constraint name"), cols,
                                f.bool("nulls_not_distinct").orElse(false), deferrability(f),
                                f.bool("without_overlaps").orElse(false), comment(f), in.at(item))));
            }
            return columns(item).map(cols -> new UniqueDraft(Optional.empty(), cols, false,
                    Deferrability.NOT_DEFERRABLE, false, Optional.empty(), in.at(item)));
        });
    }

    List<ForeignKeyDraft> foreignKeys(Node node) {
        return list(node, "expected a list of foreign keys", item ->
                in.fields(item, "foreign key", FOREIGN_KEY_KEYS).flatMap(f -> {
                    var columns = required(f, "columns", item, "foreign key").flatMap(this::columns);
                    var references = required(f, "references", item, "foreign key")
                            .flatMap(n -> in.fields(n, "references", REFERENCES_KEYS));
                    if (columns.isEmpty() || references.isEmpty()) {
                        return Optional.empty();
                    }
                    var ref = references.get();
                    Optional<String> schema = ref.name("schema", "a schema name").map(Located::value);
                    var target = required(ref, "table", ref.node(), "references")
                            .flatMap(n -> referencedTable(n, schema));
                    Optional<List<Located<String>>> targetColumns = ref.get("columns").flatMap(this::columns);
                    if (target.isEmpty() || (ref.has("columns") && targetColumns.isEmpty())) {
                        return Optional.empty();
                    }
                    return Optional.of(new ForeignKeyDraft(f.name("name", "a constraint name"), columns.get(),
                            target.get().schema(), target.get().table(), targetColumns,
                            f.get("on_delete").flatMap(n -> in.choice(n, ACTIONS, "on_delete action")).orElse(ForeignKey.Action.NO_ACTION),
                            f.get("on_update").flatMap(n -> in.choice(n, ACTIONS, "on_update action")).orElse(ForeignKey.Action.NO_ACTION),
                            f.get("match").flatMap(n -> in.choice(n, MATCHES, "match type")).orElse(ForeignKey.Match.SIMPLE),
                            deferrability(f), f.bool("not_valid").orElse(false), f.bool("period").orElse(false),
                            comment(f), in.at(item)));
                }));
    }

    record ReferencedTable(Optional<String> schema, Located<String> table) {}

    /**
     * {@code references.table}: a table name, or {@code schema.table} when no {@code schema} key is given.
     * The 63-byte limit applies to each name, not to the qualified spelling.
     */
    Optional<ReferencedTable> referencedTable(Node node, Optional<String> schema) {
        return in.text(node, "expected a table name").flatMap(text -> {
            int dot = text.indexOf('.');
            if (schema.isPresent() || dot <= 0) {
                return in.checkedName(text, node, "a table name").map(t -> new ReferencedTable(schema, t));
            }
            var qualifier = in.checkedName(text.substring(0, dot), node, "a schema name");
            var table = in.checkedName(text.substring(dot + 1), node, "a table name");
            if (qualifier.isEmpty() || table.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new ReferencedTable(Optional.of(qualifier.get().value()), table.get()));
        });
    }

    List<CheckDraft> checks(Node node) {
        return list(node, "expected a list of checks", item -> {
            if (item instanceof MappingNode) {
                return in.fields(item, "check", CHECK_KEYS).flatMap(f -> required(f, "expression", item, "check")
                        .flatMap(in::expression)
                        .map(e -> new CheckDraft(f.name("name", "a constraint name"), e, f.bool("no_inherit").orElse(false),
                                f.bool("not_valid").orElse(false), comment(f))));
            }
            return in.expression(item).map(e -> new CheckDraft(Optional.empty(), e, false, false, Optional.empty()));
        });
    }

    List<ExclusionDraft> exclusions(Node node) {
        return list(node, "expected a list of exclusion constraints", item ->
                in.fields(item, "exclusion constraint", EXCLUSION_KEYS).flatMap(f -> {
                    String method = f.name("using", "an index method").map(Located::value).orElse("gist");
                    var elements = required(f, "elements", item, "exclusion constraint").map(n ->
                            list(n, "expected a list of exclusion elements", this::exclusionElement));
                    if (elements.isEmpty() || elements.get().isEmpty()) {
                        emptyList(f.get("elements"), "an exclusion constraint needs at least one element");
                        return Optional.empty();
                    }
                    return Optional.of(new ExclusionDraft(f.name("name", "a constraint name"), method, elements.get(),
                            f.expression("where"), deferrability(f), comment(f), in.at(item)));
                }));
    }

    private Optional<ExclusionElementDraft> exclusionElement(Node item) {
        return in.fields(item, "exclusion element", ELEMENT_KEYS).flatMap(f -> {
            var operator = required(f, "with", item, "exclusion element").flatMap(n -> in.text(n, "expected an operator")
                    .filter(op -> OperatorNames.problem(op).map(p -> in.reject(n, "invalid exclusion operator: " + p)).isEmpty()));
            return key(f, item).flatMap(k -> operator.map(op -> new ExclusionElementDraft(k, op.strip())));
        });
    }

    List<IndexDraft> indexes(Node node) {
        return list(node, "expected a list of indexes", item -> {
            if (item instanceof SequenceNode) {
                return columns(item).map(cols -> new IndexDraft(Optional.empty(), false, false, "btree",
                        cols.stream().map(c -> new KeyDraft(IndexKey.column(c.value()), Optional.of(c))).toList(),
                        List.of(), Optional.empty(), Map.of(), Optional.empty(), in.at(item)));
            }
            return in.fields(item, "index", INDEX_KEYS).flatMap(f -> {
                var keys = required(f, "columns", item, "index").map(n -> list(n, "expected a list of index keys", this::indexKey));
                if (keys.isEmpty() || keys.get().isEmpty()) {
                    emptyList(f.get("columns"), "an index needs at least one key");
                    return Optional.empty();
                }
                List<Located<String>> include = f.get("include").flatMap(this::columns).orElse(List.of());
                Map<String, String> with = new LinkedHashMap<>();
                f.get("with").flatMap(n -> in.entries(n, "expected a mapping of storage parameters")).orElse(List.of())
                        .forEach(e -> in.text(e.value(), "expected a parameter value").ifPresent(v -> with.put(e.key(), v)));
                return Optional.of(new IndexDraft(f.name("name", "an index name"), f.bool("unique").orElse(false),
                        f.bool("nulls_not_distinct").orElse(false),
                        f.name("method", "an index method").map(Located::value).orElse("btree"),
                        keys.get(), include, f.expression("where"), with, comment(f), in.at(item)));
            });
        });
    }

    private Optional<KeyDraft> indexKey(Node item) {
        if (item instanceof ScalarNode) {
            return in.name(item, "a column name").map(c -> new KeyDraft(IndexKey.column(c.value()), Optional.of(c)));
        }
        return in.fields(item, "index key", KEY_KEYS).flatMap(f -> key(f, item));
    }

    /** A column or expression with its ordering and operator class (index keys, exclusion elements). */
    private Optional<KeyDraft> key(NodeReader.Fields f, Node item) {
        if (f.has("column") == f.has("expression")) {
            in.error(item, "expected exactly one of 'column' and 'expression'");
            return Optional.empty();
        }
        boolean descending = f.get("order").flatMap(n -> in.choice(n, ORDERS, "order")).orElse(false);
        boolean nullsFirst = f.get("nulls").flatMap(n -> in.choice(n, NULLS, "nulls position")).orElse(descending);
        Optional<String> opclass = f.get("opclass").flatMap(n -> in.name(n, "an operator class")
                .filter(o -> QualifiedNames.problem(o.value()).map(p -> in.reject(n, "invalid operator class: " + p)).isEmpty()))
                .map(Located::value);
        if (f.has("column")) {
            return f.name("column", "a column name").map(c -> new KeyDraft(
                    new IndexKey(new IndexKey.ColumnTarget(c.value()), opclass, descending, nullsFirst), Optional.of(c)));
        }
        return f.expression("expression").map(e -> new KeyDraft(
                new IndexKey(new IndexKey.ExpressionTarget(e.value()), opclass, descending, nullsFirst), Optional.empty()));
    }

    /** An empty list is reported here; a list whose items all failed was reported item by item. */
    private void emptyList(Optional<Node> node, String message) {
        node.filter(n -> n instanceof SequenceNode seq && seq.getValue().isEmpty()).ifPresent(n -> in.error(n, message));
    }

    private Optional<List<Located<String>>> columns(Node node) {
        return in.names(node, COLUMN_LIST, "a column name");
    }

    private static Optional<String> comment(NodeReader.Fields f) {
        return f.text("comment", "expected a comment");
    }

    private Deferrability deferrability(NodeReader.Fields f) {
        return f.get("deferrable").flatMap(n -> in.choice(n, DEFERRABILITIES, "deferrable setting"))
                .orElse(Deferrability.NOT_DEFERRABLE);
    }

    private Optional<Node> required(NodeReader.Fields f, String key, Node owner, String what) {
        if (!f.has(key)) {
            in.error(owner, what + " needs '" + key + "'");
        }
        return f.get(key);
    }

    private <T> List<T> list(Node node, String expectation, Function<Node, Optional<T>> item) {
        List<T> result = new ArrayList<>();
        in.items(node, expectation).orElse(List.of()).forEach(n -> item.apply(n).ifPresent(result::add));
        return result;
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> ordered(Object... pairs) {
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (V) pairs[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
