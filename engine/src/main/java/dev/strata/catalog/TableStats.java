package dev.strata.catalog;

import dev.strata.diagnostics.StrataException;
import dev.strata.model.QualifiedName;
import dev.strata.sql.Identifiers;
import dev.strata.sql.Literals;

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
     * On-disk size including indexes and TOAST, and the planner's row estimate; for a table never analysed, or
     * analysed while empty, the rows counted instead (-1 when it may not be read); and whether the table held no
     * row at all (counted, never estimated).
     *
     * @param standalone whether dropping and creating the table again would lose nothing the model does not hold:
     *                   nothing outside the table depends on it or its row type (a view, another table's foreign key
     *                   or column, a function), it has no grants, rules, publications, extended statistics, security
     *                   labels, storage parameters, a tablespace, a replica identity, column options, storage or
     *                   compression, or inheritance, the connected role owns it (with no default privileges that a
     *                   new table would take on), and no identity sequence
     *                   of it has handed out a value. Read with the catalog, re-checked by nothing: a rebuild relies on
     *                   it only together with {@code empty}, and its guard re-checks emptiness under its lock.
     */
    public record TableSize(long bytes, long estimatedRows, boolean empty, boolean standalone) {

        public TableSize(long bytes, long estimatedRows, boolean empty) {
            this(bytes, estimatedRows, empty, false);
        }
    }

    /**
     * Rows counted at most for a table without statistics; past that, the count is scaled by the pages not yet
     * read. It keeps {@code plan} quick on a big table that was never analysed.
     */
    static final long COUNT_LIMIT = 1_000_000;

    private static final String SQL = """
            SELECT n.nspname::text AS nspname, c.relname::text AS relname,
                   pg_catalog.pg_total_relation_size(c.oid) AS bytes,
                   c.reltuples::bigint AS estimated_rows,
                   pg_catalog.has_table_privilege(c.oid, 'SELECT') AND c.relispopulated AS readable,
                   c.relkind = 'r' AND NOT c.relispartition AND NOT c.relhassubclass AND NOT c.relhasrules
                     AND c.relacl IS NULL AND pg_catalog.pg_get_userbyid(c.relowner) = current_user
                     AND c.reloptions IS NULL AND c.reltablespace = 0 AND c.relreplident = 'd'
                     AND NOT EXISTS (SELECT FROM pg_catalog.pg_inherits i WHERE i.inhrelid = c.oid OR i.inhparent = c.oid)
                     AND NOT EXISTS (SELECT FROM pg_catalog.pg_publication_rel p WHERE p.prrelid = c.oid)
                     AND NOT EXISTS (SELECT FROM pg_catalog.pg_default_acl da WHERE da.defaclrole = c.relowner
                                       AND da.defaclobjtype = 'r' AND da.defaclnamespace IN (0, c.relnamespace))
                     AND NOT EXISTS (SELECT FROM pg_catalog.pg_statistic_ext x WHERE x.stxrelid = c.oid)
                     AND NOT EXISTS (SELECT FROM pg_catalog.pg_seclabel l
                                     WHERE l.classoid = 'pg_catalog.pg_class'::regclass AND l.objoid = c.oid)
                     AND NOT EXISTS (SELECT FROM pg_catalog.pg_attribute a
                                     WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                                       AND (a.attacl IS NOT NULL OR a.attoptions IS NOT NULL OR a.attstattarget > 0
                                            OR a.attcompression <> ''
                                            OR a.attstorage <> (SELECT y.typstorage FROM pg_catalog.pg_type y WHERE y.oid = a.atttypid)))
                     AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
                                     JOIN pg_catalog.pg_class s ON d.classid = 'pg_catalog.pg_class'::regclass AND s.oid = d.objid
                                     WHERE d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = c.oid
                                       AND d.deptype = 'i'
                                       AND CASE WHEN s.relkind = 'S' THEN pg_catalog.pg_sequence_last_value(s.oid) IS NOT NULL END)
                     AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
                                     WHERE d.refobjid IN (c.oid, c.reltype) AND d.deptype = 'n'
                                       AND d.refclassid IN ('pg_catalog.pg_class'::regclass, 'pg_catalog.pg_type'::regclass)
                                       AND NOT (d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid)
                                       AND NOT (d.classid = 'pg_catalog.pg_constraint'::regclass AND EXISTS (
                                           SELECT FROM pg_catalog.pg_constraint k WHERE k.oid = d.objid AND k.conrelid = c.oid))
                                       AND NOT (d.classid = 'pg_catalog.pg_trigger'::regclass AND EXISTS (
                                           SELECT FROM pg_catalog.pg_trigger t WHERE t.oid = d.objid AND t.tgrelid = c.oid))
                                       AND NOT (d.classid = 'pg_catalog.pg_policy'::regclass AND EXISTS (
                                           SELECT FROM pg_catalog.pg_policy o WHERE o.oid = d.objid AND o.polrelid = c.oid))
                                       AND NOT (d.classid = 'pg_catalog.pg_attrdef'::regclass AND EXISTS (
                                           SELECT FROM pg_catalog.pg_attrdef f WHERE f.oid = d.objid AND f.adrelid = c.oid))
                                       AND NOT (d.classid = 'pg_catalog.pg_class'::regclass AND EXISTS (
                                           SELECT FROM pg_catalog.pg_index x WHERE x.indexrelid = d.objid AND x.indrelid = c.oid)))
                     AS standalone
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
            record Found(QualifiedName name, long bytes, long estimate, boolean readable, boolean standalone) {}
            for (Found f : Rows.query(c, SQL, r -> new Found(new QualifiedName(r.string("nspname"), r.string("relname")),
                    r.number("bytes"), r.number("estimated_rows"), r.bool("readable"), r.bool("standalone")), schemas, names)) {
                // reltuples is -1 until the first ANALYZE or VACUUM (0 on PostgreSQL 13 and older, or when analysed
                // empty): no estimate at all, and "about 0 rows" would understate what a drop deletes. The count
                // also tells an empty table from one the estimate only calls empty.
                long rows = f.estimate() > 0 ? f.estimate() : f.readable() ? counted(c, f.name()) : -1;
                sizes.put(f.name(), new TableSize(f.bytes(), rows, f.estimate() <= 0 && rows == 0, f.standalone()));
            }
            return Collections.unmodifiableMap(sizes);
        } catch (SQLException e) {
            throw new StrataException("cannot read table sizes: " + e.getMessage(), e);
        }
    }

    /** The rows of a table, counted up to {@link #COUNT_LIMIT} and extrapolated over its pages beyond that. */
    private static long counted(Connection c, QualifiedName table) throws SQLException {
        String sql = "SELECT count(*) AS n, coalesce(max((ctid::text::point)[0]), 0)::bigint + 1 AS pages_read,"
                + " pg_catalog.pg_relation_size(" + Literals.quote(Identifiers.qualified(table)) + "::regclass)"
                + " / current_setting('block_size')::bigint AS pages"
                + " FROM (SELECT ctid FROM " + Identifiers.qualified(table) + " LIMIT " + COUNT_LIMIT + ") AS sample";
        record Count(long rows, long pagesRead, long pages) {}
        Count count = Rows.query(c, sql, r -> new Count(r.number("n"), r.number("pages_read"), r.number("pages")))
                .getFirst();
        if (count.rows() < COUNT_LIMIT || count.pages() <= count.pagesRead()) {
            return count.rows();
        }
        return count.rows() * count.pages() / count.pagesRead();
    }
}
