package dev.strata.catalog;

import dev.strata.model.Deferrability;
import dev.strata.model.QualifiedName;
import dev.strata.model.SchemaObject;
import dev.strata.model.Trigger;
import dev.strata.plan.Scaffolding;
import dev.strata.sql.Lexer;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Triggers on the tables and views of the schemas in scope, constraint triggers included, from {@code pg_trigger}'s
 * columns; the condition is the {@code WHEN} part of {@code pg_get_triggerdef}. Left out, as the unmanaged report
 * leaves them out: internal triggers (foreign keys) and the clones a partitioned table's trigger makes on its
 * partitions; also Strata's own sync triggers, whose function carries the {@link Scaffolding} marker: only a
 * migration in progress needs them, so a plan must neither show nor drop them.
 */
final class TriggerQuery implements ObjectQuery {

    private static final String SQL = CatalogSql.SCOPE + """
            SELECT s.nspname, c.relname::text AS relname, tg.tgname::text AS tgname, tg.tgtype::int AS tgtype,
                   ARRAY(SELECT a.attname::text FROM unnest(tg.tgattr::int2[]) WITH ORDINALITY u(attnum, n)
                         JOIN pg_attribute a ON a.attrelid = tg.tgrelid AND a.attnum = u.attnum ORDER BY u.n) AS update_of,
                   tg.tgoldtable::text AS old_table, tg.tgnewtable::text AS new_table,
                   fn.nspname::text AS fschema, p.proname::text AS fname,
                   (SELECT array_agg(convert_from(substring(tg.tgargs FROM b.s FOR b.e - b.s), getdatabaseencoding())
                                     ORDER BY b.e)
                    FROM (SELECT z.i + 1 AS e, coalesce(lag(z.i + 2) OVER (ORDER BY z.i), 1) AS s
                          FROM generate_series(0, length(tg.tgargs) - 1) z(i) WHERE get_byte(tg.tgargs, z.i) = 0) b)
                     AS arguments,
                   tg.tgenabled::text AS enabled, CASE WHEN tg.tgqual IS NOT NULL THEN pg_get_triggerdef(tg.oid) END AS def,
                   obj_description(tg.oid, 'pg_trigger') AS comment,
                   tg.tgconstraint <> 0 AS is_constraint, tg.tgdeferrable, tg.tginitdeferred,
                   (SELECT ARRAY[rn.nspname::text, rc.relname::text] FROM pg_class rc
                    JOIN pg_namespace rn ON rn.oid = rc.relnamespace WHERE rc.oid = tg.tgconstrrelid) AS constraint_from
            FROM pg_trigger tg
            JOIN pg_class c ON c.oid = tg.tgrelid JOIN scope s ON s.nsoid = c.relnamespace
            JOIN pg_proc p ON p.oid = tg.tgfoid JOIN pg_namespace fn ON fn.oid = p.pronamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'f') AND NOT tg.tgisinternal AND tg.tgparentid = 0
              AND NOT EXISTS (SELECT 1 FROM pg_description d WHERE d.classoid = 'pg_proc'::regclass
                              AND d.objoid = p.oid AND d.objsubid = 0 AND starts_with(d.description, ?))
            ORDER BY s.nspname, c.relname, tg.tgname
            """;

    // tgtype bits (src/include/catalog/pg_trigger.h)
    private static final int ROW = 1;
    private static final int BEFORE = 1 << 1;
    private static final int INSERT = 1 << 2;
    private static final int DELETE = 1 << 3;
    private static final int UPDATE = 1 << 4;
    private static final int TRUNCATE = 1 << 5;
    private static final int INSTEAD = 1 << 6;

    @Override
    public String kind() {
        return Trigger.KIND;
    }

    @Override
    public List<Map.Entry<String, SchemaObject>> read(Connection c, Object scope) throws SQLException {
        return Rows.query(c, SQL, r -> {
            String schema = r.string("nspname");
            int type = (int) r.number("tgtype");
            List<Trigger.Event> events = new ArrayList<>();
            if ((type & INSERT) != 0) {
                events.add(Trigger.Event.INSERT);
            }
            if ((type & DELETE) != 0) {
                events.add(Trigger.Event.DELETE);
            }
            if ((type & UPDATE) != 0) {
                events.add(Trigger.Event.UPDATE);
            }
            if ((type & TRUNCATE) != 0) {
                events.add(Trigger.Event.TRUNCATE);
            }
            Trigger.Timing timing = (type & BEFORE) != 0 ? Trigger.Timing.BEFORE
                    : (type & INSTEAD) != 0 ? Trigger.Timing.INSTEAD_OF : Trigger.Timing.AFTER;
            String name = r.string("tgname");
            Optional<String> def = r.optionalString("def");
            Optional<String> when = def.isPresent() ? Optional.of(when(def.get(), name)) : Optional.empty();
            List<String> from = r.strings("constraint_from");
            Optional<Trigger.Constraint> constraint = r.bool("is_constraint") ? Optional.of(new Trigger.Constraint(
                    !r.bool("tgdeferrable") ? Deferrability.NOT_DEFERRABLE : r.bool("tginitdeferred")
                            ? Deferrability.DEFERRABLE_INITIALLY_DEFERRED : Deferrability.DEFERRABLE_INITIALLY_IMMEDIATE,
                    from.isEmpty() ? Optional.empty() : Optional.of(QualifiedName.of(from.get(0), from.get(1)))))
                    : Optional.empty();
            return Map.<String, SchemaObject>entry(schema, new Trigger(QualifiedName.of(schema, r.string("relname")), name,
                    timing, events, r.strings("update_of"), (type & ROW) != 0, when, r.optionalString("old_table"),
                    r.optionalString("new_table"), QualifiedName.of(r.string("fschema"), r.string("fname")),
                    r.strings("arguments"), Trigger.Enabled.ofCode(r.string("enabled")), r.optionalString("comment"), constraint));
        }, scope, Scaffolding.PREFIX);
    }

    /**
     * The condition of {@code CREATE TRIGGER … WHEN (condition) EXECUTE …} as PostgreSQL printed it: the text inside
     * the parentheses after the first bare {@code WHEN} (a reserved word, so a name spelt so is quoted).
     */
    static String when(String definition, String trigger) throws SQLException {
        List<Lexer.Token> tokens;
        try {
            tokens = Lexer.tokens(definition);
        } catch (Lexer.LexError e) {
            throw new SQLException("pg_get_triggerdef of trigger " + trigger + " does not lex: " + e.getMessage());
        }
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).kind() == Lexer.Kind.WORD && tokens.get(i).isWord("when") && tokens.get(i + 1).is("(")) {
                int depth = 0;
                for (int j = i + 1; j < tokens.size(); j++) {
                    Lexer.Token t = tokens.get(j);
                    depth += t.is("(") ? 1 : t.is(")") ? -1 : 0;
                    if (depth == 0) {
                        return definition.substring(tokens.get(i + 1).end(), t.start());
                    }
                }
            }
        }
        throw new SQLException("pg_get_triggerdef of trigger " + trigger + " has no WHEN condition: " + definition);
    }
}
