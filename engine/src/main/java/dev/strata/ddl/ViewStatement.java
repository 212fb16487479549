package dev.strata.ddl;

import dev.strata.model.QualifiedName;
import dev.strata.model.ViewOptions;

/** {@code CREATE VIEW}, {@code ALTER VIEW … SET / RESET (…)} and {@code DROP VIEW}. */
public sealed interface ViewStatement extends Statement {

    QualifiedName view();

    /**
     * {@code CREATE VIEW view AS query}. A trailing semicolon (as {@code pg_get_viewdef} prints it) and surrounding
     * whitespace are dropped from the query.
     */
    record Create(QualifiedName view, String query, ViewOptions options) implements ViewStatement {

        /** A view without options. */
        public Create(QualifiedName view, String query) {
            this(view, query, ViewOptions.NONE);
        }
    }

    /** {@code ALTER VIEW view SET (…), RESET (…)}: the options {@code to} has and {@code from} lacks or holds otherwise. */
    record SetOptions(QualifiedName view, ViewOptions from, ViewOptions to) implements ViewStatement {

        public SetOptions {
            if (from.equals(to)) {
                throw new IllegalArgumentException("ALTER VIEW " + view + " needs an option that changes");
            }
        }
    }

    /** {@code CREATE VIEW view AS SELECT * FROM table}: every column of one table, so the view is automatically updatable. */
    record CreateOver(QualifiedName view, QualifiedName table) implements ViewStatement {}

    record Drop(QualifiedName view, boolean ifExists) implements ViewStatement {}
}
