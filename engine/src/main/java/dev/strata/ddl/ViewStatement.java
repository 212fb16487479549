package dev.strata.ddl;

import dev.strata.model.QualifiedName;
import dev.strata.model.ViewOptions;

import java.util.List;

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

    /**
     * {@code CREATE VIEW view AS SELECT c1, c2, … FROM table}: plain columns of one table, so the view is automatically
     * updatable; named rather than {@code *}, so that it keeps the same columns when created again after columns were
     * added (and a column added since can still be dropped). No columns: {@code SELECT *}.
     */
    record CreateOver(QualifiedName view, QualifiedName table, List<String> columns) implements ViewStatement {
        public CreateOver {
            columns = List.copyOf(columns);
        }
    }

    record Drop(QualifiedName view, boolean ifExists) implements ViewStatement {}
}
