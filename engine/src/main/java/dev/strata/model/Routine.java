package dev.strata.model;

import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A function or a procedure ({@code pg_proc} rows of {@code prokind} 'f' and 'p'; aggregates are {@link Aggregate}s,
 * window functions stay unmanaged), in the text PostgreSQL prints: argument and result types as {@code format_type} and
 * {@code pg_get_function_result} write them (user types schema-qualified), defaults as
 * {@code pg_get_function_arguments} deparses them, the body as {@code prosrc} holds it (the text between the dollar
 * quotes, byte for byte). A function and a procedure are one record of two kinds, {@code function} and
 * {@code procedure}, as {@code pg_identify_object} names them; its key is the name and the input argument types,
 * {@code name(integer, text)}, which is how PostgreSQL tells overloads apart.
 *
 * <p>{@code returns} is empty for a procedure. {@code cost} and {@code rows} are empty when they are PostgreSQL's
 * default for the routine ({@link #defaultCost}, {@link #defaultRows}), so a declaration that leaves them out matches.
 * {@code settings} are {@code proconfig}: each name (lower case) and its value as PostgreSQL stores it
 * ({@code search_path} → {@code public, pg_temp}).
 *
 * <p>{@code bodyForm} says how the body is written: {@link BodyForm#QUOTED}, a string constant ({@code AS $$…$$},
 * {@code prosrc}), or {@link BodyForm#STANDARD}, a SQL-standard body ({@code RETURN expr} or
 * {@code BEGIN ATOMIC … END}, PostgreSQL 14 and later), which PostgreSQL parses at creation and keeps as a parse tree:
 * the body is then its text as {@code pg_get_function_sqlbody} prints it, and the routine depends (in
 * {@code pg_depend}) on the tables and functions it names, so it must be created after them.
 */
public record Routine(Kind routineKind, String name, List<Argument> arguments, Optional<String> returns, String language,
        Volatility volatility, boolean strict, boolean securityDefiner, boolean leakproof, Parallel parallel,
        Optional<BigDecimal> cost, Optional<BigDecimal> rows, Map<String, String> settings, String body,
        Optional<String> comment, BodyForm bodyForm) implements SchemaObject {

    /** How a routine's body is written: a string constant, or a SQL-standard body PostgreSQL parses at creation. */
    public enum BodyForm { QUOTED, STANDARD }

    /** A routine with a string-constant body ({@code AS $$…$$}). */
    public Routine(Kind routineKind, String name, List<Argument> arguments, Optional<String> returns, String language,
            Volatility volatility, boolean strict, boolean securityDefiner, boolean leakproof, Parallel parallel,
            Optional<BigDecimal> cost, Optional<BigDecimal> rows, Map<String, String> settings, String body,
            Optional<String> comment) {
        this(routineKind, name, arguments, returns, language, volatility, strict, securityDefiner, leakproof, parallel,
                cost, rows, settings, body, comment, BodyForm.QUOTED);
    }

    public enum Kind {
        FUNCTION("function"), PROCEDURE("procedure");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        /** The kind as plans, settings and {@code CatalogSql.UNMANAGED} name it; also the SQL keyword, in lower case. */
        public String word() {
            return word;
        }
    }

    public enum Mode { IN, OUT, INOUT, VARIADIC }

    public enum Volatility { VOLATILE, STABLE, IMMUTABLE }

    public enum Parallel { UNSAFE, RESTRICTED, SAFE }

    /** One argument; {@code type} as {@code format_type} prints it, {@code defaultValue} as PostgreSQL deparses it. */
    public record Argument(Mode mode, Optional<String> name, String type, Optional<String> defaultValue) {
        public Argument {
            name.ifPresent(n -> Names.requireValid(n, "argument"));
            Names.requireValid(type, "argument type");
        }

        /** Whether the argument is part of the routine's identity: a function's OUT arguments are not. */
        boolean identifies(Kind kind) {
            return mode != Mode.OUT || kind == Kind.PROCEDURE;
        }
    }

    public Routine {
        Names.requireValid(name, routineKind.word());
        arguments = List.copyOf(arguments);
        settings = Map.copyOf(new TreeMap<>(settings));
        cost = cost.map(BigDecimal::stripTrailingZeros);
        rows = rows.map(BigDecimal::stripTrailingZeros);
        if (routineKind == Kind.PROCEDURE && returns.isPresent()) {
            throw new IllegalArgumentException("a procedure returns nothing");
        }
        if (routineKind == Kind.FUNCTION && returns.isEmpty()) {
            throw new IllegalArgumentException("a function needs a result type");
        }
        if (bodyForm == BodyForm.STANDARD && !language.equals("sql")) {
            throw new IllegalArgumentException("a SQL-standard body is LANGUAGE sql");
        }
    }

    @Override
    public String kind() {
        return routineKind.word();
    }

    @Override
    public String key() {
        return name + "(" + identityTypes().stream().collect(Collectors.joining(", ")) + ")";
    }

    /** The argument types PostgreSQL identifies the routine by, in order. */
    public List<String> identityTypes() {
        return arguments.stream().filter(a -> a.identifies(routineKind)).map(Argument::type).toList();
    }

    /** What {@code pg_get_function_result} prints when the function has OUT arguments and no declared result. */
    public static Optional<String> resultOfOutArguments(List<Argument> arguments) {
        List<Argument> out = arguments.stream().filter(a -> a.mode() == Mode.OUT || a.mode() == Mode.INOUT).toList();
        return switch (out.size()) {
            case 0 -> Optional.empty();
            case 1 -> Optional.of(out.getFirst().type());
            default -> Optional.of("record");
        };
    }

    /** Whether the function returns a set ({@code SETOF …} or {@code TABLE(…)}). */
    public boolean returnsSet() {
        return returns.filter(r -> r.startsWith("SETOF ") || r.startsWith("TABLE(")).isPresent();
    }

    /** {@code procost}'s default: 1 for C and internal functions, 100 for the rest. */
    public static BigDecimal defaultCost(String language) {
        return language.equals("c") || language.equals("internal") ? BigDecimal.ONE : BigDecimal.valueOf(100);
    }

    /** {@code prorows}' default: 1000 rows for a set-returning function, none otherwise. */
    public static BigDecimal defaultRows(boolean returnsSet) {
        return returnsSet ? BigDecimal.valueOf(1000) : BigDecimal.ZERO;
    }

    public Routine withComment(Optional<String> newComment) {
        return new Routine(routineKind, name, arguments, returns, language, volatility, strict, securityDefiner, leakproof,
                parallel, cost, rows, settings, body, newComment, bodyForm);
    }

    /** With {@code newBody} in {@code form} (the server's print of a declared SQL-standard body, say). */
    public Routine withBody(String newBody, BodyForm form) {
        return new Routine(routineKind, name, arguments, returns, language, volatility, strict, securityDefiner, leakproof,
                parallel, cost, rows, settings, newBody, comment, form);
    }

    /**
     * The functions its argument defaults call and, for a SQL-standard body, the tables, views and functions the body
     * names: PostgreSQL records each of them in {@code pg_depend} when it creates the routine, and a standard body is
     * parsed then, so they must exist first (a string body is only looked at when it is called).
     */
    @Override
    public Set<ObjectName> needs(String schema) {
        QualifiedName self = QualifiedName.of(schema, key());
        Set<ObjectName> needs = new LinkedHashSet<>();
        arguments.forEach(a -> a.defaultValue().ifPresent(d -> needs.add(ObjectName.expression(self, d))));
        if (bodyForm == BodyForm.STANDARD) {
            needs.add(ObjectName.expression(self, body));
            needs.add(ObjectName.query(self, body));
        }
        return needs;
    }

    /**
     * Whether {@code CREATE OR REPLACE} can turn {@code this} (the live routine) into {@code desired}: PostgreSQL
     * refuses a different result type (OUT arguments included), renamed input arguments and removed argument
     * defaults, and a function cannot become a procedure.
     */
    public boolean replaceableBy(Routine desired) {
        if (routineKind != desired.routineKind || !returns.equals(desired.returns)
                || arguments.size() != desired.arguments.size()) {
            return false;
        }
        for (int i = 0; i < arguments.size(); i++) {
            Argument was = arguments.get(i);
            Argument now = desired.arguments.get(i);
            if (was.mode() != now.mode() || !was.type().equals(now.type()) || !was.name().equals(now.name())
                    || (was.defaultValue().isPresent() && now.defaultValue().isEmpty())) {
                return false;
            }
        }
        return true;
    }
}
