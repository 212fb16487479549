package dev.strata.catalog;

import dev.strata.model.CompositeType;
import dev.strata.model.SchemaObject;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Composite types made by {@code CREATE TYPE … AS (…)} (not a table's row type) in a schema in scope, not an
 * extension's: attributes in order, types as {@code format_type} prints them, a collation where it differs from the
 * attribute type's (empty text for none: the arrays carry no nulls).
 */
final class CompositeTypeQuery implements ObjectQuery {

    private static final String ATTRIBUTES = "FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0"
            + " AND NOT a.attisdropped ORDER BY a.attnum";

    private static final String SQL = CatalogSql.SCOPE + """
            SELECT s.nspname, t.typname::text AS typname,
                   ARRAY(SELECT a.attname::text %1$s) AS names,
                   ARRAY(SELECT format_type(a.atttypid, a.atttypmod) %1$s) AS types,
                   ARRAY(SELECT coalesce((SELECT CASE WHEN cn.nspname = 'pg_catalog' THEN co.collname::text
                                                      ELSE cn.nspname || '.' || co.collname END
                                          FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace
                                          JOIN pg_type at ON at.oid = a.atttypid
                                          WHERE co.oid = a.attcollation AND a.attcollation <> at.typcollation), '')
                         %1$s) AS collations,
                   obj_description(t.oid, 'pg_type') AS comment
            FROM pg_type t
            JOIN scope s ON s.nsoid = t.typnamespace
            JOIN pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
            WHERE t.typtype = 'c' AND NOT %2$s
            ORDER BY s.nspname, t.typname
            """.formatted(ATTRIBUTES, CatalogSql.fromExtension("pg_type", "t.oid"));

    @Override
    public String kind() {
        return CompositeType.KIND;
    }

    @Override
    public List<Map.Entry<String, SchemaObject>> read(Connection c, Object scope) throws SQLException {
        return Rows.query(c, SQL, r -> {
            List<String> names = r.strings("names");
            List<String> types = r.strings("types");
            List<String> collations = r.strings("collations");
            List<CompositeType.Attribute> attributes = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                attributes.add(new CompositeType.Attribute(names.get(i), TypeResolution.resolve(types.get(i)),
                        Optional.of(collations.get(i)).filter(s -> !s.isEmpty())));
            }
            return Map.<String, SchemaObject>entry(r.string("nspname"),
                    new CompositeType(r.string("typname"), attributes, r.optionalString("comment")));
        }, scope);
    }
}
