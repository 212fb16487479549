package dev.strata.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An ordinary aggregate ({@code CREATE AGGREGATE}; {@code pg_aggregate} rows of {@code aggkind} 'n': ordered-set and
 * hypothetical-set aggregates stay unmanaged), as PostgreSQL holds it: argument and state types as {@code format_type}
 * prints them (user types schema-qualified), the support functions by schema and name, the initial conditions as the
 * text {@code agginitval} keeps (an empty string is a condition, unlike none). Its key is the name and the argument
 * types, {@code name(integer, text)}, or {@code name(*)} for an aggregate without arguments, as
 * {@code pg_identify_object} prints it.
 *
 * <p>A support function is named without its argument types: PostgreSQL finds it by the types the aggregate passes
 * ({@link #functionsNeeded()}), so that is also what the aggregate needs in the dependency graph. The result type is
 * not held: it is the final function's result (or the state type), decided by PostgreSQL.
 *
 * @param arguments     {@code IN} or {@code VARIADIC}, optionally named; empty for {@code name(*)}
 * @param sortOperator  {@code SORTOP}, as {@code sql.OperatorNames} writes it: unqualified in {@code pg_catalog}
 */
public record Aggregate(String name, List<Routine.Argument> arguments, Transition state, Optional<Final> finalFunction,
        Optional<QualifiedName> combineFunction, Optional<QualifiedName> serialFunction,
        Optional<QualifiedName> deserialFunction, Optional<Moving> moving, Optional<String> sortOperator,
        Routine.Parallel parallel, Optional<String> comment) implements SchemaObject {

    public static final String KIND = "aggregate";

    /** {@code FINALFUNC_MODIFY}: what the final function may do to the state; {@code READ_ONLY} is the default. */
    public enum Modify { READ_ONLY, SHAREABLE, READ_WRITE }

    /**
     * A state transition: {@code SFUNC}, {@code STYPE}, {@code SSPACE} (0: PostgreSQL's estimate) and
     * {@code INITCOND}, or their moving-aggregate twins.
     */
    public record Transition(QualifiedName function, String type, int space, Optional<String> initialValue) {
        public Transition {
            Names.requireValid(type, "state type");
            if (space < 0) {
                throw new IllegalArgumentException("a state space is not negative");
            }
            if (initialValue.filter(v -> v.indexOf('\0') >= 0).isPresent()) {
                throw new IllegalArgumentException("an initial condition cannot contain NUL");
            }
        }
    }

    /** {@code FINALFUNC}, {@code FINALFUNC_EXTRA} and {@code FINALFUNC_MODIFY} (or the moving ones). */
    public record Final(QualifiedName function, boolean extra, Modify modify) {}

    /** The moving-aggregate mode: {@code MSFUNC}, {@code MINVFUNC}, {@code MSTYPE}, … */
    public record Moving(Transition state, QualifiedName inverse, Optional<Final> finalFunction) {}

    public Aggregate {
        Names.requireValid(name, KIND);
        arguments = List.copyOf(arguments);
        for (Routine.Argument a : arguments) {
            if ((a.mode() != Routine.Mode.IN && a.mode() != Routine.Mode.VARIADIC) || a.defaultValue().isPresent()) {
                throw new IllegalArgumentException("an aggregate's arguments are IN or VARIADIC, without defaults");
            }
        }
        if (serialFunction.isPresent() != deserialFunction.isPresent()) {
            throw new IllegalArgumentException("an aggregate has a serial function and a deserial function, or neither");
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String key() {
        return key(name, argumentTypes());
    }

    /** {@code name(types)}, {@code name(*)} without arguments. */
    public static String key(String name, List<String> types) {
        return name + "(" + (types.isEmpty() ? "*" : String.join(", ", types)) + ")";
    }

    public List<String> argumentTypes() {
        return arguments.stream().map(Routine.Argument::type).toList();
    }

    public Aggregate withComment(Optional<String> newComment) {
        return new Aggregate(name, arguments, state, finalFunction, combineFunction, serialFunction, deserialFunction,
                moving, sortOperator, parallel, newComment);
    }

    /**
     * Whether {@code CREATE OR REPLACE AGGREGATE} can turn {@code this} (the live aggregate) into {@code desired}:
     * PostgreSQL refuses another result type, which is the final function's (the same one when its name, its extra
     * arguments and the state type it is passed stay) or, without one, the state type.
     */
    public boolean replaceableBy(Aggregate desired) {
        if (!argumentTypes().equals(desired.argumentTypes()) || !state.type().equals(desired.state.type())) {
            return false;
        }
        if (finalFunction.isEmpty() || desired.finalFunction.isEmpty()) {
            return finalFunction.isEmpty() && desired.finalFunction.isEmpty();
        }
        return finalFunction.get().function().equals(desired.finalFunction.get().function())
                && finalFunction.get().extra() == desired.finalFunction.get().extra();
    }

    /** The support functions as PostgreSQL looks them up: each name with the argument types the aggregate passes it. */
    public Set<ObjectName> functionsNeeded() {
        Set<ObjectName> needs = new LinkedHashSet<>();
        List<String> types = argumentTypes();
        String stype = state.type();
        needs.add(function(state.function(), prepend(stype, types)));
        finalFunction.ifPresent(f -> needs.add(function(f.function(), f.extra() ? prepend(stype, types) : List.of(stype))));
        combineFunction.ifPresent(f -> needs.add(function(f, List.of(stype, stype))));
        serialFunction.ifPresent(f -> needs.add(function(f, List.of("internal"))));
        deserialFunction.ifPresent(f -> needs.add(function(f, List.of("bytea", "internal"))));
        moving.ifPresent(m -> {
            String mstype = m.state().type();
            needs.add(function(m.state().function(), prepend(mstype, types)));
            needs.add(function(m.inverse(), prepend(mstype, types)));
            m.finalFunction().ifPresent(f -> needs.add(function(f.function(), f.extra() ? prepend(mstype, types) : List.of(mstype))));
        });
        return needs;
    }

    /** The types the aggregate names: its arguments' and its states'. */
    public List<String> typesNamed() {
        List<String> named = new ArrayList<>(argumentTypes());
        named.add(state.type());
        moving.ifPresent(m -> named.add(m.state().type()));
        return named;
    }

    /** Its support functions: created before it, dropped after it. */
    @Override
    public Set<ObjectName> needs() {
        return functionsNeeded();
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private static ObjectName function(QualifiedName function, List<String> types) {
        return ObjectName.of("function", function.schema(), function.name() + "(" + String.join(", ", types) + ")");
    }
}
