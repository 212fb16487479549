package dev.strata.ddl;

import dev.strata.model.Aggregate;
import dev.strata.model.ObjectName;
import dev.strata.model.QualifiedName;
import dev.strata.model.Routine;
import dev.strata.sql.Identifiers;
import dev.strata.sql.Literals;
import dev.strata.sql.OperatorNames;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code CREATE [OR REPLACE] AGGREGATE}, {@code DROP AGGREGATE name(types)} and {@code COMMENT ON AGGREGATE}. An
 * aggregate is named by its schema and its key ({@code name(types)}, {@code name(*)}); its support functions are
 * written schema-qualified (PostgreSQL finds each by the types the aggregate passes it), types as the model's
 * canonical text, initial conditions as literals. No {@code CASCADE}: a drop fails while a view calls the aggregate.
 */
public sealed interface AggregateStatement extends ObjectStatement {

    QualifiedName aggregate();

    default ObjectName self() {
        return ObjectName.of(Aggregate.KIND, aggregate());
    }

    /** {@code AGGREGATE public.a(integer, text)}, {@code AGGREGATE public.a(*)}: how {@code DROP} and {@code COMMENT ON} name it. */
    static String signature(QualifiedName name, List<String> types) {
        String aggregateName = name.name().substring(0, name.name().indexOf('('));
        return "AGGREGATE " + Identifiers.qualified(name.schema(), aggregateName) + "("
                + (types.isEmpty() ? "*" : String.join(", ", types)) + ")";
    }

    /**
     * @param replace {@code CREATE OR REPLACE} of an aggregate that exists (same identity and result); a new one is a
     *                plain {@code CREATE}, which fails rather than replace one created meanwhile
     */
    record Create(QualifiedName aggregate, Aggregate definition, boolean replace) implements AggregateStatement {

        public String render() {
            List<String> options = new ArrayList<>();
            transition(options, "", definition.state());
            definition.finalFunction().ifPresent(f -> finalOptions(options, "", f));
            definition.combineFunction().ifPresent(f -> options.add("COMBINEFUNC = " + function(f)));
            definition.serialFunction().ifPresent(f -> options.add("SERIALFUNC = " + function(f)));
            definition.deserialFunction().ifPresent(f -> options.add("DESERIALFUNC = " + function(f)));
            definition.state().initialValue().ifPresent(v -> options.add("INITCOND = " + Literals.quote(v)));
            definition.moving().ifPresent(m -> {
                transition(options, "M", m.state());
                options.add("MINVFUNC = " + function(m.inverse()));
                m.finalFunction().ifPresent(f -> finalOptions(options, "M", f));
                m.state().initialValue().ifPresent(v -> options.add("MINITCOND = " + Literals.quote(v)));
            });
            definition.sortOperator().ifPresent(o -> {
                var op = OperatorNames.parse(o);
                options.add("SORTOP = " + (op.schema().isPresent() ? "OPERATOR(" + op.sql() + ")" : op.sql()));
            });
            if (definition.parallel() != Routine.Parallel.UNSAFE) {
                options.add("PARALLEL = " + definition.parallel());
            }
            String arguments = definition.arguments().isEmpty() ? "*"
                    : definition.arguments().stream().map(RoutineStatement::argument).collect(Collectors.joining(", "));
            return (replace ? "CREATE OR REPLACE AGGREGATE " : "CREATE AGGREGATE ")
                    + Identifiers.qualified(aggregate.schema(), definition.name()) + "(" + arguments + ") ("
                    + String.join(", ", options) + ")";
        }

        private static void transition(List<String> options, String prefix, Aggregate.Transition t) {
            options.add(prefix + "SFUNC = " + function(t.function()));
            options.add(prefix + "STYPE = " + t.type());
            if (t.space() != 0) {
                options.add(prefix + "SSPACE = " + t.space());
            }
        }

        private static void finalOptions(List<String> options, String prefix, Aggregate.Final f) {
            options.add(prefix + "FINALFUNC = " + function(f.function()));
            if (f.extra()) {
                options.add(prefix + "FINALFUNC_EXTRA");
            }
            if (f.modify() != Aggregate.Modify.READ_ONLY) {
                options.add(prefix + "FINALFUNC_MODIFY = " + f.modify());
            }
        }

        private static String function(QualifiedName f) {
            return Identifiers.qualified(f.schema(), f.name());
        }

        public Set<ObjectName> creates() {
            return replace ? Set.of() : Set.of(self());
        }

        public Set<ObjectName> drops() {
            return Set.of();
        }

        /** Its schema, its support functions, and the user types (or tables' row types) it names. */
        public Set<ObjectName> needs() {
            Set<ObjectName> needs = new LinkedHashSet<>();
            needs.add(ObjectName.of(ObjectName.SCHEMA, aggregate.schema(), aggregate.schema()));
            if (replace) {
                needs.add(self());
            }
            needs.addAll(definition.functionsNeeded());
            needs.addAll(RoutineStatement.typesNeeded(definition.typesNamed()));
            return needs;
        }
    }

    record Drop(QualifiedName aggregate, List<String> types) implements AggregateStatement {

        public Drop {
            types = List.copyOf(types);
        }

        public static Drop of(QualifiedName aggregate, Aggregate definition) {
            return new Drop(aggregate, definition.argumentTypes());
        }

        public String render() {
            return "DROP " + signature(aggregate, types);
        }

        public Set<ObjectName> creates() {
            return Set.of();
        }

        public Set<ObjectName> drops() {
            return Set.of(self());
        }

        public Set<ObjectName> needs() {
            return Set.of();
        }
    }

    record Comment(QualifiedName aggregate, List<String> types, Optional<String> comment) implements AggregateStatement {

        public Comment {
            types = List.copyOf(types);
        }

        public static Comment of(QualifiedName aggregate, Aggregate definition) {
            return new Comment(aggregate, definition.argumentTypes(), definition.comment());
        }

        public String render() {
            return "COMMENT ON " + signature(aggregate, types) + " IS " + comment.map(Literals::quote).orElse("NULL");
        }

        public Set<ObjectName> creates() {
            return Set.of();
        }

        public Set<ObjectName> drops() {
            return Set.of();
        }

        public Set<ObjectName> needs() {
            return Set.of(self());
        }
    }

    /** A new aggregate with everything it declares. */
    static List<Statement> create(QualifiedName name, Aggregate definition) {
        List<Statement> statements = new ArrayList<>();
        statements.add(new Create(name, definition, false));
        definition.comment().ifPresent(c -> statements.add(Comment.of(name, definition)));
        return List.copyOf(statements);
    }

    /** {@code CREATE OR REPLACE} with {@code definition}'s options, and its comment if it changes. */
    static List<Statement> replace(QualifiedName name, Aggregate current, Aggregate definition) {
        List<Statement> statements = new ArrayList<>();
        statements.add(new Create(name, definition, true));
        if (!current.comment().equals(definition.comment())) {
            statements.add(Comment.of(name, definition));
        }
        return List.copyOf(statements);
    }

    /** Aggregates. */
    ObjectDdl<Aggregate> DDL = new ObjectDdl<>() {
        public String kind() {
            return Aggregate.KIND;
        }

        public Class<Aggregate> type() {
            return Aggregate.class;
        }

        /** Before tables, after the functions it is built from (its needs); a view may call it. */
        public Placement placement() {
            return Placement.BEFORE_TABLES;
        }

        public List<Statement> create(QualifiedName name, Aggregate aggregate) {
            return AggregateStatement.create(name, aggregate);
        }
    };
}
