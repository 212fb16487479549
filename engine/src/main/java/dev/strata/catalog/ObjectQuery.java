package dev.strata.catalog;

import dev.strata.model.SchemaObject;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * How one kind managed as a whole is read from {@code pg_catalog}: one bulk query over the schemas in scope (bound to
 * the query's {@code ?} through {@link CatalogSql#SCOPE}), each row an object and the schema it belongs to, in
 * PostgreSQL's canonical text. One per kind, listed in {@link ObjectQueries}.
 */
interface ObjectQuery {

    String kind();

    /** The kind's objects in the schemas {@code scope} names: schema name → object. */
    List<Map.Entry<String, SchemaObject>> read(Connection c, Object scope) throws SQLException;
}
