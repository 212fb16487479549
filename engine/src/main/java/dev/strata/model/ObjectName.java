package dev.strata.model;

import java.util.Optional;

/**
 * Any object Strata knows by name, as a {@link SchemaObject} refers to what it needs: {@code kind} is a
 * {@link SchemaObject#kind()} or one of {@link #TABLE}, {@link #VIEW}, {@link #TYPE}, {@link #SEQUENCE},
 * {@link #COLUMN} (whose {@code part} is the column), {@link #EXPRESSION}, {@link #QUERY} and {@link #SCHEMA} (named {@code schema.schema}).
 */
public record ObjectName(String kind, QualifiedName name, Optional<String> part) {

    public static final String SCHEMA = "schema";
    public static final String TABLE = "table";
    public static final String COLUMN = "column";
    public static final String VIEW = "view";
    public static final String TYPE = "type";
    public static final String SEQUENCE = "sequence";
    /**
     * The columns of the table {@code name} that the SQL expression {@code part} reads, and the functions it calls (the
     * graph finds them by its words); {@code name} may be an object without columns, such as a domain.
     */
    public static final String EXPRESSION = "expression";
    /** The tables, views and materialized views the query {@code part} of the relation {@code name} reads (by its words). */
    public static final String QUERY = "query";

    public static ObjectName of(String kind, QualifiedName name) {
        return new ObjectName(kind, name, Optional.empty());
    }

    public static ObjectName of(String kind, String schema, String key) {
        return of(kind, QualifiedName.of(schema, key));
    }

    public static ObjectName column(QualifiedName table, String column) {
        return new ObjectName(COLUMN, table, Optional.of(column));
    }

    /** What an expression over {@code table} reads, for a model record that holds SQL text it cannot read itself. */
    public static ObjectName expression(QualifiedName table, String sql) {
        return new ObjectName(EXPRESSION, table, Optional.of(sql));
    }

    /** What a view query of the relation {@code self} reads, for a model record that holds a query it cannot read itself. */
    public static ObjectName query(QualifiedName self, String sql) {
        return new ObjectName(QUERY, self, Optional.of(sql));
    }

    @Override
    public String toString() {
        return kind + " " + name + part.map(p -> "." + p).orElse("");
    }
}
