package dev.strata.model;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * A trigger on a table or view of its schema ({@code CREATE TRIGGER}), as {@code pg_trigger} holds it. Its name is
 * unique per table, so its key is {@code <table>.<name>}. {@code when} is the condition as written, or as
 * {@code pg_get_triggerdef} prints it for a pulled trigger; a declared condition is satisfied by the server's print
 * of the same expression (the differ's expression equivalence: layout, parentheses, keyword case and literal casts aside; {@code NEW.c} and
 * {@code OLD.c} read as names).
 * {@code function} is the trigger function's schema and name; trigger functions take no declared arguments, so it
 * is the function {@code name()}. Strata's own sync triggers are never one of these: the catalog leaves them out.
 *
 * @param table     the table (or view, for INSTEAD OF) in the trigger's own schema
 * @param events    distinct, in PostgreSQL's order (INSERT, DELETE, UPDATE, TRUNCATE)
 * @param updateOf  the columns of {@code UPDATE OF}, in the order given; empty for any column
 * @param oldTable  the transition table {@code REFERENCING OLD TABLE AS} names
 * @param arguments the literal arguments the function receives in {@code TG_ARGV}
 * @param constraint present for a {@code CREATE CONSTRAINT TRIGGER} (always AFTER, FOR EACH ROW, no transition tables)
 */
public record Trigger(QualifiedName table, String name, Timing timing, List<Event> events, List<String> updateOf,
                      boolean forEachRow, Optional<String> when, Optional<String> oldTable, Optional<String> newTable,
                      QualifiedName function, List<String> arguments, Enabled enabled, Optional<String> comment,
                      Optional<Constraint> constraint)
        implements SchemaObject {

    /** What a constraint trigger adds: when it fires ({@code DEFERRABLE …}) and the table {@code FROM} names. */
    public record Constraint(Deferrability deferrability, Optional<QualifiedName> from) {}

    /** A plain trigger (not a constraint trigger). */
    public Trigger(QualifiedName table, String name, Timing timing, List<Event> events, List<String> updateOf,
            boolean forEachRow, Optional<String> when, Optional<String> oldTable, Optional<String> newTable,
            QualifiedName function, List<String> arguments, Enabled enabled, Optional<String> comment) {
        this(table, name, timing, events, updateOf, forEachRow, when, oldTable, newTable, function, arguments, enabled,
                comment, Optional.empty());
    }

    public static final String KIND = "trigger";

    public enum Timing {
        BEFORE, AFTER, INSTEAD_OF;

        public String sql() {
            return name().replace('_', ' ');
        }
    }

    /** In the order of their {@code tgtype} bits, which is the order PostgreSQL prints them in. */
    public enum Event { INSERT, DELETE, UPDATE, TRUNCATE }

    /** {@code tgenabled}: when the trigger fires, as {@code session_replication_role} decides. */
    public enum Enabled {
        /** 'O': in the origin and local roles (the default). */
        ORIGIN("O"),
        /** 'D': never. */
        DISABLED("D"),
        /** 'R': only in the replica role. */
        REPLICA("R"),
        /** 'A': always. */
        ALWAYS("A");

        private final String code;

        Enabled(String code) {
            this.code = code;
        }

        public static Enabled ofCode(String code) {
            for (Enabled e : values()) {
                if (e.code.equals(code)) {
                    return e;
                }
            }
            throw new IllegalArgumentException("unknown tgenabled " + code);
        }
    }

    public Trigger {
        Names.requireValid(name, "trigger");
        if (events.isEmpty()) {
            throw new IllegalArgumentException("trigger " + name + " has no event");
        }
        events = events.stream().distinct().sorted().toList();
        updateOf = List.copyOf(updateOf);
        updateOf.forEach(c -> Names.requireValid(c, "column"));
        oldTable.ifPresent(t -> Names.requireValid(t, "transition table"));
        newTable.ifPresent(t -> Names.requireValid(t, "transition table"));
        arguments = List.copyOf(arguments);
        if (arguments.stream().anyMatch(a -> a.indexOf('\0') >= 0)) {
            throw new IllegalArgumentException("trigger " + name + " has an argument with a NUL character");
        }
        if (constraint.isPresent() && (timing != Timing.AFTER || !forEachRow || oldTable.isPresent() || newTable.isPresent())) {
            throw new IllegalArgumentException("constraint trigger " + name + " must be AFTER, FOR EACH ROW, without transition tables");
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String key() {
        return table.name() + "." + name;
    }

    /** The function's key as the functions kind has it: {@code name()} (a trigger function takes no arguments). */
    public ObjectName functionName() {
        return ObjectName.of("function", function.schema(), function.name() + "()");
    }

    /**
     * Equal, but for the condition, which is compared as an expression (a declared one is written by hand, the
     * current one printed by PostgreSQL), and {@code UPDATE OF}, whose order does not change when the trigger fires.
     */
    @Override
    public boolean satisfiedBy(SchemaObject current, BiPredicate<String, String> sameExpression) {
        if (!(current instanceof Trigger t)) {
            return false;
        }
        boolean sameWhen = when.isEmpty() ? t.when.isEmpty()
                : t.when.isPresent() && sameExpression.test(t.when.get(), when.get());
        return sameWhen && new Trigger(table, name, timing, events, t.updateOf.size() == updateOf.size()
                && new HashSet<>(t.updateOf).equals(new HashSet<>(updateOf)) ? t.updateOf : updateOf, forEachRow,
                t.when, oldTable, newTable, function, arguments, enabled, comment, constraint).equals(t);
    }


    /** The same trigger, as it would be with another enabled state. */
    public Trigger withEnabled(Enabled state) {
        return new Trigger(table, name, timing, events, updateOf, forEachRow, when, oldTable, newTable, function,
                arguments, state, comment, constraint);
    }

    /** The same trigger on {@code renamed}: where a table's rename takes it. */
    public Trigger onTable(QualifiedName renamed) {
        return new Trigger(renamed, name, timing, events, updateOf, forEachRow, when, oldTable, newTable, function,
                arguments, enabled, comment, constraint);
    }

    public Trigger withWhen(Optional<String> condition) {
        return new Trigger(table, name, timing, events, updateOf, forEachRow, condition, oldTable, newTable, function,
                arguments, enabled, comment, constraint);
    }

    public Trigger withComment(Optional<String> text) {
        return new Trigger(table, name, timing, events, updateOf, forEachRow, when, oldTable, newTable, function,
                arguments, enabled, text, constraint);
    }

    /**
     * The table (view), the columns {@code UPDATE OF} names, the function and a constraint trigger's {@code FROM}
     * table: what must exist while the trigger does.
     */
    @Override
    public Set<ObjectName> needs() {
        Set<ObjectName> needs = new HashSet<>();
        // INSTEAD OF is for views only.
        needs.add(ObjectName.of(timing == Timing.INSTEAD_OF ? ObjectName.VIEW : ObjectName.TABLE, table));
        updateOf.forEach(c -> needs.add(ObjectName.column(table, c)));
        needs.add(functionName());
        constraint.flatMap(Constraint::from).ifPresent(t -> needs.add(ObjectName.of(ObjectName.TABLE, t)));
        return Set.copyOf(needs);
    }
}
