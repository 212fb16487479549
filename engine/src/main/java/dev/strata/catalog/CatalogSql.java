package dev.strata.catalog;

/**
 * The bulk catalog queries, one per object kind. Each starts from the {@code scope} CTE (the
 * schemas to read) and takes one parameter: the requested schema names, empty for all. They run
 * with {@code search_path = ''}, so PostgreSQL's deparsers qualify every user object.
 */
final class CatalogSql {

    private CatalogSql() {}

    static final String VERSION = "SELECT current_setting('server_version_num')::int AS num";

    /**
     * Non-system schemas, minus Strata's own (state and retained drops) and those an extension created. Every other query
     * joins it, so the same rule decides what is in scope everywhere.
     */
    static final String SCOPE = """
            WITH wanted AS (SELECT ?::text[] AS names),
            scope AS (
              SELECT n.oid AS nsoid, n.nspname::text AS nspname
              FROM pg_namespace n, wanted w
              WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'strata', 'strata_archive')
                AND left(n.nspname, 8) <> 'pg_toast' AND left(n.nspname, 7) <> 'pg_temp'
                AND (cardinality(w.names) = 0 OR n.nspname = ANY (w.names))
                AND NOT %s
            )
            """.formatted(fromExtension("pg_namespace", "n.oid"));

    /** Whether the object is a member of an extension (dependency type 'e'). */
    static String fromExtension(String catalog, String oid) {
        return " EXISTS (SELECT 1 FROM pg_depend ext WHERE ext.classid = '" + catalog
                + "'::regclass AND ext.objid = " + oid + " AND ext.deptype = 'e')";
    }

    /**
     * Whether relation {@code rel} is a table Strata manages: an ordinary or partitioned table, a partition included,
     * but not an inheritance child (a child by {@code INHERITS}).
     */
    static String managedTable(String rel) {
        return "(" + rel + ".relkind IN ('r', 'p') AND (" + rel + ".relispartition OR NOT EXISTS (SELECT 1 FROM pg_inherits inh"
                + " WHERE inh.inhrelid = " + rel + ".oid)))";
    }

    /** Tables Strata manages: ordinary and partitioned tables and partitions, not inheritance children. */
    static final String MANAGED_TABLE = " " + managedTable("c") + " AND NOT " + fromExtension("pg_class", "c.oid");

    static final String NAMESPACES = SCOPE + "SELECT nspname FROM scope ORDER BY nspname";

    /** With no names: how many schemas Strata manages, to tell whether a read of some was a read of all. */
    static final String SCHEMA_COUNT = SCOPE + "SELECT count(*) AS n FROM scope";

    static final String TABLES = SCOPE + """
            SELECT c.oid::bigint AS oid, s.nspname, c.relname::text AS relname,
                   obj_description(c.oid, 'pg_class') AS comment, c.relrowsecurity, c.relforcerowsecurity,
                   c.relpersistence = 'u' AS unlogged,
                   CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_by,
                   pn.nspname::text AS parent_schema, pc.relname::text AS parent_name, pi.inhparent::bigint AS parent_oid,
                   CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS partition_bound
            FROM pg_class c JOIN scope s ON s.nsoid = c.relnamespace
            LEFT JOIN pg_inherits pi ON c.relispartition AND pi.inhrelid = c.oid
            LEFT JOIN pg_class pc ON pc.oid = pi.inhparent
            LEFT JOIN pg_namespace pn ON pn.oid = pc.relnamespace
            WHERE """ + MANAGED_TABLE + " ORDER BY c.oid";

    static final String COLUMNS = SCOPE + """
            SELECT a.attrelid::bigint AS relid, a.attname::text AS attname,
                   format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull,
                   CASE WHEN a.attidentity = '' AND a.attgenerated = '' THEN pg_get_expr(ad.adbin, ad.adrelid) END AS default_expr,
                   CASE WHEN a.attgenerated IN ('s', 'v') THEN pg_get_expr(ad.adbin, ad.adrelid) END AS generated_expr,
                   a.attgenerated = 'v' AS virtual,
                   (SELECT nn.conname::text FROM pg_constraint nn WHERE nn.conrelid = a.attrelid AND nn.contype = 'n'
                      AND nn.conkey[1] = a.attnum) AS not_null_name,
                   a.attidentity::text AS identity,
                   q.seqstart, q.seqincrement, q.seqmin, q.seqmax, q.seqcache, q.seqcycle,
                   CASE WHEN a.attcollation <> t.typcollation THEN
                     CASE WHEN cn.nspname = 'pg_catalog' THEN co.collname::text ELSE cn.nspname || '.' || co.collname END
                   END AS collation,
                   col_description(a.attrelid, a.attnum) AS comment
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN scope s ON s.nsoid = c.relnamespace
            JOIN pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
            LEFT JOIN pg_collation co ON co.oid = a.attcollation
            LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
            LEFT JOIN pg_depend idd ON a.attidentity <> '' AND idd.classid = 'pg_class'::regclass
                 AND idd.refclassid = 'pg_class'::regclass AND idd.refobjid = a.attrelid
                 AND idd.refobjsubid = a.attnum AND idd.deptype = 'i'
            LEFT JOIN pg_sequence q ON q.seqrelid = idd.objid
            WHERE a.attnum > 0 AND NOT a.attisdropped AND """ + MANAGED_TABLE + """

            ORDER BY a.attrelid, a.attnum
            """;

    private static String attributeNames(String keys, String relation) {
        return "ARRAY(SELECT a.attname::text FROM unnest(" + keys + ") WITH ORDINALITY k(num, ord)"
                + " JOIN pg_attribute a ON a.attrelid = " + relation + " AND a.attnum = k.num ORDER BY k.ord)";
    }

    static String constraints(ServerVersion version) {
        String nullsNotDistinct = version.atLeast(15) ? "coalesce(ci.indnullsnotdistinct, false)" : "false";
        // PostgreSQL 18's temporal keys: WITHOUT OVERLAPS on a key's last column, PERIOD on a foreign key's.
        String period = version.atLeast(18) ? "con.conperiod" : "false";
        return SCOPE + """
                SELECT con.conrelid::bigint AS relid, con.conname::text AS conname, con.contype::text AS contype,
                       con.condeferrable, con.condeferred, con.connoinherit, con.convalidated,
                       %s AS columns,
                       fs.nspname::text AS ref_schema, fc.relname::text AS ref_table,
                       %s AS ref_columns,
                       con.confupdtype::text AS on_update, con.confdeltype::text AS on_delete,
                       con.confmatchtype::text AS match_type,
                       CASE WHEN con.contype = 'c' THEN pg_get_expr(con.conbin, con.conrelid) END AS check_expr,
                       con.conindid::bigint AS index_oid,
                       ARRAY(SELECT CASE WHEN opn.nspname = 'pg_catalog' THEN op.oprname::text
                                         ELSE opn.nspname || '.' || op.oprname END
                             FROM unnest(con.conexclop) WITH ORDINALITY x(oid, ord)
                             JOIN pg_operator op ON op.oid = x.oid
                             JOIN pg_namespace opn ON opn.oid = op.oprnamespace
                             ORDER BY x.ord) AS operators,
                       %s AS nulls_not_distinct,
                       %s AS period,
                       obj_description(con.oid, 'pg_constraint') AS comment
                FROM pg_constraint con
                JOIN pg_class c ON c.oid = con.conrelid
                JOIN scope s ON s.nsoid = c.relnamespace
                LEFT JOIN pg_class fc ON fc.oid = con.confrelid
                LEFT JOIN pg_namespace fs ON fs.oid = fc.relnamespace
                LEFT JOIN pg_index ci ON ci.indexrelid = con.conindid
                WHERE con.contype IN ('p', 'u', 'f', 'c', 'x') AND con.conislocal AND con.conparentid = 0 AND %s
                ORDER BY con.conrelid, con.conname
                """.formatted(attributeNames("con.conkey", "con.conrelid"),
                        attributeNames("con.confkey", "con.confrelid"), nullsNotDistinct, period, MANAGED_TABLE);
    }

    /** Every valid index of a managed table, with the kind of constraint it implements if any. */
    static String indexes(ServerVersion version) {
        return indexes(version, MANAGED_TABLE);
    }

    /** Materialized views Strata manages (relation {@code c}): not an extension's. */
    static final String MANAGED_MATERIALIZED_VIEW = " c.relkind = 'm' AND NOT " + fromExtension("pg_class", "c.oid");

    /** {@link #indexes(ServerVersion)} of the relations {@code relation} picks (a condition on {@code c}). */
    static String indexes(ServerVersion version, String relation) {
        String nullsNotDistinct = version.atLeast(15) ? "i.indnullsnotdistinct" : "false";
        return SCOPE + """
                SELECT i.indexrelid::bigint AS oid, i.indrelid::bigint AS relid, ic.relname::text AS relname,
                       i.indisunique, %s AS nulls_not_distinct, am.amname::text AS method,
                       pg_get_expr(i.indpred, i.indrelid) AS predicate,
                       ic.reloptions::text[] AS reloptions,
                       (SELECT con.contype::text FROM pg_constraint con
                        WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid
                          AND con.contype IN ('p', 'u', 'x') LIMIT 1) AS implements,
                       obj_description(i.indexrelid, 'pg_class') AS comment
                FROM pg_index i
                JOIN pg_class ic ON ic.oid = i.indexrelid
                JOIN pg_am am ON am.oid = ic.relam
                JOIN pg_class c ON c.oid = i.indrelid
                JOIN scope s ON s.nsoid = c.relnamespace
                WHERE i.indisvalid AND NOT ic.relispartition AND %s
                ORDER BY i.indexrelid
                """.formatted(nullsNotDistinct, relation);
    }

    /** One row per index column (keys, then INCLUDE columns) of every index the previous query returns. */
    static final String INDEX_KEYS = indexKeys(MANAGED_TABLE);

    /** {@link #INDEX_KEYS} of the relations {@code relation} picks. */
    static String indexKeys(String relation) {
        return SCOPE + """
            SELECT i.indexrelid::bigint AS oid, k.n AS position, (k.n <= i.indnkeyatts) AS is_key,
                   a.attname::text AS attname,
                   pg_get_indexdef(i.indexrelid, k.n, true) AS definition,
                   coalesce(i.indoption[k.n - 1], 0) AS options,
                   CASE WHEN NOT oc.opcdefault THEN
                     CASE WHEN ocn.nspname = 'pg_catalog' THEN oc.opcname::text ELSE ocn.nspname || '.' || oc.opcname END
                   END AS opclass
            FROM pg_index i
            JOIN pg_class c ON c.oid = i.indrelid
            JOIN scope s ON s.nsoid = c.relnamespace
            CROSS JOIN LATERAL generate_series(1, i.indnatts) AS k(n)
            LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k.n - 1] AND i.indkey[k.n - 1] <> 0
            LEFT JOIN pg_opclass oc ON k.n <= i.indnkeyatts AND oc.oid = i.indclass[k.n - 1]
            LEFT JOIN pg_namespace ocn ON ocn.oid = oc.opcnamespace
            WHERE i.indisvalid AND NOT (SELECT ic.relispartition FROM pg_class ic WHERE ic.oid = i.indexrelid)
              AND """ + relation + """

            ORDER BY i.indexrelid, k.n
            """;
    }

    static final String ENUMS = SCOPE + """
            SELECT s.nspname, t.typname::text AS typname,
                   ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS labels,
                   obj_description(t.oid, 'pg_type') AS comment
            FROM pg_type t JOIN scope s ON s.nsoid = t.typnamespace
            WHERE t.typtype = 'e' AND NOT """ + fromExtension("pg_type", "t.oid") + """

            ORDER BY s.nspname, t.typname
            """;

    /** Sequences other than identity columns' internal ones, with the column that owns them if any. */
    static final String SEQUENCES = SCOPE + """
            SELECT s.nspname, c.relname::text AS relname, format_type(q.seqtypid, NULL) AS type,
                   q.seqstart, q.seqincrement, q.seqmin, q.seqmax, q.seqcache, q.seqcycle,
                   oc.relname::text AS owner_table, oa.attname::text AS owner_column,
                   obj_description(c.oid, 'pg_class') AS comment
            FROM pg_class c
            JOIN scope s ON s.nsoid = c.relnamespace
            JOIN pg_sequence q ON q.seqrelid = c.oid
            LEFT JOIN pg_depend od ON od.classid = 'pg_class'::regclass AND od.objid = c.oid
                 AND od.refclassid = 'pg_class'::regclass AND od.refobjsubid > 0 AND od.deptype = 'a'
            LEFT JOIN pg_class oc ON oc.oid = od.refobjid
            LEFT JOIN pg_attribute oa ON oa.attrelid = od.refobjid AND oa.attnum = od.refobjsubid
            WHERE c.relkind = 'S'
              AND NOT EXISTS (SELECT 1 FROM pg_depend idd WHERE idd.classid = 'pg_class'::regclass
                              AND idd.objid = c.oid AND idd.deptype = 'i')
              AND NOT """ + fromExtension("pg_class", "c.oid") + """

            ORDER BY s.nspname, c.relname
            """;

    /** Views with the relations their rewrite rule reads, for ordering. */
    static final String VIEWS = SCOPE + """
            SELECT c.oid::bigint AS oid, s.nspname, c.relname::text AS relname,
                   pg_get_viewdef(c.oid, true) AS definition,
                   obj_description(c.oid, 'pg_class') AS comment,
                   coalesce((SELECT o.option_value::boolean FROM pg_options_to_table(c.reloptions) o
                             WHERE o.option_name = 'security_barrier'), false) AS security_barrier,
                   coalesce((SELECT o.option_value::boolean FROM pg_options_to_table(c.reloptions) o
                             WHERE o.option_name = 'security_invoker'), false) AS security_invoker,
                   coalesce((SELECT lower(o.option_value) FROM pg_options_to_table(c.reloptions) o
                             WHERE o.option_name = 'check_option'), '') AS check_option,
                   ARRAY(SELECT DISTINCT d.refobjid::bigint FROM pg_rewrite r
                         JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
                         WHERE r.ev_class = c.oid AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> c.oid
                         ORDER BY 1) AS reads
            FROM pg_class c JOIN scope s ON s.nsoid = c.relnamespace
            WHERE c.relkind = 'v' AND NOT """ + fromExtension("pg_class", "c.oid") + """

            ORDER BY s.nspname, c.relname
            """;

    /**
     * Every name in use where Strata may create a temporary object: relations and types per schema, functions
     * per schema, constraints and triggers per relation. Kinds Strata manages are read again here on purpose:
     * one list of what is taken, whatever holds it. strata_archive is outside every scope but its names count: a
     * second drop of the same definition must not collide with what an earlier one keeps there.
     */
    static final String TAKEN_NAMES = SCOPE + """
            SELECT 'relation' AS space, s.nspname, NULL::text AS relname, c.relname::text AS name
            FROM pg_class c JOIN scope s ON s.nsoid = c.relnamespace
            UNION ALL
            SELECT 'relation', s.nspname, NULL, t.typname::text
            FROM pg_type t JOIN scope s ON s.nsoid = t.typnamespace
            UNION ALL
            SELECT 'function', s.nspname, NULL, p.proname::text
            FROM pg_proc p JOIN scope s ON s.nsoid = p.pronamespace
            UNION ALL
            SELECT 'constraint', s.nspname, c.relname::text, co.conname::text
            FROM pg_constraint co JOIN pg_class c ON c.oid = co.conrelid JOIN scope s ON s.nsoid = c.relnamespace
            UNION ALL
            SELECT 'trigger', s.nspname, c.relname::text, tg.tgname::text
            FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid JOIN scope s ON s.nsoid = c.relnamespace
            UNION ALL
            SELECT 'relation', n.nspname::text, NULL, c.relname::text
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'strata_archive'
            """;

    /**
     * What depends on a managed table or its columns and is not visible through the model: foreign keys of any
     * relation but a managed table of the schemas read (inheritance children, foreign tables, other schemas; a
     * partition's clone of its parent's key is left out); and every view, materialized view, rule,
     * column-specific trigger, policy and SQL-body function that pg_depend records as reading it (normal
     * dependencies: those PostgreSQL refuses to drop past), with the columns it reads. Then what depends on a view of
     * the schemas read, or on its row type, beyond the other views of those schemas (no columns): a replaced view is
     * dropped first, which PostgreSQL refuses past any of it, and a rule on the view would go with it silently.
     */
    static final String DEPENDENTS = SCOPE + """
            , managed AS (
              SELECT c.oid, s.nspname, c.relname::text AS relname
              FROM pg_class c JOIN scope s ON s.nsoid = c.relnamespace
              WHERE""" + MANAGED_TABLE + """
            ), views AS (
              SELECT c.oid, c.reltype, s.nspname, c.relname::text AS relname
              FROM pg_class c JOIN scope s ON s.nsoid = c.relnamespace
              WHERE c.relkind = 'v' AND NOT """ + fromExtension("pg_class", "c.oid") + """
            )
            SELECT kind, identity, nspname, relname, columns FROM (
              SELECT 'foreign key' AS kind, (pg_identify_object('pg_constraint'::regclass, con.oid, 0)).identity AS identity,
                     m.nspname, m.relname,
                     ARRAY(SELECT a.attname::text FROM pg_attribute a
                           WHERE a.attrelid = con.confrelid AND a.attnum = ANY (con.confkey) ORDER BY 1) AS columns
              FROM pg_constraint con JOIN managed m ON m.oid = con.confrelid
              WHERE con.contype = 'f' AND con.conparentid = 0
                AND NOT EXISTS (SELECT 1 FROM managed r WHERE r.oid = con.conrelid)
            UNION ALL
              SELECT CASE WHEN v.relkind = 'v' THEN 'view' WHEN v.relkind = 'm' THEN 'materialized view'
                          ELSE (pg_identify_object(d.classid, d.objid, 0)).type END,
                     CASE WHEN v.relkind IN ('v', 'm') THEN (pg_identify_object('pg_class'::regclass, v.oid, 0)).identity
                          ELSE (pg_identify_object(d.classid, d.objid, 0)).identity END,
                     m.nspname, m.relname,
                     coalesce(array_agg(DISTINCT a.attname::text ORDER BY a.attname::text)
                              FILTER (WHERE a.attname IS NOT NULL), '{}'::text[])
              FROM pg_depend d
              JOIN managed m ON m.oid = d.refobjid
              LEFT JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND r.oid = d.objid
              LEFT JOIN pg_class v ON v.oid = r.ev_class
              LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid AND d.refobjsubid > 0
              WHERE d.refclassid = 'pg_class'::regclass AND d.deptype = 'n'
                AND d.classid IN ('pg_rewrite'::regclass, 'pg_trigger'::regclass, 'pg_policy'::regclass, 'pg_proc'::regclass)
              GROUP BY 1, 2, 3, 4
            UNION ALL
              -- What depends on a view or its row type (a view Strata replaces is dropped first): materialized views and
              -- views of other schemas reading it, functions naming its row type or reading it in a SQL-standard body,
              -- columns of its type, rules reading it or on it. A view of the schemas read is in the model, which sees
              -- what its query reads.
              SELECT CASE v.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'
                          ELSE (pg_identify_object(d.classid, d.objid, d.objsubid)).type END,
                     CASE WHEN v.relkind IN ('v', 'm') THEN (pg_identify_object('pg_class'::regclass, v.oid, 0)).identity
                          -- A routine as Strata keys it (format_type's argument types, as RoutineQuery reads them).
                          WHEN p.oid IS NOT NULL THEN quote_ident(pn.nspname) || '.' || quote_ident(p.proname) || '('
                               || array_to_string(ARRAY(SELECT format_type(a.t, NULL)
                                    FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY AS a(t, i) ORDER BY a.i), ', ') || ')'
                          ELSE (pg_identify_object(d.classid, d.objid, d.objsubid)).identity END,
                     w.nspname, w.relname, '{}'::text[]
              FROM pg_depend d
              JOIN views w ON (d.refclassid = 'pg_class'::regclass AND d.refobjid = w.oid)
                           OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = w.reltype)
              LEFT JOIN pg_proc p ON d.classid = 'pg_proc'::regclass AND p.oid = d.objid
              LEFT JOIN pg_namespace pn ON pn.oid = p.pronamespace
              LEFT JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND r.oid = d.objid
              LEFT JOIN pg_class v ON v.oid = r.ev_class AND r.rulename = '_RETURN'
              WHERE (d.deptype = 'n' OR (d.deptype = 'a' AND r.rulename IS NOT NULL AND r.rulename <> '_RETURN'))
                AND NOT coalesce(v.relkind = 'v' AND v.relnamespace IN (SELECT nsoid FROM scope), false)
              GROUP BY 1, 2, 3, 4
            ) found
            ORDER BY nspname, relname, kind, identity
            """;

    static final String UNMANAGED = SCOPE + """
            , rel AS (
              SELECT c.*, s.nspname, pg_identify_object('pg_class'::regclass, c.oid, 0) AS ident
              FROM pg_class c JOIN scope s ON s.nsoid = c.relnamespace
              WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND NOT %1$s
            )
            SELECT DISTINCT kind, identity FROM (
              SELECT CASE WHEN p.prokind IN ('f', 'p') AND p.prolang = (SELECT cl.oid FROM pg_language cl WHERE cl.lanname = 'c')
                               THEN 'C-language function'
                          WHEN p.prokind = 'f' AND left(obj_description(p.oid, 'pg_proc'), 8) = 'strata: '
                               THEN 'migration function'
                          WHEN p.prokind = 'f' AND EXISTS (SELECT 1 FROM pg_aggregate ag WHERE ag.aggkind <> 'n'
                                     AND p.oid IN (ag.aggtransfn, ag.aggfinalfn, ag.aggcombinefn, ag.aggserialfn,
                                     ag.aggdeserialfn, ag.aggmtransfn, ag.aggminvtransfn, ag.aggmfinalfn))
                               THEN 'aggregate support function'
                          WHEN p.prokind = 'a' AND EXISTS (SELECT 1 FROM pg_aggregate ag WHERE ag.aggfnoid = p.oid
                                     AND ag.aggkind <> 'n')
                               THEN 'ordered-set aggregate'
                          ELSE CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate'
                                    WHEN 'w' THEN 'window function' ELSE 'function' END END AS kind,
                     (pg_identify_object('pg_proc'::regclass, p.oid, 0)).identity AS identity
              FROM pg_proc p JOIN scope s ON s.nsoid = p.pronamespace
              WHERE NOT %2$s
                AND NOT EXISTS (SELECT 1 FROM pg_depend idd WHERE idd.classid = 'pg_proc'::regclass
                                AND idd.objid = p.oid AND idd.deptype = 'i')
            UNION ALL
              SELECT 'trigger',
                     (pg_identify_object('pg_trigger'::regclass, tg.oid, 0)).identity
              FROM pg_trigger tg JOIN rel ON rel.oid = tg.tgrelid
              WHERE NOT tg.tgisinternal AND tg.tgparentid = 0
            UNION ALL
              SELECT CASE WHEN %6$s THEN 'policy'
                          WHEN rel.relispartition THEN 'partition policy'
                          ELSE 'inheritance child policy' END,
                     (pg_identify_object('pg_policy'::regclass, po.oid, 0)).identity
              FROM pg_policy po JOIN rel ON rel.oid = po.polrelid
            UNION ALL
              SELECT 'rule', (pg_identify_object('pg_rewrite'::regclass, rw.oid, 0)).identity
              FROM pg_rewrite rw JOIN rel ON rel.oid = rw.ev_class
              WHERE rw.rulename <> '_RETURN'
            UNION ALL
              SELECT CASE t.typtype WHEN 'd' THEN 'domain' WHEN 'c' THEN 'composite type'
                                    WHEN 'r' THEN 'range type' ELSE 'type' END,
                     (pg_identify_object('pg_type'::regclass, t.oid, 0)).identity
              FROM pg_type t JOIN scope s ON s.nsoid = t.typnamespace
              WHERE t.typtype IN ('b', 'c', 'd', 'r', 'p')
                AND NOT (t.typtype = 'b' AND t.typcategory = 'A')
                AND (t.typtype <> 'c' OR (SELECT tc.relkind FROM pg_class tc WHERE tc.oid = t.typrelid) = 'c')
                AND NOT EXISTS (SELECT 1 FROM pg_depend idd WHERE idd.classid = 'pg_type'::regclass
                                AND idd.objid = t.oid AND idd.deptype = 'i')
                AND NOT %3$s
            UNION ALL
              SELECT CASE WHEN rel.relispartition THEN 'partition'
                          WHEN rel.relkind = 'm' THEN 'materialized view'
                          WHEN rel.relkind = 'f' THEN 'foreign table'
                          ELSE 'inheritance child' END,
                     (rel.ident).identity
              FROM rel
              WHERE NOT %6$s AND rel.relkind IN ('r', 'p', 'm', 'f')
            UNION ALL
              SELECT 'unlogged table', (rel.ident).identity FROM rel
              WHERE rel.relpersistence = 'u' AND rel.relkind IN ('r', 'p')
                AND NOT %6$s
            UNION ALL
              SELECT 'row level security', (rel.ident).identity FROM rel
              WHERE (rel.relrowsecurity OR rel.relforcerowsecurity)
                AND NOT %6$s
            UNION ALL
              SELECT 'privileges', (rel.ident).identity FROM rel
              WHERE (rel.relacl IS NOT NULL
                     AND rel.relacl <> acldefault((CASE WHEN rel.relkind = 'S' THEN 's' ELSE 'r' END)::"char", rel.relowner))
                 OR EXISTS (SELECT 1 FROM pg_attribute pa WHERE pa.attrelid = rel.oid AND pa.attacl IS NOT NULL
                            AND NOT pa.attisdropped)
            UNION ALL
              SELECT 'privileges', 'schema ' || quote_ident(n.nspname)
              FROM pg_namespace n JOIN scope s ON s.nsoid = n.oid
              WHERE n.nspacl IS NOT NULL AND n.nspacl <> acldefault('n', n.nspowner)
                AND n.nspacl IS DISTINCT FROM (SELECT ip.initprivs FROM pg_init_privs ip
                                               WHERE ip.classoid = 'pg_namespace'::regclass AND ip.objoid = n.oid
                                                 AND ip.objsubid = 0)
            UNION ALL
              SELECT 'default privileges', (pg_identify_object('pg_default_acl'::regclass, da.oid, 0)).identity
              FROM pg_default_acl da JOIN scope s ON s.nsoid = da.defaclnamespace
            UNION ALL
              SELECT 'virtual generated column', (pg_identify_object('pg_class'::regclass, rel.oid, a.attnum)).identity
              FROM rel JOIN pg_attribute a ON a.attrelid = rel.oid
              WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = 'v'
                AND NOT %6$s
            UNION ALL
              SELECT 'invalid index', (pg_identify_object('pg_class'::regclass, i.indexrelid, 0)).identity
              FROM pg_index i JOIN rel ON rel.oid = i.indrelid
              WHERE NOT i.indisvalid
            UNION ALL
              SELECT 'extension', quote_ident(e.extname)
              FROM pg_extension e JOIN scope s ON s.nsoid = e.extnamespace
            UNION ALL
              SELECT 'collation', (pg_identify_object('pg_collation'::regclass, co.oid, 0)).identity
              FROM pg_collation co JOIN scope s ON s.nsoid = co.collnamespace
              WHERE NOT %4$s
            UNION ALL
              SELECT 'operator', (pg_identify_object('pg_operator'::regclass, o.oid, 0)).identity
              FROM pg_operator o JOIN scope s ON s.nsoid = o.oprnamespace
              WHERE NOT %5$s
            UNION ALL
              SELECT 'statistics object', (pg_identify_object('pg_statistic_ext'::regclass, st.oid, 0)).identity
              FROM pg_statistic_ext st JOIN scope s ON s.nsoid = st.stxnamespace
            ) found
            ORDER BY kind, identity
            """.formatted(fromExtension("pg_class", "c.oid"), fromExtension("pg_proc", "p.oid"),
            fromExtension("pg_type", "t.oid"), fromExtension("pg_collation", "co.oid"),
            fromExtension("pg_operator", "o.oid"), managedTable("rel"));
}
