package dev.strata.ddl;

/** {@code CREATE SCHEMA} and {@code DROP SCHEMA}. */
public sealed interface SchemaStatement extends Statement {

    String schema();

    record Create(String schema, boolean ifNotExists) implements SchemaStatement {}

    record Drop(String schema, boolean ifExists) implements SchemaStatement {}
}
