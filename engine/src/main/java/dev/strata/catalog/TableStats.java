package dev.strata.catalog;

import dev.strata.diagnostics.StrataException;
import dev.strata.model.QualifiedName;
import dev.strata.sql.Identifiers;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Sizes of tables, for the planner to show how heavy a change is. */
public final class TableStats {

    private TableStats() {}

    /**
     * On-disk size including indexes and TOAST, the planner's row estimate (0 if never analyzed), and whether
     * the table holds no row at all (read for tables the estimate calls empty, when the role may read them).
     */
    public record TableSize(long bytes, long estimatedRows, boolean empty) {}

    private static final String SQL = """
            SELECT n.nspname::text AS nspname, c.relname::text AS relname,
                   pg_catalog.pg_total_relation_size(c.oid) AS bytes,
                   greatest(c.reltuples, 0)::bigint AS estimated_rows,
                   c.reltuples <= 0 AND pg_catalog.has_table_privilege(c.oid, 'SELECT') AS may_be_empty
            FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            JOIN ROWS FROM (pg_catalog.unnest(?::text[]), pg_catalog.unnest(?::text[])) AS wanted(nspname, relname)
              ON wanted.nspname = n.nspname AND wanted.relname = c.relname
            WHERE c.relkind IN ('r', 'p', 'm')
            """;

    /** Tables that do not exist are absent from the result, which is sorted by name. */
    public static Map<QualifiedName, TableSize> read(Connection c, Collection<QualifiedName> tables) {
        try {
            var schemas = c.createArrayOf("text", tables.stream().map(QualifiedName::schema).toArray());
            var names = c.createArrayOf("text", tables.stream().map(QualifiedName::name).toArray());
            Map<QualifiedName, TableSize> sizes = new TreeMap<>();
            for (var entry : Rows.query(c, SQL, r -> Map.entry(
                    new QualifiedName(r.string("nspname"), r.string("relname")),
                    new TableSize(r.number("bytes"), r.number("estimated_rows"), r.bool("may_be_empty"))), schemas, names)) {
                TableSize size = entry.getValue();
                // The estimate only says "maybe": a table never analyzed has reltuples -1 (0 before PostgreSQL 14).
                boolean empty = size.empty() && Rows.query(c, "SELECT NOT EXISTS (SELECT 1 FROM "
                        + Identifiers.qualified(entry.getKey()) + ") AS empty", r -> r.bool("empty")).getFirst();
                sizes.put(entry.getKey(), new TableSize(size.bytes(), size.estimatedRows(), empty));
            }
            return Collections.unmodifiableMap(sizes);
        } catch (SQLException e) {
            throw new StrataException("cannot read table sizes: " + e.getMessage(), e);
        }
    }
}
