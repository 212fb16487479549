package dev.strata.yaml;

import dev.strata.ddl.RoutineStatement;
import dev.strata.model.Aggregate;
import dev.strata.model.QualifiedName;
import dev.strata.model.Routine;
import dev.strata.naming.PgNames;
import dev.strata.sql.Lexer;
import dev.strata.sql.OperatorNames;
import org.yaml.snakeyaml.nodes.Node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code aggregates:}. Each key is the aggregate's signature as PostgreSQL identifies it, {@code group_concat(text)}
 * ({@code count_all(*)} without arguments), the definition its options, named as {@code CREATE AGGREGATE} names them:
 *
 * <pre>
 * aggregates:
 *   group_concat(text):
 *     sfunc: public._group_concat
 *     stype: text
 *     initcond: ''
 *     comment: Concatenates text values with commas
 * </pre>
 *
 * A support function is {@code schema.name} (a bare name is in the document's schema); PostgreSQL finds it by the types
 * the aggregate passes. Types are read as a function's ({@code RoutineYaml.type}); {@code arguments:} (the functions'
 * list) is needed only to name an argument or make it {@code variadic}, and must then match the key.
 */
final class AggregateYaml implements ObjectYaml<Aggregate> {

    private static final List<String> KEYS = List.of("arguments", "sfunc", "stype", "sspace", "finalfunc",
            "finalfunc_extra", "finalfunc_modify", "combinefunc", "serialfunc", "deserialfunc", "initcond", "msfunc",
            "minvfunc", "mstype", "msspace", "mfinalfunc", "mfinalfunc_extra", "mfinalfunc_modify", "minitcond",
            "sortop", "parallel", "comment");

    private static final Map<String, Aggregate.Modify> MODIFY = new LinkedHashMap<>();
    private static final Map<String, Routine.Parallel> PARALLEL = new LinkedHashMap<>();

    static {
        for (Aggregate.Modify m : Aggregate.Modify.values()) {
            MODIFY.put(m.name().toLowerCase(Locale.ROOT).replace('_', ' '), m);
        }
        for (Routine.Parallel p : Routine.Parallel.values()) {
            PARALLEL.put(p.name().toLowerCase(Locale.ROOT), p);
        }
    }

    @Override
    public String kind() {
        return Aggregate.KIND;
    }

    @Override
    public String section() {
        return "aggregates";
    }

    @Override
    public Class<Aggregate> type() {
        return Aggregate.class;
    }

    /** A signature is more than a name: {@link #read} checks it. */
    @Override
    public Optional<Located<String>> key(String text, Node keyNode, NodeReader in) {
        return Optional.of(new Located<>(text, in.at(keyNode)));
    }

    @Override
    public Optional<Aggregate> read(Located<String> key, Node definition, NodeReader in) {
        return read("public", key, definition, in);
    }

    @Override
    public Optional<Aggregate> read(String schema, Located<String> key, Node definition, NodeReader in) {
        String what = "aggregate '" + key.value() + "'";
        int open = key.value().indexOf('(');
        String name = open < 0 ? "" : key.value().substring(0, open);
        if (name.isEmpty() || key.value().indexOf('\0') >= 0 || PgNames.byteLength(name) > PgNames.MAX_BYTES
                || !key.value().endsWith(")")) {
            in.error(key.at(), "expected an aggregate's name and argument types: group_concat(text), or count_all(*)"
                    + " without arguments (a name has at most 63 bytes)");
            return Optional.empty();
        }
        var fields = in.fields(definition, what, KEYS);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        var f = fields.get();
        Optional<List<Routine.Argument>> arguments = f.get("arguments")
                .flatMap(n -> RoutineYaml.arguments(n, in).flatMap(a -> aggregateArguments(a, n, in)))
                .or(() -> f.has("arguments") ? Optional.empty()
                        : keyTypes(key.value().substring(open + 1, key.value().length() - 1), definition, in));
        var state = transition(schema, f, "", what, in);
        var finalFunction = finalFunction(schema, f, "", in);
        var combine = f.get("combinefunc").flatMap(n -> function(schema, n, in));
        var serial = f.get("serialfunc").flatMap(n -> function(schema, n, in));
        var deserial = f.get("deserialfunc").flatMap(n -> function(schema, n, in));
        if (f.has("serialfunc") != f.has("deserialfunc")) {
            in.error(definition, what + " needs serialfunc: and deserialfunc: together");
        }
        Optional<Aggregate.Moving> moving = Optional.empty();
        boolean movingOk = true;
        if (f.has("msfunc") || f.has("minvfunc") || f.has("mstype")) {
            var mstate = transition(schema, f, "m", what, in);
            if (!f.has("minvfunc")) {
                in.error(definition, what + " needs minvfunc: with msfunc: and mstype:");
            }
            var inverse = f.get("minvfunc").flatMap(n -> function(schema, n, in));
            var mfinal = finalFunction(schema, f, "m", in);
            movingOk = mstate.isPresent() && inverse.isPresent() && mfinal.isPresent();
            if (movingOk) {
                moving = Optional.of(new Aggregate.Moving(mstate.get(), inverse.get(), mfinal.get()));
            }
        } else {
            for (String k : List.of("msspace", "mfinalfunc", "mfinalfunc_extra", "mfinalfunc_modify", "minitcond")) {
                f.get(k).ifPresent(n -> in.error(n, k + " needs the moving-aggregate mode: msfunc:, minvfunc: and mstype:"));
                movingOk &= !f.has(k);
            }
        }
        var sortop = f.get("sortop").flatMap(n -> in.text(n, "expected an operator, e.g. '>'").flatMap(t -> operator(t, n, in)));
        var parallel = f.get("parallel").flatMap(n -> in.choice(n, PARALLEL, "parallel safety"));
        Optional<String> comment = f.text("comment", "expected a comment");
        // A key that failed to read was reported; the parse fails as a whole, so the defaults taken here never reach a plan.
        if (arguments.isEmpty() || state.isEmpty() || finalFunction.isEmpty() || !movingOk
                || (f.has("combinefunc") && combine.isEmpty()) || serial.isPresent() != deserial.isPresent()
                || (f.has("sortop") && sortop.isEmpty()) || (f.has("parallel") && parallel.isEmpty())) {
            return Optional.empty();
        }
        var aggregate = new Aggregate(name, arguments.get(), state.get(), finalFunction.get(), combine, serial, deserial,
                moving, sortop, parallel.orElse(Routine.Parallel.UNSAFE), comment);
        if (!key.value().equals(aggregate.key())) {
            in.error(key.at(), what + " does not match its arguments: its key is " + aggregate.key());
            return Optional.empty();
        }
        return Optional.of(aggregate);
    }

    /** The key's types as unnamed arguments: {@code *} is none. */
    private static Optional<List<Routine.Argument>> keyTypes(String inner, Node definition, NodeReader in) {
        if (inner.strip().equals("*")) {
            return Optional.of(List.of());
        }
        try {
            List<Routine.Argument> arguments = new ArrayList<>();
            for (String piece : RoutineStatement.splitTopLevel(inner)) {
                var type = RoutineYaml.type(piece, definition, in);
                if (type.isEmpty()) {
                    return Optional.empty();
                }
                arguments.add(new Routine.Argument(Routine.Mode.IN, Optional.empty(), type.get(), Optional.empty()));
            }
            return Optional.of(arguments);
        } catch (Lexer.LexError e) {
            in.error(definition, "expected the aggregate's argument types in its key: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<List<Routine.Argument>> aggregateArguments(List<Routine.Argument> arguments, Node node,
            NodeReader in) {
        for (Routine.Argument a : arguments) {
            if ((a.mode() != Routine.Mode.IN && a.mode() != Routine.Mode.VARIADIC) || a.defaultValue().isPresent()) {
                in.error(node, "an aggregate's arguments are in or variadic, without a default");
                return Optional.empty();
            }
        }
        return Optional.of(arguments);
    }

    /** {@code sfunc}, {@code stype}, {@code sspace}, {@code initcond}, or with {@code prefix} m the moving ones. */
    private static Optional<Aggregate.Transition> transition(String schema, NodeReader.Fields f, String prefix,
            String what, NodeReader in) {
        for (String k : List.of(prefix + "sfunc", prefix + "stype")) {
            if (!f.has(k)) {
                in.error(f.node(), what + " needs " + k + ":");
            }
        }
        var function = f.get(prefix + "sfunc").flatMap(n -> function(schema, n, in));
        var type = f.get(prefix + "stype").flatMap(n -> in.text(n, "expected a state type, e.g. numeric[]")
                .flatMap(t -> RoutineYaml.type(t, n, in)));
        var space = f.get(prefix + "sspace").flatMap(n -> in.whole(n).flatMap(v -> v >= 0 && v <= Integer.MAX_VALUE
                ? Optional.of(v) : reject(n, "expected the state's size in bytes, 0 or more", in)));
        Optional<String> initial = f.get(prefix + "initcond").flatMap(n -> in.text(n, "expected the initial condition as"
                + " text, e.g. '0' or '{}'").flatMap(t -> t.indexOf('\0') < 0 ? Optional.of(t)
                : reject(n, "an initial condition cannot contain NUL", in)));
        if (function.isEmpty() || type.isEmpty() || (f.has(prefix + "sspace") && space.isEmpty())
                || (f.has(prefix + "initcond") && initial.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new Aggregate.Transition(function.get(), type.get(), space.orElse(0L).intValue(), initial));
    }

    private static <T> Optional<T> reject(Node node, String message, NodeReader in) {
        in.error(node, message);
        return Optional.empty();
    }

    /** Present and empty: no final function; empty: an error was reported. */
    private static Optional<Optional<Aggregate.Final>> finalFunction(String schema, NodeReader.Fields f, String prefix,
            NodeReader in) {
        String key = prefix + "finalfunc";
        if (!f.has(key)) {
            for (String k : List.of(key + "_extra", key + "_modify")) {
                f.get(k).ifPresent(n -> in.error(n, k + " needs " + key + ":"));
            }
            return f.has(key + "_extra") || f.has(key + "_modify") ? Optional.empty() : Optional.of(Optional.empty());
        }
        var function = f.get(key).flatMap(n -> function(schema, n, in));
        var extra = f.get(key + "_extra").map(n -> in.bool(n));
        var modify = f.get(key + "_modify").flatMap(n -> in.choice(n, MODIFY, "final function modify mode"));
        if (function.isEmpty() || extra.filter(Optional::isEmpty).isPresent() || (f.has(key + "_modify") && modify.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(Optional.of(new Aggregate.Final(function.get(), extra.flatMap(e -> e).orElse(false),
                modify.orElse(Aggregate.Modify.READ_ONLY))));
    }

    /** {@code schema.name}, or a bare name in the document's schema. */
    private static Optional<QualifiedName> function(String schema, Node node, NodeReader in) {
        return in.text(node, "expected a function as schema.name").flatMap(text -> {
            int dot = text.indexOf('.');
            var functionSchema = dot < 0 ? Optional.of(new Located<>(schema, in.at(node)))
                    : in.checkedName(text.substring(0, dot), node, "a schema name");
            var name = in.checkedName(text.substring(dot + 1), node, "a function name");
            return functionSchema.isEmpty() || name.isEmpty() ? Optional.empty()
                    : Optional.of(QualifiedName.of(functionSchema.get().value(), name.get().value()));
        });
    }

    /** As the catalog reads it: {@code pg_catalog}'s operators unqualified. */
    private static Optional<String> operator(String text, Node node, NodeReader in) {
        var problem = OperatorNames.problem(text);
        if (problem.isPresent()) {
            in.error(node, problem.get());
            return Optional.empty();
        }
        var parsed = OperatorNames.parse(text);
        return Optional.of(parsed.schema().filter(s -> s.equals("pg_catalog")).isPresent()
                ? new OperatorNames.Parsed(Optional.empty(), parsed.symbol()).sql() : parsed.sql());
    }

    @Override
    public Node write(Aggregate a) {
        var map = new YamlNodes.Map().block();
        if (a.arguments().stream().anyMatch(x -> x.name().isPresent() || x.mode() != Routine.Mode.IN)) {
            map.put("arguments", YamlNodes.blockList(a.arguments().stream().<Node>map(AggregateYaml::argument).toList()));
        }
        transition(map, "", a.state());
        a.finalFunction().ifPresent(f -> finalFunction(map, "", f));
        a.combineFunction().ifPresent(f -> map.put("combinefunc", function(f)));
        a.serialFunction().ifPresent(f -> map.put("serialfunc", function(f)));
        a.deserialFunction().ifPresent(f -> map.put("deserialfunc", function(f)));
        a.moving().ifPresent(m -> {
            transition(map, "m", m.state());
            map.put("minvfunc", function(m.inverse()));
            m.finalFunction().ifPresent(f -> finalFunction(map, "m", f));
        });
        a.sortOperator().ifPresent(o -> map.put("sortop", o));
        if (a.parallel() != Routine.Parallel.UNSAFE) {
            map.put("parallel", a.parallel().name().toLowerCase(Locale.ROOT));
        }
        a.comment().ifPresent(c -> map.put("comment", c));
        return map.node();
    }

    private static void transition(YamlNodes.Map map, String prefix, Aggregate.Transition t) {
        map.put(prefix + "sfunc", function(t.function()));
        map.put(prefix + "stype", t.type());
        if (t.space() != 0) {
            map.put(prefix + "sspace", YamlNodes.number(t.space()));
        }
        t.initialValue().ifPresent(v -> map.put(prefix + "initcond", YamlNodes.string(v)));
    }

    private static void finalFunction(YamlNodes.Map map, String prefix, Aggregate.Final f) {
        map.put(prefix + "finalfunc", function(f.function()));
        if (f.extra()) {
            map.put(prefix + "finalfunc_extra", YamlNodes.bool(true));
        }
        if (f.modify() != Aggregate.Modify.READ_ONLY) {
            map.put(prefix + "finalfunc_modify", f.modify().name().toLowerCase(Locale.ROOT));
        }
    }

    private static String function(QualifiedName f) {
        return f.schema() + "." + f.name();
    }

    private static Node argument(Routine.Argument a) {
        var map = new YamlNodes.Map();
        if (a.mode() != Routine.Mode.IN) {
            map.put("mode", a.mode().name().toLowerCase(Locale.ROOT));
        }
        a.name().ifPresent(n -> map.put("name", n));
        map.put("type", a.type());
        return map.node();
    }
}
