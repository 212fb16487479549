package dev.strata.ddl;

import dev.strata.model.QualifiedName;

/**
 * The model element a {@link CreateDdl} statement was rendered from, so that whoever runs the statement can say
 * where a failure was declared (the scratch check maps it to {@code file:line:column} through the YAML source map).
 */
public sealed interface Origin {

    /** {@code CREATE SCHEMA}. */
    record OfSchema(String schema) implements Origin {}

    record OfEnum(QualifiedName type) implements Origin {}

    /** {@code CREATE SEQUENCE}, its {@code OWNED BY} and its comment. */
    record OfSequence(QualifiedName sequence) implements Origin {}

    /** {@code CREATE TABLE} (columns and the constraints inside it) and the table's comment. */
    record OfTable(QualifiedName table) implements Origin {}

    record OfColumn(QualifiedName table, String column) implements Origin {}

    /** A constraint added by a statement of its own: a foreign key, or a twin of an identical constraint. */
    record OfConstraint(QualifiedName table, String constraint) implements Origin {}

    record OfIndex(QualifiedName table, String index) implements Origin {}

    record OfView(QualifiedName view) implements Origin {}

    /** An object of a kind managed as a whole ({@link ObjectDdls}). */
    record OfObject(dev.strata.model.ObjectName object) implements Origin {}
}
