package dev.strata.yaml;

import dev.strata.ddl.RoutineStatement;
import dev.strata.model.DataType;
import dev.strata.model.Routine;
import dev.strata.naming.PgNames;
import dev.strata.sql.Identifiers;
import dev.strata.sql.Lexer;
import dev.strata.sql.TypeNames;
import org.yaml.snakeyaml.nodes.Node;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code functions:} and {@code procedures:}. Each key is the routine's signature as PostgreSQL identifies it,
 * {@code add(integer, integer)} (a bare name will do where there is no overload), the definition its arguments,
 * result, language, attributes, settings, comment and body:
 *
 * <pre>
 * functions:
 *   add(integer, integer):
 *     arguments:
 *       - {name: a, type: integer}
 *       - {name: b, type: integer, default: '1'}
 *     returns: integer
 *     language: sql
 *     volatility: immutable
 *     body: SELECT a + b
 * </pre>
 *
 * Types are read through {@code sql.TypeNames} and kept as {@code format_type} prints a function's types (no
 * modifiers; a type of the project's own schema-qualified, as this reader cannot tell which schema an unqualified
 * name would be); a default must be one expression (checked by the lexer: nothing after it can end the argument
 * list) and should be spelt as PostgreSQL prints it, as pulled files show, or every plan replaces the function.
 */
final class RoutineYaml implements ObjectYaml<Routine> {

    private static final List<String> FUNCTION_KEYS = List.of("arguments", "returns", "language", "volatility",
            "strict", "security_definer", "leakproof", "parallel", "cost", "rows", "settings", "comment", "body", "sql_body");
    private static final List<String> PROCEDURE_KEYS = List.of("arguments", "language", "security_definer",
            "settings", "comment", "body", "sql_body");
    private static final List<String> ARGUMENT_KEYS = List.of("mode", "name", "type", "default");

    private static final Map<String, Routine.Mode> MODES = ordered(Routine.Mode.values());
    private static final Map<String, Routine.Volatility> VOLATILITIES = ordered(Routine.Volatility.values());
    private static final Map<String, Routine.Parallel> PARALLEL = ordered(Routine.Parallel.values());

    /** pg_catalog types a function signature often names that a column never has (so {@code TypeNames} does not know them). */
    private static final Set<String> SIGNATURE_TYPES = Set.of("void", "trigger", "event_trigger", "record", "refcursor",
            "anyelement", "anyarray", "anynonarray", "anyenum", "anyrange", "anymultirange", "anycompatible",
            "anycompatiblearray", "anycompatiblenonarray", "anycompatiblerange", "anycompatiblemultirange", "cstring",
            "internal", "regoper", "regoperator", "regcollation", "regdictionary", "aclitem", "int2vector", "oidvector");

    private static final Pattern SETTING_NAME = Pattern.compile("[a-z_][a-z0-9_$]*(\\.[a-z_][a-z0-9_$]*)?");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z_][a-z0-9_$]*");

    private final Routine.Kind kind;

    RoutineYaml(Routine.Kind kind) {
        this.kind = kind;
    }

    private static <E extends Enum<E>> Map<String, E> ordered(E[] values) {
        Map<String, E> map = new LinkedHashMap<>();
        for (E e : values) {
            map.put(e.name().toLowerCase(Locale.ROOT), e);
        }
        return map;
    }

    @Override
    public String kind() {
        return kind.word();
    }

    @Override
    public String section() {
        return kind.word() + "s";
    }

    @Override
    public Class<Routine> type() {
        return Routine.class;
    }

    /** A signature is more than a name (and often longer than 63 bytes): {@link #read} checks it. */
    @Override
    public Optional<Located<String>> key(String text, Node keyNode, NodeReader in) {
        return Optional.of(new Located<>(text, in.at(keyNode)));
    }

    @Override
    public Optional<Routine> read(Located<String> key, Node definition, NodeReader in) {
        int open = key.value().indexOf('(');
        String name = open < 0 ? key.value() : key.value().substring(0, open);
        String what = kind.word() + " '" + key.value() + "'";
        if (name.isEmpty() || key.value().indexOf('\0') >= 0 || PgNames.byteLength(name) > PgNames.MAX_BYTES || (open >= 0 && !key.value().endsWith(")"))) {
            in.error(key.at(), "expected a " + kind.word() + " name, or its name and argument types: add(integer, integer)"
                    + " (a name has at most 63 bytes)");
            return Optional.empty();
        }
        var fields = in.fields(definition, what, kind == Routine.Kind.PROCEDURE ? PROCEDURE_KEYS : FUNCTION_KEYS);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        var f = fields.get();
        Optional<List<Routine.Argument>> arguments = f.get("arguments").map(n -> arguments(n, in)).orElse(Optional.of(List.of()));
        Optional<String> languageRead = required(f, "language", what, in).flatMap(n -> in.text(n, "expected a language, e.g. plpgsql"))
                .flatMap(l -> {
                    String folded = Lexer.fold(l.strip());
                    return LANGUAGE.matcher(folded).matches() ? Optional.of(folded)
                            : reject(f.get("language").orElseThrow(), "expected a language name, e.g. plpgsql or sql", in);
                });
        // sql_body: a SQL-standard body (RETURN …, BEGIN ATOMIC … END), written as SQL rather than as a string.
        boolean standard = f.has("sql_body");
        String bodyKey = standard ? "sql_body" : "body";
        if (standard && f.has("body")) {
            in.error(f.get("body").orElseThrow(), what + " has body: (a string body) and sql_body: (a SQL-standard body);"
                    + " keep one");
        }
        Optional<String> body = required(f, bodyKey, what, in).flatMap(n -> in.text(n, "expected the " + kind.word() + "'s body"))
                .flatMap(b -> b.indexOf('\0') < 0 ? Optional.of(b) : reject(f.get(bodyKey).orElseThrow(), "a body cannot contain NUL", in))
                .flatMap(b -> !standard || RoutineStatement.isOneStandardBody(b) ? Optional.of(b)
                        : reject(f.get(bodyKey).orElseThrow(), "expected one SQL-standard body: RETURN expression, or"
                                + " BEGIN ATOMIC statements; END, and nothing after it", in));
        if (standard && languageRead.filter(l -> !l.equals("sql")).isPresent()) {
            in.error(f.get("language").orElseThrow(), what + ": a SQL-standard body (sql_body:) needs language: sql");
        }
        Optional<String> language = languageRead.filter(l -> !standard || l.equals("sql"));
        Optional<String> returns = f.get("returns").flatMap(n -> in.text(n, "expected a result type, e.g. integer, setof text or table(a integer)")
                .flatMap(r -> result(r, n, in)));
        if (kind == Routine.Kind.FUNCTION && returns.isEmpty() && !f.has("returns")) {
            returns = arguments.flatMap(Routine::resultOfOutArguments);
            if (returns.isEmpty() && arguments.isPresent()) {
                in.error(definition, what + " needs returns: (its result type, e.g. integer, void or trigger)");
            }
        }
        var volatility = f.get("volatility").flatMap(n -> in.choice(n, VOLATILITIES, "volatility"));
        var parallel = f.get("parallel").flatMap(n -> in.choice(n, PARALLEL, "parallel safety"));
        Optional<BigDecimal> cost = f.get("cost").flatMap(n -> number(n, in));
        Optional<BigDecimal> rows = f.get("rows").flatMap(n -> number(n, in));
        if (rows.isPresent() && returns.filter(r -> r.startsWith("SETOF ") || r.startsWith("TABLE(")).isEmpty()) {
            in.error(f.get("rows").orElseThrow(), "rows applies only to a function that returns a set (setof or table)");
        }
        Map<String, String> settings = f.get("settings").map(n -> settings(n, in)).orElse(Map.of());
        Optional<String> comment = f.text("comment", "expected a comment");
        boolean strict = f.bool("strict").orElse(false);
        boolean securityDefiner = f.bool("security_definer").orElse(false);
        boolean leakproof = f.bool("leakproof").orElse(false);
        // A key that failed to read was reported; the parse fails as a whole, so the defaults taken here never reach a plan.
        if (arguments.isEmpty() || language.isEmpty() || body.isEmpty()
                || (kind == Routine.Kind.FUNCTION && returns.isEmpty())) {
            return Optional.empty();
        }
        boolean set = returns.filter(r -> r.startsWith("SETOF ") || r.startsWith("TABLE(")).isPresent();
        var routine = new Routine(kind, name, arguments.get(), returns, language.get(),
                volatility.orElse(Routine.Volatility.VOLATILE), strict, securityDefiner, leakproof,
                parallel.orElse(Routine.Parallel.UNSAFE),
                cost.filter(c -> c.compareTo(Routine.defaultCost(language.get())) != 0),
                rows.filter(r -> r.compareTo(Routine.defaultRows(set)) != 0), settings, body.get(), comment,
                standard ? Routine.BodyForm.STANDARD : Routine.BodyForm.QUOTED);
        if (open >= 0 && !key.value().equals(routine.key())) {
            in.error(key.at(), what + " does not match its arguments: its key is " + routine.key());
            return Optional.empty();
        }
        return Optional.of(routine);
    }

    private static <T> Optional<T> reject(Node node, String message, NodeReader in) {
        in.error(node, message);
        return Optional.empty();
    }

    private static Optional<Node> required(NodeReader.Fields f, String key, String what, NodeReader in) {
        if (!f.has(key)) {
            in.error(f.node(), what + " needs " + key + ":");
        }
        return f.get(key);
    }

    static Optional<List<Routine.Argument>> arguments(Node node, NodeReader in) {
        if (NodeReader.isNullMapping(node)) {
            return Optional.of(List.of());
        }
        return in.items(node, "expected a list of arguments, e.g. [{name: a, type: integer}]").flatMap(items -> {
            List<Routine.Argument> arguments = new ArrayList<>();
            boolean ok = true;
            for (Node item : items) {
                var argument = in.fields(item, "argument", ARGUMENT_KEYS).flatMap(a -> {
                    var mode = a.get("mode").flatMap(n -> in.choice(n, MODES, "argument mode")).or(() ->
                            a.has("mode") ? Optional.empty() : Optional.of(Routine.Mode.IN));
                    var name = a.name("name", "an argument name");
                    if (!a.has("type")) {
                        in.error(item, "an argument needs type:");
                    }
                    var type = a.get("type").flatMap(n -> in.text(n, "expected a type").flatMap(t -> type(t, n, in)));
                    var defaultValue = a.get("default").flatMap(n -> in.text(n, "expected an SQL expression")
                            .flatMap(d -> defaultValue(d, n, in)));
                    if (mode.isEmpty() || type.isEmpty() || (a.has("name") && name.isEmpty())
                            || (a.has("default") && defaultValue.isEmpty())) {
                        return Optional.empty();
                    }
                    if (defaultValue.isPresent() && mode.get() == Routine.Mode.OUT) {
                        in.error(a.get("default").orElseThrow(), "an OUT argument takes no default");
                        return Optional.empty();
                    }
                    return Optional.of(new Routine.Argument(mode.get(), name.map(Located::value), type.get(), defaultValue));
                });
                ok &= argument.isPresent();
                argument.ifPresent(arguments::add);
            }
            return ok ? Optional.of(arguments) : Optional.empty();
        });
    }

    /**
     * A type as {@code format_type} prints a function's: built-in types in their canonical name without modifiers,
     * others schema-qualified and quoted where needed.
     */
    static Optional<String> type(String text, Node node, NodeReader in) {
        try {
            return switch (TypeNames.parse(text)) {
                case TypeNames.Builtin b -> Optional.of(TypeNames.sql(new DataType(Optional.empty(),
                        b.type().name().startsWith("interval") ? "interval" : b.type().name(), List.of(), b.type().array())));
                case TypeNames.Serial s -> reject(node, "'" + text + "' is a column shorthand, not a type; write integer or bigint", in);
                case TypeNames.Named n when n.schema().isPresent() ->
                        Optional.of(Identifiers.qualified(n.schema().get(), n.name()) + (n.array() ? "[]" : ""));
                case TypeNames.Named n when SIGNATURE_TYPES.contains(n.name()) -> Optional.of(n.name() + (n.array() ? "[]" : ""));
                case TypeNames.Named n -> reject(node, "unknown type '" + text + "'; write a type of your own"
                        + " schema-qualified here, e.g. public." + n.name(), in);
            };
        } catch (TypeNames.InvalidTypeName e) {
            return reject(node, e.getMessage(), in);
        }
    }

    /** {@code integer}, {@code setof integer} or {@code table(a integer, b text)}, as {@code pg_get_function_result} prints them. */
    private static Optional<String> result(String text, Node node, NodeReader in) {
        String stripped = text.strip();
        String lower = stripped.toLowerCase(Locale.ROOT);
        if (lower.startsWith("setof ")) {
            return type(stripped.substring("setof ".length()), node, in).map(t -> "SETOF " + t);
        }
        if (lower.startsWith("table") && stripped.substring(5).strip().startsWith("(") && stripped.endsWith(")")) {
            try {
                List<RoutineStatement.ResultColumn> columns = RoutineStatement.tableColumns(stripped);
                if (columns.isEmpty()) {
                    return reject(node, "a table result needs columns: table(a integer, b text)", in);
                }
                List<String> rendered = new ArrayList<>();
                for (var column : columns) {
                    var type = type(column.type(), node, in);
                    if (type.isEmpty()) {
                        return Optional.empty();
                    }
                    rendered.add(Identifiers.quote(column.name()) + " " + type.get());
                }
                return Optional.of("TABLE(" + String.join(", ", rendered) + ")");
            } catch (Lexer.LexError e) {
                return reject(node, "expected table(name type, …): " + e.getMessage(), in);
            }
        }
        return type(stripped, node, in);
    }

    /**
     * One expression, so that it cannot end the argument list: the lexer finds no comment, no semicolon, no comma and
     * no closing parenthesis outside its own parentheses.
     */
    private static Optional<String> defaultValue(String text, Node node, NodeReader in) {
        String expression = text.strip();
        try {
            int depth = 0;
            List<Lexer.Token> tokens = Lexer.tokens(expression, Lexer.Comments.REFUSE);
            for (Lexer.Token t : tokens) {
                if (t.is("(") || t.is("[")) {
                    depth++;
                } else if (t.is(")") || t.is("]")) {
                    depth--;
                }
                if (depth < 0 || t.is(";") || (depth == 0 && t.is(","))) {
                    return reject(node, "expected one SQL expression as the default", in);
                }
            }
            if (tokens.isEmpty() || depth != 0) {
                return reject(node, "expected one SQL expression as the default", in);
            }
            return Optional.of(expression);
        } catch (Lexer.LexError e) {
            return reject(node, "expected one SQL expression as the default: " + e.getMessage(), in);
        }
    }

    private static Optional<BigDecimal> number(Node node, NodeReader in) {
        return in.text(node, "expected a number").flatMap(t -> {
            try {
                var n = new BigDecimal(t.strip());
                return n.signum() > 0 ? Optional.of(n) : reject(node, "expected a positive number", in);
            } catch (NumberFormatException e) {
                return reject(node, "expected a positive number", in);
            }
        });
    }

    /**
     * {@code name: value}; a list setting ({@code search_path}) is kept as PostgreSQL stores it: its names joined by
     * {@code ", "}, quoted where an identifier needs it.
     */
    private static Map<String, String> settings(Node node, NodeReader in) {
        Map<String, String> settings = new TreeMap<>();
        in.entries(node, "expected a mapping of setting names to values, e.g. {search_path: 'public, pg_temp'}", "setting")
                .orElse(List.of()).forEach(e -> {
                    String name = e.key().toLowerCase(Locale.ROOT);
                    if (!SETTING_NAME.matcher(name).matches()) {
                        in.error(e.keyNode(), "expected a setting name, e.g. search_path");
                        return;
                    }
                    in.text(e.value(), "expected the setting's value").ifPresent(v -> {
                        if (v.indexOf('\0') >= 0) {
                            in.error(e.value(), "a setting cannot contain NUL");
                        } else {
                            settings.put(name, RoutineStatement.LIST_SETTINGS.contains(name)
                                    ? RoutineStatement.storedList(v)
                                    : v);
                        }
                    });
                });
        return settings;
    }

    @Override
    public Node write(Routine routine) {
        var map = new YamlNodes.Map().block();
        if (!routine.arguments().isEmpty()) {
            map.put("arguments", YamlNodes.blockList(routine.arguments().stream().<Node>map(RoutineYaml::argument).toList()));
        }
        routine.returns().filter(r -> !Routine.resultOfOutArguments(routine.arguments()).equals(Optional.of(r)))
                .ifPresent(r -> map.put("returns", r));
        map.put("language", routine.language());
        if (routine.volatility() != Routine.Volatility.VOLATILE) {
            map.put("volatility", routine.volatility().name().toLowerCase(Locale.ROOT));
        }
        if (routine.strict()) {
            map.put("strict", YamlNodes.bool(true));
        }
        if (routine.securityDefiner()) {
            map.put("security_definer", YamlNodes.bool(true));
        }
        if (routine.leakproof()) {
            map.put("leakproof", YamlNodes.bool(true));
        }
        if (routine.parallel() != Routine.Parallel.UNSAFE) {
            map.put("parallel", routine.parallel().name().toLowerCase(Locale.ROOT));
        }
        routine.cost().ifPresent(c -> map.put("cost", number(c)));
        routine.rows().ifPresent(r -> map.put("rows", number(r)));
        if (!routine.settings().isEmpty()) {
            var settings = new YamlNodes.Map();
            new TreeMap<>(routine.settings()).forEach(settings::put);
            map.put("settings", settings.node());
        }
        routine.comment().ifPresent(c -> map.put("comment", c));
        map.put(routine.bodyForm() == Routine.BodyForm.STANDARD ? "sql_body" : "body", routine.body());
        return map.node();
    }

    private static Node argument(Routine.Argument a) {
        var map = new YamlNodes.Map();
        if (a.mode() != Routine.Mode.IN) {
            map.put("mode", a.mode().name().toLowerCase(Locale.ROOT));
        }
        a.name().ifPresent(n -> map.put("name", n));
        map.put("type", a.type());
        a.defaultValue().ifPresent(d -> map.put("default", d));
        return map.node();
    }

    private static Node number(BigDecimal n) {
        return n.scale() <= 0 ? YamlNodes.number(n.longValueExact()) : YamlNodes.string(n.toPlainString());
    }
}
