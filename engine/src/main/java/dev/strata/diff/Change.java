package dev.strata.diff;

import dev.strata.model.QualifiedName;

/**
 * One difference between the current and the desired catalog, typed so that the planner can pick
 * one recipe per kind with an exhaustive switch.
 *
 * <p>Naming convention: renames are applied first, so every table-scoped change (columns,
 * constraints, indexes) names its table by the <em>desired</em> qualified name and its columns by
 * their desired names; a current model object carried by such a change is translated to those
 * names. Only {@link TableChange.RenameTable}, {@link ColumnChange.RenameColumn} and the
 * {@code from} side of the other renames carry old names.
 */
public sealed interface Change
        permits SchemaChange, TableChange, ColumnChange, ConstraintChange, IndexChange, EnumChange, SequenceChange,
                ViewChange, ObjectChange {

    /**
     * The schema-level object the change is about: the table for table, column, constraint and
     * index changes (its desired name), the enum, sequence or view otherwise. A schema is named
     * {@code QualifiedName(schema, schema)}.
     */
    QualifiedName subject();

    /** One line for plans, e.g. {@code rename column public.users.username to handle}. */
    String describe();
}
