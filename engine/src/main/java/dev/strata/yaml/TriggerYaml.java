package dev.strata.yaml;

import dev.strata.expr.Expressions;
import dev.strata.expr.ParseResult;
import dev.strata.model.Deferrability;
import dev.strata.model.QualifiedName;
import dev.strata.model.Trigger;
import dev.strata.naming.PgNames;
import org.yaml.snakeyaml.nodes.Node;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code triggers: { orders.set_updated_at: { timing: before, events: [update], for_each: row,
 * function: public.set_updated_at } }}: a trigger on a table (or view) of the document's schema, keyed by
 * {@code <table>.<name>}. The key splits at its first dot; a table whose name has a dot says so with {@code table:}.
 */
final class TriggerYaml implements ObjectYaml<Trigger> {

    private static final List<String> KEYS = List.of("table", "timing", "events", "update_of", "for_each", "when",
            "referencing", "function", "arguments", "enabled", "comment", "constraint", "deferrable", "from");
    private static final List<String> REFERENCING_KEYS = List.of("old_table", "new_table");
    private static final Map<String, Trigger.Timing> TIMINGS = new LinkedHashMap<>();
    private static final Map<String, Trigger.Event> EVENTS = new LinkedHashMap<>();
    private static final Map<String, Boolean> FOR_EACH = new LinkedHashMap<>();
    private static final Map<String, Trigger.Enabled> ENABLED = new LinkedHashMap<>();

    static {
        TIMINGS.put("before", Trigger.Timing.BEFORE);
        TIMINGS.put("after", Trigger.Timing.AFTER);
        TIMINGS.put("instead of", Trigger.Timing.INSTEAD_OF);
        for (Trigger.Event e : Trigger.Event.values()) {
            EVENTS.put(e.name().toLowerCase(Locale.ROOT), e);
        }
        FOR_EACH.put("row", true);
        FOR_EACH.put("statement", false);
        ENABLED.put("true", Trigger.Enabled.ORIGIN);
        ENABLED.put("false", Trigger.Enabled.DISABLED);
        ENABLED.put("replica", Trigger.Enabled.REPLICA);
        ENABLED.put("always", Trigger.Enabled.ALWAYS);
    }

    @Override
    public String kind() {
        return Trigger.KIND;
    }

    @Override
    public String section() {
        return "triggers";
    }

    @Override
    public Class<Trigger> type() {
        return Trigger.class;
    }

    /** Two names joined by a dot may be longer than one: each is checked when the entry is read. */
    @Override
    public Optional<Located<String>> key(String text, Node keyNode, NodeReader in) {
        if (text.indexOf('\0') >= 0) {
            in.error(keyNode, "expected '<table>.<trigger name>'");
            return Optional.empty();
        }
        return Optional.of(new Located<>(text, in.at(keyNode)));
    }

    @Override
    public Optional<Trigger> read(Located<String> key, Node definition, NodeReader in) {
        throw new IllegalStateException("a trigger is read with its document's schema");
    }

    @Override
    public Optional<Trigger> read(String schema, Located<String> key, Node definition, NodeReader in) {
        String what = "trigger '" + key.value() + "'";
        return in.fields(definition, what, KEYS).flatMap(f -> {
            var names = names(key, f.name("table", "a table name").map(Located::value), in);
            var timing = required(f, "timing", what, in).flatMap(n -> in.choice(n, TIMINGS, "trigger timing"));
            var events = required(f, "events", what, in).flatMap(n -> events(n, in));
            var forEachRow = required(f, "for_each", what, in).flatMap(n -> in.choice(n, FOR_EACH, "for_each"));
            var function = required(f, "function", what, in).flatMap(n -> function(n, in));
            Optional<List<String>> updateOf = f.get("update_of").isPresent()
                    ? f.get("update_of").flatMap(n -> in.names(n, "expected a list of column names", "a column name"))
                            .map(l -> l.stream().map(Located::value).toList())
                    : Optional.of(List.of());
            Optional<String> when = f.expression("when").map(Located::value);
            boolean whenOk = f.get("when").isEmpty() || when.isPresent() && condition(when.get(), f.get("when").get(), in);
            var referencing = f.get("referencing").map(n -> in.fields(n, "referencing", REFERENCING_KEYS));
            Optional<String> oldTable = referencing.flatMap(r -> r.flatMap(x -> x.name("old_table", "a transition table name")))
                    .map(Located::value);
            Optional<String> newTable = referencing.flatMap(r -> r.flatMap(x -> x.name("new_table", "a transition table name")))
                    .map(Located::value);
            Optional<List<String>> arguments = f.get("arguments").isPresent()
                    ? f.get("arguments").flatMap(n -> arguments(n, in)) : Optional.of(List.of());
            var enabled = f.get("enabled").map(n -> in.choice(n, ENABLED, "enabled state"));
            Optional<String> comment = f.text("comment", "expected a comment");
            var constraint = constraint(schema, f, in);
            if (constraint.isEmpty()) {
                return Optional.empty();
            }
            if (constraint.get().isPresent() && (timing.filter(t -> t != Trigger.Timing.AFTER).isPresent()
                    || forEachRow.filter(r -> !r).isPresent() || f.has("referencing"))) {
                in.error(f.get("constraint").orElseThrow(), "a constraint trigger is timing: after, for_each: row,"
                        + " without referencing");
                return Optional.empty();
            }
            if (names.isEmpty() || timing.isEmpty() || events.isEmpty() || forEachRow.isEmpty() || function.isEmpty()
                    || updateOf.isEmpty() || !whenOk || arguments.isEmpty() || enabled.map(Optional::isEmpty).orElse(false)
                    || referencing.map(Optional::isEmpty).orElse(false)) {
                return Optional.empty();
            }
            if (!updateOf.get().isEmpty() && !events.get().contains(Trigger.Event.UPDATE)) {
                in.error(f.get("update_of").get(), "update_of needs the update event");
                return Optional.empty();
            }
            return Optional.of(new Trigger(QualifiedName.of(schema, names.get().get(0)), names.get().get(1), timing.get(),
                    events.get(), updateOf.get(), forEachRow.get(), when, oldTable, newTable, function.get(),
                    arguments.get(), enabled.flatMap(e -> e).orElse(Trigger.Enabled.ORIGIN), comment, constraint.get()));
        });
    }

    /**
     * {@code constraint: true} with {@code deferrable} (as a constraint's) and {@code from} (schema.name, or a bare
     * name in the document's schema); present and empty for a plain trigger, empty when an error was reported.
     */
    private static Optional<Optional<Trigger.Constraint>> constraint(String schema, NodeReader.Fields f, NodeReader in) {
        var constraint = f.bool("constraint");
        if (f.has("constraint") && constraint.isEmpty()) {
            return Optional.empty();
        }
        if (!constraint.orElse(false)) {
            boolean ok = true;
            for (String k : List.of("deferrable", "from")) {
                if (f.has(k)) {
                    in.error(f.get(k).orElseThrow(), k + " applies only to a constraint trigger (constraint: true)");
                    ok = false;
                }
            }
            return ok ? Optional.of(Optional.empty()) : Optional.empty();
        }
        var deferrable = f.get("deferrable").map(n -> in.choice(n, ConstraintReader.DEFERRABILITIES, "deferrable setting"));
        var from = f.get("from").map(n -> in.text(n, "expected a table as schema.name").flatMap(text -> {
            int dot = text.indexOf('.');
            var tableSchema = dot < 0 ? Optional.of(schema)
                    : in.checkedName(text.substring(0, dot), n, "a schema name").map(Located::value);
            var table = in.checkedName(text.substring(dot + 1), n, "a table name").map(Located::value);
            return tableSchema.isEmpty() || table.isEmpty() ? Optional.<QualifiedName>empty()
                    : Optional.of(QualifiedName.of(tableSchema.get(), table.get()));
        }));
        if (deferrable.filter(Optional::isEmpty).isPresent() || from.filter(Optional::isEmpty).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(Optional.of(new Trigger.Constraint(deferrable.flatMap(d -> d)
                .orElse(Deferrability.NOT_DEFERRABLE), from.flatMap(x -> x))));
    }

    /** The table and the trigger's name the key joins. */
    private static Optional<List<String>> names(Located<String> key, Optional<String> table, NodeReader in) {
        String k = key.value();
        String tableName;
        if (table.isPresent()) {
            if (!k.startsWith(table.get() + ".")) {
                in.error(key.at(), "trigger key '" + k + "' must be '<table>.<trigger name>' with table '" + table.get() + "'");
                return Optional.empty();
            }
            tableName = table.get();
        } else {
            int dot = k.indexOf('.');
            if (dot <= 0) {
                in.error(key.at(), "expected '<table>.<trigger name>' as the key of a trigger, e.g."
                        + " 'orders.set_updated_at'");
                return Optional.empty();
            }
            tableName = k.substring(0, dot);
        }
        String name = k.substring(tableName.length() + 1);
        for (String part : List.of(tableName, name)) {
            if (part.isEmpty()) {
                in.error(key.at(), "expected '<table>.<trigger name>' as the key of a trigger, e.g. 'orders.set_updated_at'");
                return Optional.empty();
            }
            if (PgNames.byteLength(part) > PgNames.MAX_BYTES) {
                in.error(key.at(), "name '" + part + "' is longer than 63 bytes; PostgreSQL would truncate it to '"
                        + PgNames.truncate(part) + "'");
                return Optional.empty();
            }
        }
        return Optional.of(List.of(tableName, name));
    }

    private static Optional<Node> required(NodeReader.Fields f, String key, String what, NodeReader in) {
        if (!f.has(key)) {
            in.error(f.node(), what + " needs " + key);
        }
        return f.get(key);
    }

    private static Optional<List<Trigger.Event>> events(Node node, NodeReader in) {
        return in.items(node, "expected a list of events: insert, update, delete, truncate").flatMap(items -> {
            if (items.isEmpty()) {
                in.error(node, "expected at least one event: insert, update, delete, truncate");
                return Optional.empty();
            }
            List<Trigger.Event> events = new ArrayList<>();
            var seen = new HashSet<Trigger.Event>();
            boolean ok = true;
            for (Node item : items) {
                var event = in.choice(item, EVENTS, "trigger event");
                if (event.isPresent() && !seen.add(event.get())) {
                    in.error(item, "event '" + event.get().name().toLowerCase(Locale.ROOT) + "' is listed twice");
                    ok = false;
                }
                ok &= event.isPresent();
                event.ifPresent(events::add);
            }
            return ok ? Optional.of(events) : Optional.empty();
        });
    }

    /** {@code schema.name}: a trigger may call a function of any schema, so the schema is always written. */
    private static Optional<QualifiedName> function(Node node, NodeReader in) {
        return in.text(node, "expected the trigger function as schema.name").flatMap(text -> {
            int dot = text.indexOf('.');
            if (dot <= 0) {
                in.error(node, "expected the trigger function as schema.name, e.g. public.set_updated_at");
                return Optional.empty();
            }
            var schema = in.checkedName(text.substring(0, dot), node, "a schema name");
            var name = in.checkedName(text.substring(dot + 1), node, "a function name");
            return schema.isEmpty() || name.isEmpty() ? Optional.empty()
                    : Optional.of(QualifiedName.of(schema.get().value(), name.get().value()));
        });
    }

    private static Optional<List<String>> arguments(Node node, NodeReader in) {
        return in.items(node, "expected a list of arguments (text)").flatMap(items -> {
            List<String> arguments = new ArrayList<>();
            boolean ok = true;
            for (Node item : items) {
                var text = in.text(item, "expected an argument (text)");
                if (text.isPresent() && text.get().indexOf('\0') >= 0) {
                    in.error(item, "an argument cannot hold a NUL character");
                    text = Optional.empty();
                }
                ok &= text.isPresent();
                text.ifPresent(arguments::add);
            }
            return ok ? Optional.of(arguments) : Optional.empty();
        });
    }

    /**
     * Checks the condition as {@code ExpressionDiagnostics} checks a column's: it reaches the server inside
     * {@code WHEN (…)}, so text that is not one expression (a {@code ;}, a comment, an unbalanced bracket) stops here.
     * Its columns are the table's through {@code NEW} and {@code OLD}, which the table's YAML may not be beside, so
     * names are not checked.
     */
    private static boolean condition(String when, Node node, NodeReader in) {
        var names = new HashSet<String>();
        Expressions.columnReferences(when).ifPresent(l -> l.forEach(n -> names.add(n.name())));
        if (Expressions.parse(when, names) instanceof ParseResult.Invalid invalid) {
            invalid.errors().forEach(e -> in.error(node, "when: " + e.message()));
            return false;
        }
        return true;
    }

    @Override
    public Node write(Trigger t) {
        var map = new YamlNodes.Map();
        if (t.table().name().indexOf('.') >= 0) {
            map.put("table", t.table().name());
        }
        map.put("timing", t.timing().sql().toLowerCase(Locale.ROOT));
        map.put("events", YamlNodes.strings(t.events().stream().map(e -> e.name().toLowerCase(Locale.ROOT)).toList()));
        if (!t.updateOf().isEmpty()) {
            map.put("update_of", YamlNodes.strings(t.updateOf()));
        }
        map.put("for_each", t.forEachRow() ? "row" : "statement");
        if (t.oldTable().isPresent() || t.newTable().isPresent()) {
            var referencing = new YamlNodes.Map();
            t.oldTable().ifPresent(o -> referencing.put("old_table", o));
            t.newTable().ifPresent(n -> referencing.put("new_table", n));
            map.put("referencing", referencing.node());
        }
        t.when().ifPresent(w -> map.put("when", w));
        map.put("function", t.function().schema() + "." + t.function().name());
        if (!t.arguments().isEmpty()) {
            map.put("arguments", YamlNodes.strings(t.arguments()));
        }
        switch (t.enabled()) {
            case ORIGIN -> { }
            case DISABLED -> map.put("enabled", YamlNodes.bool(false));
            case REPLICA -> map.put("enabled", "replica");
            case ALWAYS -> map.put("enabled", "always");
        }
        t.comment().ifPresent(c -> map.put("comment", c));
        t.constraint().ifPresent(c -> {
            map.put("constraint", YamlNodes.bool(true));
            switch (c.deferrability()) {
                case NOT_DEFERRABLE -> { }
                case DEFERRABLE_INITIALLY_IMMEDIATE -> map.put("deferrable", "initially immediate");
                case DEFERRABLE_INITIALLY_DEFERRED -> map.put("deferrable", "initially deferred");
            }
            c.from().ifPresent(from -> map.put("from", from.schema() + "." + from.name()));
        });
        return map.node();
    }
}
