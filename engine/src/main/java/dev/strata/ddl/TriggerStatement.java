package dev.strata.ddl;

import dev.strata.model.QualifiedName;

/** The row trigger and its PL/pgSQL function that keep two columns in step during a migration. */
public sealed interface TriggerStatement extends Statement {

    /**
     * {@code CREATE OR REPLACE FUNCTION function() RETURNS trigger LANGUAGE plpgsql} whose body is {@code body}
     * (statements between {@code BEGIN} and {@code RETURN NEW}), dollar-quoted.
     */
    record CreateFunction(QualifiedName function, String body) implements TriggerStatement {}

    /**
     * {@code CREATE OR REPLACE TRIGGER name BEFORE INSERT OR UPDATE ON table FOR EACH ROW EXECUTE FUNCTION function()}
     * (PostgreSQL 14+), so running it again is harmless.
     */
    record CreateTrigger(String name, QualifiedName table, QualifiedName function) implements TriggerStatement {}

    record DropTrigger(String name, QualifiedName table, boolean ifExists) implements TriggerStatement {}

    /** {@code DROP FUNCTION [IF EXISTS] function()}. */
    record DropFunction(QualifiedName function, boolean ifExists) implements TriggerStatement {}
}
