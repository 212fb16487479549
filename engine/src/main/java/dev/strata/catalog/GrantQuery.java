package dev.strata.catalog;

import dev.strata.model.Grant;
import dev.strata.model.Privileges;
import dev.strata.model.SchemaObject;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The privileges on the objects Strata manages in scope (tables, their columns, views, materialized views, sequences, functions,
 * procedures, enums, domains, composite types, the schema itself), as they differ from what each would have without
 * any {@code GRANT}: {@code acldefault} (for a schema, its initial privileges when it has some, as {@code public}
 * has). The owner's own entry is never read: it holds its privileges implicitly. Objects whose ACL is still NULL have
 * never been granted on and are not read at all. Only with {@code manage: { grants: true }}.
 */
final class GrantQuery implements ObjectQuery {

    private static final String SIGNATURE = """
            p.proname::text || '(' || coalesce((SELECT string_agg(format_type(a.oid, NULL), ', ' ORDER BY a.i)
                FROM unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) WITH ORDINALITY AS a(oid, i)
                WHERE coalesce(p.proargmodes[a.i]::text, 'i') IN ('i', 'b', 'v')
                   OR (p.prokind = 'p' AND p.proargmodes[a.i]::text = 'o')), '') || ')'""";

    private static final String SQL = CatalogSql.SCOPE + """
            , objects AS (
              SELECT s.nspname, 'table' AS word, c.relname::text AS name, c.relowner AS owner, c.relacl AS acl,
                     acldefault('r', c.relowner) AS dflt
                FROM pg_class c JOIN scope s ON s.nsoid = c.relnamespace
               WHERE c.relacl IS NOT NULL AND %1$s
              UNION ALL
              SELECT s.nspname, CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' ELSE 'sequence' END,
                     c.relname::text, c.relowner, c.relacl,
                     acldefault(CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END::"char", c.relowner)
                FROM pg_class c JOIN scope s ON s.nsoid = c.relnamespace
               WHERE c.relacl IS NOT NULL AND c.relkind IN ('v', 'm', 'S') AND NOT %2$s
              UNION ALL
              SELECT s.nspname, 'column', c.relname::text || '.' || a.attname::text, c.relowner, a.attacl,
                     NULL::aclitem[]
                FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN scope s ON s.nsoid = c.relnamespace
               WHERE a.attacl IS NOT NULL AND a.attnum > 0 AND NOT a.attisdropped AND %1$s
              UNION ALL
              SELECT s.nspname, CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END, %3$s, p.proowner,
                     p.proacl, acldefault('f', p.proowner)
                FROM pg_proc p JOIN scope s ON s.nsoid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
               WHERE p.proacl IS NOT NULL AND p.prokind IN ('f', 'p') AND l.lanname <> 'c'
                 AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                                 AND d.deptype IN ('e', 'i'))
                 AND NOT EXISTS (SELECT 1 FROM pg_aggregate ag WHERE p.oid IN (ag.aggtransfn, ag.aggfinalfn,
                                 ag.aggcombinefn, ag.aggserialfn, ag.aggdeserialfn, ag.aggmtransfn, ag.aggminvtransfn,
                                 ag.aggmfinalfn))
              UNION ALL
              SELECT s.nspname, 'type', t.typname::text, t.typowner, t.typacl, acldefault('T', t.typowner)
                FROM pg_type t JOIN scope s ON s.nsoid = t.typnamespace
                LEFT JOIN pg_class tc ON tc.oid = t.typrelid
               WHERE t.typacl IS NOT NULL AND (t.typtype IN ('e', 'd') OR (t.typtype = 'c' AND tc.relkind = 'c'))
                 AND NOT %4$s
              UNION ALL
              SELECT s.nspname, 'schema', s.nspname, n.nspowner, n.nspacl,
                     coalesce((SELECT i.initprivs FROM pg_init_privs i WHERE i.objoid = n.oid
                               AND i.classoid = 'pg_namespace'::regclass AND i.objsubid = 0), acldefault('n', n.nspowner))
                FROM pg_namespace n JOIN scope s ON s.nsoid = n.oid
               WHERE n.nspacl IS NOT NULL
            )
            SELECT o.nspname, o.word, o.name, false AS fallback,
                   CASE WHEN e.grantee = 0 THEN 'public' ELSE pg_get_userbyid(e.grantee)::text END AS grantee,
                   lower(e.privilege_type) AS privilege, e.is_grantable
              FROM objects o, aclexplode(o.acl) e WHERE e.grantee <> o.owner
            UNION ALL
            SELECT o.nspname, o.word, o.name, true,
                   CASE WHEN e.grantee = 0 THEN 'public' ELSE pg_get_userbyid(e.grantee)::text END,
                   lower(e.privilege_type), e.is_grantable
              FROM objects o, aclexplode(o.dflt) e WHERE e.grantee <> o.owner
            ORDER BY 1, 2, 3, 5, 6
            """.formatted(CatalogSql.MANAGED_TABLE, CatalogSql.fromExtension("pg_class", "c.oid"), SIGNATURE,
            CatalogSql.fromExtension("pg_type", "t.oid"));

    private record Entry(String schema, String word, String name, boolean fallback, String grantee, String privilege,
                         boolean grantable) {}

    private record Held(Set<String> granted, Set<String> grantable) {
        Held() {
            this(new TreeSet<>(), new TreeSet<>());
        }

        Privileges privileges() {
            return new Privileges(granted, grantable);
        }
    }

    @Override
    public String kind() {
        return Grant.KIND;
    }

    @Override
    public List<Map.Entry<String, SchemaObject>> read(Connection c, Object scope) throws SQLException {
        List<Entry> entries = Rows.query(c, SQL, r -> new Entry(r.string("nspname"), r.string("word"), r.string("name"),
                r.bool("fallback"), r.string("grantee"), r.string("privilege"), r.bool("is_grantable")), scope);
        // schema, word, name → (actual, default) → grantee → privileges
        Map<List<String>, List<Map<String, Held>>> objects = new LinkedHashMap<>();
        for (Entry e : entries) {
            var sides = objects.computeIfAbsent(List.of(e.schema(), e.word(), e.name()),
                    k -> List.of(new TreeMap<>(), new TreeMap<>()));
            Held held = sides.get(e.fallback() ? 1 : 0).computeIfAbsent(e.grantee(), g -> new Held());
            held.granted().add(e.privilege());
            if (e.grantable()) {
                held.grantable().add(e.privilege());
            }
        }
        List<Map.Entry<String, SchemaObject>> out = new ArrayList<>();
        objects.forEach((key, sides) -> {
            Grant.On on = Grant.On.ofWord(key.get(1)).orElseThrow();
            Map<String, Privileges> roles = new TreeMap<>();
            Set<String> grantees = new HashSet<>(sides.get(0).keySet());
            grantees.addAll(sides.get(1).keySet());
            for (String grantee : grantees) {
                Privileges actual = sides.get(0).getOrDefault(grantee, new Held()).privileges();
                Privileges initial = sides.get(1).getOrDefault(grantee, new Held()).privileges();
                if (!actual.equals(initial)) {
                    roles.put(grantee, actual);
                }
            }
            Grant grant = Grant.of(on, key.get(2), roles);
            if (!grant.roles().isEmpty()) {
                out.add(Map.entry(key.getFirst(), grant));
            }
        });
        return out;
    }
}
