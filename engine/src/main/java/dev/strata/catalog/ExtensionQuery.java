package dev.strata.catalog;

import dev.strata.model.Extension;
import dev.strata.model.SchemaObject;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Extensions installed in a schema in scope, with their installed version. */
final class ExtensionQuery implements ObjectQuery {

    private static final String SQL = CatalogSql.SCOPE + """
            SELECT s.nspname, e.extname::text AS extname, e.extversion
            FROM pg_extension e JOIN scope s ON s.nsoid = e.extnamespace
            ORDER BY s.nspname, e.extname
            """;

    @Override
    public String kind() {
        return Extension.KIND;
    }

    @Override
    public List<Map.Entry<String, SchemaObject>> read(Connection c, Object scope) throws SQLException {
        return Rows.query(c, SQL, r -> Map.<String, SchemaObject>entry(r.string("nspname"),
                new Extension(r.string("extname"), Optional.of(r.string("extversion")))), scope);
    }
}
