package dev.strata.catalog;

import dev.strata.model.Policy;
import dev.strata.model.SchemaObject;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Policies on the managed tables in scope, with their expressions as {@code pg_get_expr} prints them (outer parentheses
 * removed, as for check constraints) and their roles by name ({@code polroles} {@code {0}} is {@code PUBLIC}: none).
 * Those on relations Strata does not manage (inheritance children, foreign partitions, …) stay unread, as their
 * tables do, and are reported as unmanaged ({@code inheritance child policy}, …).
 */
final class PolicyQuery implements ObjectQuery {

    private static final String SQL = CatalogSql.SCOPE + """
            SELECT s.nspname, c.relname::text AS relname, p.polname::text AS polname, p.polcmd::text AS polcmd,
                   p.polpermissive,
                   ARRAY(SELECT r.rolname::text FROM pg_roles r WHERE r.oid = ANY (p.polroles)
                         ORDER BY r.rolname COLLATE "C") AS roles,
                   pg_get_expr(p.polqual, p.polrelid) AS qual,
                   pg_get_expr(p.polwithcheck, p.polrelid) AS withcheck,
                   obj_description(p.oid, 'pg_policy') AS comment
            FROM pg_policy p
            JOIN pg_class c ON c.oid = p.polrelid
            JOIN scope s ON s.nsoid = c.relnamespace
            WHERE""" + CatalogSql.MANAGED_TABLE + """

            ORDER BY s.nspname, c.relname, p.polname
            """;

    @Override
    public String kind() {
        return Policy.KIND;
    }

    @Override
    public List<Map.Entry<String, SchemaObject>> read(Connection c, Object scope) throws SQLException {
        return Rows.query(c, SQL, r -> Map.<String, SchemaObject>entry(r.string("nspname"), new Policy(
                r.string("relname"), r.string("polname"), Policy.Command.ofCode(r.string("polcmd")),
                r.bool("polpermissive"), r.strings("roles"),
                r.optionalString("qual").map(SqlText::stripOuterParentheses),
                r.optionalString("withcheck").map(SqlText::stripOuterParentheses),
                r.optionalString("comment"))), scope);
    }
}
