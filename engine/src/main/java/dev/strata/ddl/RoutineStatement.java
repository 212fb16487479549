package dev.strata.ddl;

import dev.strata.model.ObjectName;
import dev.strata.model.QualifiedName;
import dev.strata.model.Routine;
import dev.strata.sql.Identifiers;
import dev.strata.sql.Lexer;
import dev.strata.sql.Literals;
import dev.strata.sql.TypeNames;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code CREATE [OR REPLACE] FUNCTION|PROCEDURE}, {@code DROP FUNCTION|PROCEDURE name(types)} and
 * {@code COMMENT ON FUNCTION|PROCEDURE}. A routine is named by its schema and its key ({@code name(types)}); the body
 * goes in dollar quotes whose tag it does not contain. Types, results and defaults are the model's canonical text
 * (what {@code format_type} and PostgreSQL's deparser print, or what the YAML reader built through
 * {@code sql.TypeNames} and checked as one expression). No {@code CASCADE}: a drop fails while a default, check,
 * trigger or view still calls the routine.
 *
 * <p>A {@code LANGUAGE sql} body is parsed and its tables looked up when it is created, unless
 * {@code check_function_bodies} is off: its create statements switch the check off around {@code CREATE} (and reset it
 * after), as {@code pg_dump} does, so a function may be created before the tables it reads, in {@link CreateDdl} and in
 * EXPAND alike. Its body is then first checked when it is called; PL/pgSQL bodies are only syntax-checked either way.
 * A SQL-standard body ({@code RETURN …}, {@code BEGIN ATOMIC … END}) is written as SQL after the attributes, and is
 * always parsed at creation: its create statement needs what the body names ({@link Routine#needs(String)}), which
 * orders it after those tables, views and functions in {@link CreateDdl} and in a plan.
 */
public sealed interface RoutineStatement extends ObjectStatement {

    /** GUCs whose value is a list of names: {@code proconfig} keeps them as one string, {@code SET} takes each. */
    Set<String> LIST_SETTINGS = Set.of("search_path", "temp_tablespaces", "local_preload_libraries",
            "session_preload_libraries");

    QualifiedName routine();

    Routine.Kind routineKind();

    default ObjectName self() {
        return ObjectName.of(routineKind().word(), routine());
    }

    /** {@code FUNCTION public.f(integer, text)}: how {@code DROP} and {@code COMMENT ON} name it. */
    /** One argument as {@code CREATE FUNCTION}, {@code PROCEDURE} and {@code AGGREGATE} take it: mode, name, type, default. */
    static String argument(Routine.Argument a) {
        String mode = a.mode() == Routine.Mode.IN ? "" : a.mode() + " ";
        return mode + a.name().map(n -> Identifiers.quote(n) + " ").orElse("") + a.type()
                + a.defaultValue().map(d -> " DEFAULT " + d).orElse("");
    }

    /** The user types (or tables' row types: the name is either) among schema-qualified type spellings. */
    static Set<ObjectName> typesNeeded(Collection<String> types) {
        Set<ObjectName> needs = new LinkedHashSet<>();
        for (String type : types) {
            try {
                if (TypeNames.parse(type) instanceof TypeNames.Named n && n.schema().isPresent()) {
                    QualifiedName t = QualifiedName.of(n.schema().get(), n.name());
                    needs.add(ObjectName.of(ObjectName.TYPE, t));
                    needs.add(ObjectName.of(ObjectName.TABLE, t));
                }
            } catch (TypeNames.InvalidTypeName e) {
                // Not a type name Strata reads: nothing to order by.
            }
        }
        return needs;
    }

    static String signature(Routine.Kind kind, QualifiedName name, List<String> types) {
        String routineName = name.name().substring(0, name.name().indexOf('('));
        return keyword(kind) + " " + Identifiers.qualified(name.schema(), routineName) + "(" + String.join(", ", types) + ")";
    }

    private static String keyword(Routine.Kind kind) {
        return kind == Routine.Kind.PROCEDURE ? "PROCEDURE" : "FUNCTION";
    }

    /**
     * @param replace {@code CREATE OR REPLACE} of a routine that exists (same identity); a new one is a plain
     *                {@code CREATE}, which fails rather than replace one created meanwhile
     */
    record Create(QualifiedName routine, Routine definition, boolean replace) implements RoutineStatement {

        public Routine.Kind routineKind() {
            return definition.routineKind();
        }

        public String render() {
            var sql = new StringBuilder(replace ? "CREATE OR REPLACE " : "CREATE ").append(keyword(routineKind()))
                    .append(' ').append(Identifiers.qualified(routine.schema(), definition.name())).append('(')
                    .append(definition.arguments().stream().map(RoutineStatement::argument).collect(Collectors.joining(", ")))
                    .append(')');
            definition.returns().ifPresent(r -> sql.append(" RETURNS ").append(r));
            sql.append(" LANGUAGE ").append(Identifiers.quote(definition.language()));
            if (routineKind() == Routine.Kind.FUNCTION) {
                if (definition.volatility() != Routine.Volatility.VOLATILE) {
                    sql.append(' ').append(definition.volatility());
                }
                if (definition.strict()) {
                    sql.append(" STRICT");
                }
                if (definition.leakproof()) {
                    sql.append(" LEAKPROOF");
                }
                if (definition.parallel() != Routine.Parallel.UNSAFE) {
                    sql.append(" PARALLEL ").append(definition.parallel());
                }
                definition.cost().ifPresent(c -> sql.append(" COST ").append(c.toPlainString()));
                definition.rows().ifPresent(r -> sql.append(" ROWS ").append(r.toPlainString()));
            }
            if (definition.securityDefiner()) {
                sql.append(" SECURITY DEFINER");
            }
            definition.settings().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                    .forEach(e -> sql.append(" SET ").append(e.getKey()).append(" TO ").append(settingValue(e.getKey(), e.getValue())));
            if (definition.bodyForm() == Routine.BodyForm.STANDARD) {
                // RETURN … or BEGIN ATOMIC … END, as pg_get_function_sqlbody prints it: SQL, not a string.
                return sql.append('\n').append(definition.body()).toString();
            }
            return sql.append(" AS ").append(Literals.dollarQuoted(definition.body())).toString();
        }

        public Set<ObjectName> creates() {
            return replace ? Set.of() : Set.of(self());
        }

        public Set<ObjectName> drops() {
            return Set.of();
        }

        /**
         * Its schema, the user types (or tables' row types) its arguments and result name, the functions its argument
         * defaults call and, for a SQL-standard body, what the body reads ({@link Routine#needs(String)}).
         */
        public Set<ObjectName> needs() {
            Set<ObjectName> needs = new LinkedHashSet<>();
            needs.add(ObjectName.of(ObjectName.SCHEMA, routine.schema(), routine.schema()));
            needs.addAll(definition.needs(routine.schema()));
            if (replace) {
                needs.add(self());
            }
            List<String> types = new ArrayList<>();
            definition.arguments().forEach(a -> types.add(a.type()));
            definition.returns().ifPresent(r -> types.addAll(resultTypes(r)));
            needs.addAll(typesNeeded(types));
            return needs;
        }

        /** The types a result names: {@code SETOF t} → t, {@code TABLE(a t, b u)} → t, u. */
        private static List<String> resultTypes(String result) {
            if (result.startsWith("SETOF ")) {
                return List.of(result.substring("SETOF ".length()));
            }
            if (result.startsWith("TABLE(") && result.endsWith(")")) {
                try {
                    return tableColumns(result).stream().map(ResultColumn::type).toList();
                } catch (Lexer.LexError e) {
                    return List.of();
                }
            }
            return List.of(result);
        }
    }

    /**
     * A setting's value as {@code SET … TO} takes it: a list setting one literal per name (as {@code pg_get_functiondef}
     * prints it), any other the whole value as one literal.
     */
    static String settingValue(String name, String value) {
        if (!LIST_SETTINGS.contains(name)) {
            return Literals.quote(value);
        }
        List<String> names = splitGucList(value);
        // SET takes no empty list: an empty search_path is the one empty name '' (stored as "").
        return names.isEmpty() ? "''" : names.stream().map(Literals::quote).collect(Collectors.joining(", "));
    }

    record Drop(QualifiedName routine, Routine.Kind routineKind, List<String> types) implements RoutineStatement {

        public Drop {
            types = List.copyOf(types);
        }

        public static Drop of(QualifiedName routine, Routine definition) {
            return new Drop(routine, definition.routineKind(), definition.identityTypes());
        }

        public String render() {
            return "DROP " + signature(routineKind, routine, types);
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

    record Comment(QualifiedName routine, Routine.Kind routineKind, List<String> types, Optional<String> comment)
            implements RoutineStatement {

        public Comment {
            types = List.copyOf(types);
        }

        public static Comment of(QualifiedName routine, Routine definition) {
            return new Comment(routine, definition.routineKind(), definition.identityTypes(), definition.comment());
        }

        public String render() {
            return "COMMENT ON " + signature(routineKind, routine, types) + " IS "
                    + comment.map(Literals::quote).orElse("NULL");
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

    /**
     * {@code SET check_function_bodies = off} before a {@code LANGUAGE sql} routine is created, {@code RESET} after:
     * within the step's transaction, and in a script the reset restores the session's own setting.
     */
    record BodyCheck(QualifiedName routine, Routine.Kind routineKind, boolean on) implements RoutineStatement {

        public String render() {
            return on ? "RESET check_function_bodies" : "SET check_function_bodies = off";
        }

        public Set<ObjectName> creates() {
            return Set.of();
        }

        public Set<ObjectName> drops() {
            return Set.of();
        }

        public Set<ObjectName> needs() {
            return Set.of();
        }
    }

    /** The statements that create {@code definition} (or replace it: {@code replace}), without its comment. */
    static List<Statement> define(QualifiedName name, Routine definition, boolean replace) {
        var create = new Create(name, definition, replace);
        // A SQL-standard body is parsed at creation whatever check_function_bodies says.
        if (!definition.language().equals("sql") || definition.bodyForm() == Routine.BodyForm.STANDARD) {
            return List.of(create);
        }
        return List.of(new BodyCheck(name, definition.routineKind(), false), create,
                new BodyCheck(name, definition.routineKind(), true));
    }

    /** A new routine with everything it declares. */
    static List<Statement> create(QualifiedName name, Routine definition) {
        List<Statement> statements = new ArrayList<>(define(name, definition, false));
        definition.comment().ifPresent(c -> statements.add(Comment.of(name, definition)));
        return List.copyOf(statements);
    }

    /** {@code CREATE OR REPLACE} with {@code definition}'s body and attributes, and its comment if it changes. */
    static List<Statement> replace(QualifiedName name, Routine current, Routine definition) {
        List<Statement> statements = new ArrayList<>(define(name, definition, true));
        if (!current.comment().equals(definition.comment())) {
            statements.add(Comment.of(name, definition));
        }
        return List.copyOf(statements);
    }

    /**
     * Whether {@code body} is one SQL-standard body and nothing after it: {@code RETURN expression} without a
     * {@code ;}, or {@code BEGIN ATOMIC … END} whose {@code ;}s all stand inside it ({@code BEGIN} and {@code CASE}
     * open, {@code END} closes, and the last token closes the block). Text that could end the {@code CREATE} and run
     * something after it is no body.
     */
    public static boolean isOneStandardBody(String body) {
        List<Lexer.Token> tokens;
        try {
            tokens = Lexer.tokens(body);
        } catch (Lexer.LexError e) {
            return false;
        }
        if (tokens.isEmpty()) {
            return false;
        }
        if (tokens.getFirst().isWord("return")) {
            return tokens.size() > 1 && tokens.stream().noneMatch(t -> t.is(";"));
        }
        if (tokens.size() < 3 || !tokens.getFirst().isWord("begin") || !tokens.get(1).isWord("atomic")) {
            return false;
        }
        int depth = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Lexer.Token t = tokens.get(i);
            if (depth == 0 && i > 0) {
                return false;
            }
            if (t.isWord("begin") || t.isWord("case")) {
                depth++;
            } else if (t.isWord("end")) {
                depth--;
            } else if (t.is(";") && depth == 0) {
                return false;
            }
        }
        return depth == 0;
    }

    /** A column of a {@code TABLE(…)} result: its name and its type's text. */
    record ResultColumn(String name, String type) {}

    /** The columns of {@code TABLE(a integer, "B" text)}, names unquoted, types as written. */
    static List<ResultColumn> tableColumns(String result) throws Lexer.LexError {
        String inner = result.substring(result.indexOf('(') + 1, result.lastIndexOf(')'));
        List<ResultColumn> columns = new ArrayList<>();
        for (String piece : splitTopLevel(inner)) {
            List<Lexer.Token> tokens = Lexer.tokens(piece);
            if (tokens.size() < 2 || !tokens.getFirst().isName()) {
                throw new Lexer.LexError("expected a column name and a type", piece, 0);
            }
            columns.add(new ResultColumn(tokens.getFirst().value(), piece.substring(tokens.get(1).start()).strip()));
        }
        return columns;
    }

    /**
     * {@code text} cut at its commas outside parentheses, brackets, quotes and strings, each piece stripped; an empty
     * text is no piece.
     */
    static List<String> splitTopLevel(String text) throws Lexer.LexError {
        List<String> pieces = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (Lexer.Token t : Lexer.tokens(text, Lexer.Comments.KEEP)) {
            if (t.is("(") || t.is("[")) {
                depth++;
            } else if (t.is(")") || t.is("]")) {
                depth--;
            } else if (t.is(",") && depth == 0) {
                pieces.add(text.substring(from, t.start()).strip());
                from = t.end();
            }
        }
        String last = text.substring(from).strip();
        if (!last.isEmpty() || !pieces.isEmpty()) {
            pieces.add(last);
        }
        return pieces;
    }

    /**
     * A list setting's value as PostgreSQL stores it, from the names written in {@code value}: joined by {@code ", "},
     * each quoted where an identifier needs it; an empty name, and so an empty list ({@code search_path: ''}), is
     * {@code ""}, as {@code SET search_path = ''} stores it.
     */
    public static String storedList(String value) {
        List<String> names = splitGucList(value);
        if (names.isEmpty()) {
            return "\"\"";
        }
        return names.stream().map(n -> n.isEmpty() ? "\"\"" : Identifiers.quote(n)).collect(Collectors.joining(", "));
    }

    /**
     * A list setting's value as {@code proconfig} holds it ({@code "$user", public}) cut into its names, as the
     * server's {@code SplitGUCList} does: commas outside double quotes separate, quotes are undone, no case folding.
     */
    static List<String> splitGucList(String value) {
        List<String> names = new ArrayList<>();
        var current = new StringBuilder();
        boolean quoted = false;
        boolean sawQuote = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                sawQuote = true;
                if (quoted && i + 1 < value.length() && value.charAt(i + 1) == '"') {
                    current.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                names.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        // A quoted empty name ("", what SET search_path = '' stores) is a name; nothing at all is no name.
        if (!current.toString().isBlank() || !names.isEmpty() || sawQuote) {
            names.add(current.toString().strip());
        }
        return names;
    }

    /** Functions. */
    ObjectDdl<Routine> FUNCTION_DDL = ddl(Routine.Kind.FUNCTION);

    /** Procedures. */
    ObjectDdl<Routine> PROCEDURE_DDL = ddl(Routine.Kind.PROCEDURE);

    private static ObjectDdl<Routine> ddl(Routine.Kind kind) {
        return new ObjectDdl<>() {
            public String kind() {
                return kind.word();
            }

            public Class<Routine> type() {
                return Routine.class;
            }

            /** Before tables: a column default or a check may call a function. */
            public Placement placement() {
                return Placement.BEFORE_TABLES;
            }

            public List<Statement> create(QualifiedName name, Routine routine) {
                return RoutineStatement.create(name, routine);
            }
        };
    }
}
