package dev.strata.ddl;

import dev.strata.model.QualifiedName;

/** {@code CREATE VIEW} and {@code DROP VIEW}. */
public sealed interface ViewStatement extends Statement {

    QualifiedName view();

    /**
     * {@code CREATE VIEW view AS query}. A trailing semicolon (as {@code pg_get_viewdef} prints it) and surrounding
     * whitespace are dropped from the query.
     */
    record Create(QualifiedName view, String query) implements ViewStatement {}

    /** {@code CREATE VIEW view AS SELECT * FROM table}: every column of one table, so the view is automatically updatable. */
    record CreateOver(QualifiedName view, QualifiedName table) implements ViewStatement {}

    record Drop(QualifiedName view, boolean ifExists) implements ViewStatement {}
}
