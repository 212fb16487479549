package dev.strata.catalog;

import dev.strata.model.Domain;
import dev.strata.model.SchemaObject;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Domains in a schema in scope, not an extension's: base type as {@code format_type} prints it, default and named
 * checks as {@code pg_get_expr} does (a domain's expressions read no relation: {@code VALUE} is the value), each
 * check's validity. PostgreSQL 17 and later also keep a domain's {@code NOT NULL} as a constraint; it is
 * {@code typnotnull} here, so only checks are read from {@code pg_constraint}.
 */
final class DomainQuery implements ObjectQuery {

    private static final String CHECKS = "FROM pg_constraint con WHERE con.contypid = t.oid AND con.contype = 'c'"
            + " ORDER BY con.conname";

    private static final String SQL = CatalogSql.SCOPE + """
            SELECT s.nspname, t.typname::text AS typname,
                   format_type(t.typbasetype, t.typtypmod) AS base_type,
                   CASE WHEN t.typcollation <> bt.typcollation THEN
                     CASE WHEN cn.nspname = 'pg_catalog' THEN co.collname::text ELSE cn.nspname || '.' || co.collname END
                   END AS collation,
                   pg_get_expr(t.typdefaultbin, 0) AS default_expr, t.typnotnull,
                   ARRAY(SELECT con.conname::text %1$s) AS check_names,
                   ARRAY(SELECT pg_get_expr(con.conbin, 0) %1$s) AS check_exprs,
                   ARRAY(SELECT con.convalidated::text %1$s) AS check_valid,
                   obj_description(t.oid, 'pg_type') AS comment
            FROM pg_type t
            JOIN scope s ON s.nsoid = t.typnamespace
            JOIN pg_type bt ON bt.oid = t.typbasetype
            LEFT JOIN pg_collation co ON co.oid = t.typcollation
            LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
            WHERE t.typtype = 'd' AND NOT %2$s
            ORDER BY s.nspname, t.typname
            """.formatted(CHECKS, CatalogSql.fromExtension("pg_type", "t.oid"));

    @Override
    public String kind() {
        return Domain.KIND;
    }

    @Override
    public List<Map.Entry<String, SchemaObject>> read(Connection c, Object scope) throws SQLException {
        return Rows.query(c, SQL, r -> {
            List<String> names = r.strings("check_names");
            List<String> expressions = r.strings("check_exprs");
            List<String> valid = r.strings("check_valid");
            List<Domain.Check> checks = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                checks.add(new Domain.Check(names.get(i), expressions.get(i), valid.get(i).equals("true")));
            }
            return Map.<String, SchemaObject>entry(r.string("nspname"), new Domain(r.string("typname"),
                    TypeResolution.resolve(r.string("base_type")), r.optionalString("collation"),
                    r.optionalString("default_expr"), r.bool("typnotnull"), checks, r.optionalString("comment")));
        }, scope);
    }
}
