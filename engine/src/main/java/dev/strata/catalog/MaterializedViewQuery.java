package dev.strata.catalog;

import dev.strata.model.Index;
import dev.strata.model.MaterializedView;
import dev.strata.model.SchemaObject;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Materialized views in a schema in scope, not an extension's: the query as {@code pg_get_viewdef} prints it (as for a
 * view), whether it is populated ({@code relispopulated}: false after {@code WITH NO DATA}), its storage parameters
 * ({@code reloptions}, then its TOAST table's as {@code toast.*}, where PostgreSQL keeps those), its comment, and its
 * indexes read as a table's are.
 */
final class MaterializedViewQuery implements ObjectQuery {

    private static final String SQL = CatalogSql.SCOPE + """
            SELECT c.oid::bigint AS oid, s.nspname, c.relname::text AS relname,
                   pg_get_viewdef(c.oid, true) AS definition, c.relispopulated,
                   coalesce(c.reloptions::text[], '{}'::text[])
                     || ARRAY(SELECT 'toast.' || o FROM pg_class t, unnest(t.reloptions) o WHERE t.oid = c.reltoastrelid)
                     AS reloptions,
                   obj_description(c.oid, 'pg_class') AS comment
            FROM pg_class c JOIN scope s ON s.nsoid = c.relnamespace
            WHERE""" + CatalogSql.MANAGED_MATERIALIZED_VIEW + """

            ORDER BY s.nspname, c.relname
            """;

    @Override
    public String kind() {
        return MaterializedView.KIND;
    }

    @Override
    public List<Map.Entry<String, SchemaObject>> read(Connection c, Object scope) throws SQLException {
        ServerVersion version = ServerVersion.parse(Rows.query(c, CatalogSql.VERSION, r -> (int) r.number("num")).getFirst());
        Map<Long, List<Index>> indexes = TableAssembly.indexes(c, version, scope, CatalogSql.MANAGED_MATERIALIZED_VIEW);
        return Rows.query(c, SQL, r -> Map.<String, SchemaObject>entry(r.string("nspname"), new MaterializedView(
                r.string("relname"), SqlText.viewDefinition(r.string("definition")), r.bool("relispopulated"),
                indexes.getOrDefault(r.number("oid"), List.of()), r.optionalString("comment"), storage(r))), scope);
    }

    /** {@code reloptions}' {@code name=value} items, in PostgreSQL's order (a value may hold {@code =}, a name not). */
    private static Map<String, String> storage(Rows r) throws SQLException {
        Map<String, String> storage = new LinkedHashMap<>();
        for (String option : r.strings("reloptions")) {
            int eq = option.indexOf('=');
            storage.put(option.substring(0, eq), option.substring(eq + 1));
        }
        return storage;
    }
}
