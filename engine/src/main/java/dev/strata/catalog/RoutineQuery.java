package dev.strata.catalog;

import dev.strata.ddl.RoutineStatement;
import dev.strata.model.Routine;
import dev.strata.model.SchemaObject;
import dev.strata.plan.Scaffolding;
import dev.strata.sql.Lexer;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Functions or procedures in a schema in scope, as PostgreSQL prints them. Left out, and so still reported as
 * unmanaged by {@code CatalogSql.UNMANAGED}: window functions (another kind there), the support functions of an
 * ordered-set aggregate (which Strata does not manage either), members of an
 * extension, routines an object owns internally, the sync functions of an unfinished migration (marked by
 * {@link Scaffolding}: Strata's, never the project's) and C functions (a library file, not a body). A SQL-standard
 * body ({@code BEGIN ATOMIC … END}, {@code RETURN …}: {@code prosqlbody} set, {@code prosrc} empty) is kept as a parse
 * tree; it is read as {@code pg_get_function_sqlbody} prints it (with the reader's empty search_path, so names are
 * schema-qualified), the text {@code pg_get_functiondef} ends with.
 */
final class RoutineQuery implements ObjectQuery {

    private static final String SQL = CatalogSql.SCOPE + """
            SELECT s.nspname, p.proname::text AS proname, l.lanname::text AS lanname,
                   ARRAY(SELECT format_type(t.oid, NULL)
                         FROM unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) WITH ORDINALITY AS a(oid, i)
                         JOIN pg_type t ON t.oid = a.oid ORDER BY a.i) AS argtypes,
                   coalesce(p.proargmodes::text[], array_fill('i'::text, ARRAY[p.pronargs::int])) AS argmodes,
                   coalesce(p.proargnames, array_fill(''::text, ARRAY[p.pronargs::int])) AS argnames,
                   pg_get_function_arguments(p.oid) AS arguments, pg_get_function_result(p.oid) AS result,
                   p.provolatile::text AS volatility, p.proisstrict, p.prosecdef, p.proleakproof,
                   p.proparallel::text AS parallel, p.procost::numeric::text AS cost, p.prorows::numeric::text AS rows,
                   p.proretset, p.proconfig, p.prosrc,
                   CASE WHEN p.prosqlbody IS NOT NULL THEN pg_get_function_sqlbody(p.oid) END AS sqlbody,
                   obj_description(p.oid, 'pg_proc') AS comment
            FROM pg_proc p
            JOIN scope s ON s.nsoid = p.pronamespace
            JOIN pg_language l ON l.oid = p.prolang
            WHERE p.prokind = ?::text::"char" AND l.lanname <> 'c'
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                              AND d.deptype IN ('e', 'i'))
              AND left(coalesce(obj_description(p.oid, 'pg_proc'), ''), length(?)) <> ?
              -- A function an ordered-set aggregate is built from goes with the aggregate, which Strata does not manage.
              AND NOT EXISTS (SELECT 1 FROM pg_aggregate ag WHERE ag.aggkind <> 'n' AND p.oid IN (ag.aggtransfn, ag.aggfinalfn, ag.aggcombinefn, ag.aggserialfn,
                                     ag.aggdeserialfn, ag.aggmtransfn, ag.aggminvtransfn, ag.aggmfinalfn))
            ORDER BY s.nspname, p.proname, p.oid
            """;

    private final Routine.Kind kind;

    RoutineQuery(Routine.Kind kind) {
        this.kind = kind;
    }

    @Override
    public String kind() {
        return kind.word();
    }

    @Override
    public List<Map.Entry<String, SchemaObject>> read(Connection c, Object scope) throws SQLException {
        String prokind = kind == Routine.Kind.PROCEDURE ? "p" : "f";
        return Rows.query(c, SQL, r -> Map.<String, SchemaObject>entry(r.string("nspname"), routine(r)), scope, prokind,
                Scaffolding.PREFIX, Scaffolding.PREFIX);
    }

    private Routine routine(Rows r) throws SQLException {
        String language = r.string("lanname");
        Optional<String> result = r.optionalString("result");
        boolean set = r.bool("proretset");
        var cost = new BigDecimal(r.string("cost"));
        var rows = new BigDecimal(r.string("rows"));
        Optional<String> sqlBody = r.optionalString("sqlbody");
        Map<String, String> settings = new TreeMap<>();
        for (String item : r.strings("proconfig")) {
            int eq = item.indexOf('=');
            settings.put(item.substring(0, eq), item.substring(eq + 1));
        }
        return new Routine(kind, r.string("proname"), arguments(r), kind == Routine.Kind.PROCEDURE ? Optional.empty() : result,
                language, switch (r.string("volatility")) {
                    case "i" -> Routine.Volatility.IMMUTABLE;
                    case "s" -> Routine.Volatility.STABLE;
                    default -> Routine.Volatility.VOLATILE;
                }, r.bool("proisstrict"), r.bool("prosecdef"), r.bool("proleakproof"), switch (r.string("parallel")) {
                    case "s" -> Routine.Parallel.SAFE;
                    case "r" -> Routine.Parallel.RESTRICTED;
                    default -> Routine.Parallel.UNSAFE;
                },
                cost.compareTo(Routine.defaultCost(language)) == 0 ? Optional.empty() : Optional.of(cost),
                rows.compareTo(Routine.defaultRows(set)) == 0 ? Optional.empty() : Optional.of(rows),
                settings, sqlBody.orElse(r.string("prosrc")), r.optionalString("comment"),
                sqlBody.isPresent() ? Routine.BodyForm.STANDARD : Routine.BodyForm.QUOTED);
    }

    /**
     * The arguments but a {@code TABLE} result's columns, each default cut from {@code pg_get_function_arguments}
     * (which prints one per argument, in order, defaults deparsed after the word {@code DEFAULT}).
     */
    private static List<Routine.Argument> arguments(Rows r) throws SQLException {
        List<String> types = r.strings("argtypes");
        List<String> modes = r.strings("argmodes");
        List<String> names = r.strings("argnames");
        List<String> printed;
        try {
            printed = RoutineStatement.splitTopLevel(r.string("arguments"));
        } catch (Lexer.LexError e) {
            throw new SQLException("cannot read the arguments PostgreSQL printed: " + e.getMessage(), e);
        }
        List<Routine.Argument> arguments = new ArrayList<>();
        int piece = 0;
        for (int i = 0; i < types.size(); i++) {
            Routine.Mode mode = switch (modes.get(i)) {
                case "o" -> Routine.Mode.OUT;
                case "b" -> Routine.Mode.INOUT;
                case "v" -> Routine.Mode.VARIADIC;
                case "t" -> null;
                default -> Routine.Mode.IN;
            };
            if (mode == null) {
                continue;
            }
            String name = i < names.size() ? names.get(i) : "";
            arguments.add(new Routine.Argument(mode, name.isEmpty() ? Optional.empty() : Optional.of(name), types.get(i),
                    defaultOf(printed.get(piece++))));
        }
        return arguments;
    }

    private static Optional<String> defaultOf(String printedArgument) throws SQLException {
        try {
            for (Lexer.Token t : Lexer.tokens(printedArgument)) {
                if (t.isWord("default")) {
                    return Optional.of(printedArgument.substring(t.end()).strip());
                }
            }
            return Optional.empty();
        } catch (Lexer.LexError e) {
            throw new SQLException("cannot read the argument PostgreSQL printed: " + e.getMessage(), e);
        }
    }
}
