package dev.strata.catalog;

import dev.strata.model.DefaultPrivileges;
import dev.strata.model.Privileges;
import dev.strata.model.SchemaObject;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code ALTER DEFAULT PRIVILEGES … IN SCHEMA …} of the schemas in scope ({@code pg_default_acl} rows with a
 * namespace): per role, kind of object and grantee. A role's global defaults (no schema) belong to no schema and are
 * not read. Only with {@code manage: { grants: true }}.
 */
final class DefaultPrivilegesQuery implements ObjectQuery {

    private static final String SQL = CatalogSql.SCOPE + """
            SELECT s.nspname, pg_get_userbyid(d.defaclrole)::text AS role, d.defaclobjtype::text AS objtype,
                   CASE WHEN e.grantee = 0 THEN 'public' ELSE pg_get_userbyid(e.grantee)::text END AS grantee,
                   lower(e.privilege_type) AS privilege, e.is_grantable
              FROM pg_default_acl d JOIN scope s ON s.nsoid = d.defaclnamespace, aclexplode(d.defaclacl) e
             ORDER BY 1, 2, 3, 4, 5
            """;

    @Override
    public String kind() {
        return DefaultPrivileges.KIND;
    }

    @Override
    public List<Map.Entry<String, SchemaObject>> read(Connection c, Object scope) throws SQLException {
        // schema → role → objects → grantee → [granted, grantable]
        Map<String, Map<String, Map<DefaultPrivileges.Target, Map<String, List<Set<String>>>>>> all = new TreeMap<>();
        Rows.query(c, SQL, r -> {
            var target = DefaultPrivileges.Target.ofCode(r.string("objtype"));
            if (target.isPresent()) {
                var held = all.computeIfAbsent(r.string("nspname"), k -> new TreeMap<>())
                        .computeIfAbsent(r.string("role"), k -> new TreeMap<>())
                        .computeIfAbsent(target.get(), k -> new TreeMap<>())
                        .computeIfAbsent(r.string("grantee"), k -> List.of(new TreeSet<>(), new TreeSet<>()));
                held.get(0).add(r.string("privilege"));
                if (r.bool("is_grantable")) {
                    held.get(1).add(r.string("privilege"));
                }
            }
            return 0;
        }, scope);
        List<Map.Entry<String, SchemaObject>> out = new ArrayList<>();
        all.forEach((schema, roles) -> roles.forEach((role, targets) -> {
            Map<DefaultPrivileges.Target, Map<String, Privileges>> grants = new TreeMap<>();
            targets.forEach((target, grantees) -> grantees.forEach((grantee, held) ->
                    grants.computeIfAbsent(target, k -> new TreeMap<>()).put(grantee, new Privileges(held.get(0), held.get(1)))));
            DefaultPrivileges defaults = DefaultPrivileges.of(role, grants);
            if (!defaults.grants().isEmpty()) {
                out.add(Map.entry(schema, defaults));
            }
        }));
        return out;
    }
}
