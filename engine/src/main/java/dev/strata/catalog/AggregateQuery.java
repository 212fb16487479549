package dev.strata.catalog;

import dev.strata.model.Aggregate;
import dev.strata.model.QualifiedName;
import dev.strata.model.Routine;
import dev.strata.model.SchemaObject;
import dev.strata.sql.OperatorNames;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ordinary aggregates in a schema in scope, as PostgreSQL holds them. Left out, and so still reported as unmanaged by
 * {@code CatalogSql.UNMANAGED}: ordered-set and hypothetical-set aggregates (kind {@code ordered-set aggregate}, with
 * their support functions), members of an extension and aggregates an object owns internally.
 */
final class AggregateQuery implements ObjectQuery {

    /** A support function (or the sort operator) of the aggregate as {@code ARRAY[schema, name]}, NULL for none. */
    private static String reference(String catalog, String column) {
        String name = catalog.equals("pg_operator") ? "oprname" : "proname";
        String namespace = catalog.equals("pg_operator") ? "oprnamespace" : "pronamespace";
        return "(SELECT ARRAY[rn.nspname::text, r." + name + "::text] FROM " + catalog + " r"
                + " JOIN pg_namespace rn ON rn.oid = r." + namespace + " WHERE r.oid = g." + column + ") AS " + column;
    }

    private static final String SQL = CatalogSql.SCOPE + """
            SELECT s.nspname, p.proname::text AS proname,
                   ARRAY(SELECT format_type(t.oid, NULL) FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY AS a(oid, i)
                         JOIN pg_type t ON t.oid = a.oid ORDER BY a.i) AS argtypes,
                   coalesce(p.proargmodes::text[], array_fill('i'::text, ARRAY[p.pronargs::int])) AS argmodes,
                   coalesce(p.proargnames, array_fill(''::text, ARRAY[p.pronargs::int])) AS argnames,
                   %s, %s, %s, %s, %s, %s, %s, %s, %s,
                   format_type(g.aggtranstype, NULL) AS stype, g.aggtransspace, g.agginitval,
                   g.aggfinalextra, g.aggfinalmodify::text AS aggfinalmodify,
                   CASE WHEN g.aggmtranstype <> 0 THEN format_type(g.aggmtranstype, NULL) END AS mstype,
                   g.aggmtransspace, g.aggminitval, g.aggmfinalextra, g.aggmfinalmodify::text AS aggmfinalmodify,
                   p.proparallel::text AS parallel, obj_description(p.oid, 'pg_proc') AS comment
            FROM pg_proc p
            JOIN scope s ON s.nsoid = p.pronamespace
            JOIN pg_aggregate g ON g.aggfnoid = p.oid
            WHERE p.prokind = 'a' AND g.aggkind = 'n'
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                              AND d.deptype IN ('e', 'i'))
            ORDER BY s.nspname, p.proname, p.oid
            """.formatted(reference("pg_proc", "aggtransfn"), reference("pg_proc", "aggfinalfn"),
            reference("pg_proc", "aggcombinefn"), reference("pg_proc", "aggserialfn"),
            reference("pg_proc", "aggdeserialfn"), reference("pg_proc", "aggmtransfn"),
            reference("pg_proc", "aggminvtransfn"), reference("pg_proc", "aggmfinalfn"),
            reference("pg_operator", "aggsortop"));

    @Override
    public String kind() {
        return Aggregate.KIND;
    }

    @Override
    public List<Map.Entry<String, SchemaObject>> read(Connection c, Object scope) throws SQLException {
        return Rows.query(c, SQL, r -> Map.<String, SchemaObject>entry(r.string("nspname"), aggregate(r)), scope);
    }

    private static Aggregate aggregate(Rows r) throws SQLException {
        var state = new Aggregate.Transition(function(r, "aggtransfn").orElseThrow(), r.string("stype"),
                (int) r.number("aggtransspace"), r.optionalString("agginitval"));
        var finalFunction = finalFunction(r, "aggfinalfn", "aggfinalextra", "aggfinalmodify");
        Optional<Aggregate.Moving> moving = Optional.empty();
        var msfunc = function(r, "aggmtransfn");
        if (msfunc.isPresent()) {
            var mstate = new Aggregate.Transition(msfunc.get(), r.string("mstype"), (int) r.number("aggmtransspace"),
                    r.optionalString("aggminitval"));
            var mfinal = finalFunction(r, "aggmfinalfn", "aggmfinalextra", "aggmfinalmodify");
            moving = Optional.of(new Aggregate.Moving(mstate, function(r, "aggminvtransfn").orElseThrow(), mfinal));
        }
        List<String> sortop = r.strings("aggsortop");
        Optional<String> sortOperator = sortop.isEmpty() ? Optional.empty()
                : Optional.of(new OperatorNames.Parsed(sortop.get(0).equals("pg_catalog") ? Optional.empty()
                        : Optional.of(sortop.get(0)), sortop.get(1)).sql());
        return new Aggregate(r.string("proname"), arguments(r), state, finalFunction, function(r, "aggcombinefn"),
                function(r, "aggserialfn"), function(r, "aggdeserialfn"), moving, sortOperator,
                switch (r.string("parallel")) {
                    case "s" -> Routine.Parallel.SAFE;
                    case "r" -> Routine.Parallel.RESTRICTED;
                    default -> Routine.Parallel.UNSAFE;
                }, r.optionalString("comment"));
    }

    private static Optional<QualifiedName> function(Rows r, String column) throws SQLException {
        List<String> parts = r.strings(column);
        return parts.isEmpty() ? Optional.empty() : Optional.of(QualifiedName.of(parts.get(0), parts.get(1)));
    }

    private static Optional<Aggregate.Final> finalFunction(Rows r, String function, String extra, String modify)
            throws SQLException {
        var f = function(r, function);
        if (f.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Aggregate.Final(f.get(), r.bool(extra), switch (r.string(modify)) {
            case "s" -> Aggregate.Modify.SHAREABLE;
            case "w" -> Aggregate.Modify.READ_WRITE;
            default -> Aggregate.Modify.READ_ONLY;
        }));
    }

    private static List<Routine.Argument> arguments(Rows r) throws SQLException {
        List<String> types = r.strings("argtypes");
        List<String> modes = r.strings("argmodes");
        List<String> names = r.strings("argnames");
        List<Routine.Argument> arguments = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            String name = i < names.size() ? names.get(i) : "";
            arguments.add(new Routine.Argument(modes.get(i).equals("v") ? Routine.Mode.VARIADIC : Routine.Mode.IN,
                    name.isEmpty() ? Optional.empty() : Optional.of(name), types.get(i), Optional.empty()));
        }
        return arguments;
    }
}
