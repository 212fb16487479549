package dev.strata.ddl;

import dev.strata.model.Column;
import dev.strata.model.QualifiedName;

/** One action of an {@code ALTER TABLE}. */
public sealed interface TableAction {

    /** {@code ADD COLUMN [IF NOT EXISTS] definition}. */
    record AddColumn(Column column, boolean ifNotExists) implements TableAction {}

    /**
     * {@code ADD COLUMN column type}, nullable and without a default, with the type as a kept column's record holds it
     * ({@code text COLLATE "C"}: written from the model when the drop was planned, read back verbatim from a saved
     * plan, never parsed).
     */
    record AddKeptColumn(String column, String type) implements TableAction {}

    /** {@code DROP COLUMN [IF EXISTS] column}. */
    record DropColumn(String column, boolean ifExists) implements TableAction {}

    /** {@code ALTER COLUMN column action}. */
    record AlterColumn(String column, ColumnAction action) implements TableAction {}

    /** {@code RENAME COLUMN from TO to}. */
    record RenameColumn(String from, String to) implements TableAction {}

    /** {@code ADD constraint [NOT VALID]}. */
    record AddConstraint(ConstraintClause constraint, boolean notValid) implements TableAction {}

    /** {@code DROP CONSTRAINT [IF EXISTS] name}. */
    record DropConstraint(String name, boolean ifExists) implements TableAction {}

    /** {@code VALIDATE CONSTRAINT name}. */
    record ValidateConstraint(String name) implements TableAction {}

    /** {@code RENAME CONSTRAINT from TO to}. */
    record RenameConstraint(String from, String to) implements TableAction {}

    /** {@code RENAME TO name} (the table's schema stays). */
    record RenameTo(String name) implements TableAction {}

    /** {@code SET SCHEMA schema}. */
    record SetSchema(String schema) implements TableAction {}

    /** {@code SET LOGGED} or {@code SET UNLOGGED}: rewrites the table. */
    record SetLogged(boolean logged) implements TableAction {}

    /** {@code ATTACH PARTITION partition bound}, on the partitioned table. */
    record AttachPartition(QualifiedName partition, String bound) implements TableAction {}

    /** {@code DETACH PARTITION partition [CONCURRENTLY]}, on the partitioned table. */
    record DetachPartition(QualifiedName partition, boolean concurrently) implements TableAction {}

    /** {@code DETACH PARTITION partition FINALIZE}: finishes a {@code CONCURRENTLY} detach that was interrupted. */
    record FinalizeDetachPartition(QualifiedName partition) implements TableAction {}
}
