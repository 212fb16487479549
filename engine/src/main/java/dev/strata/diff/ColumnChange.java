package dev.strata.diff;

import dev.strata.model.Column;
import dev.strata.model.QualifiedName;
import java.util.Optional;

/**
 * Changes to one column of a surviving table. {@code table} is the table's desired name; a
 * {@code current} column is given under its desired name except in {@link RenameColumn} and
 * {@link DropColumn}.
 */
public sealed interface ColumnChange extends Change {

    QualifiedName table();

    /** The column's desired name (its current name for {@link DropColumn}). */
    String columnName();

    default QualifiedName subject() {
        return table();
    }

    /** The new column as declared, hints included ({@code backfill} tells how to fill existing rows). */
    record AddColumn(QualifiedName table, Column column) implements ColumnChange {
        public String columnName() {
            return column.name();
        }

        public String describe() {
            return "add column " + table + "." + column.name() + " " + column.type();
        }
    }

    /** Indexes and constraints of this table that involve the column go with it (no separate changes). */
    record DropColumn(QualifiedName table, Column current) implements ColumnChange {
        public String columnName() {
            return current.name();
        }

        public String describe() {
            return "drop column " + table + "." + current.name();
        }
    }

    /** A rename only: the column's other differences come as their own changes. */
    record RenameColumn(QualifiedName table, Column current, Column desired) implements ColumnChange {
        public String columnName() {
            return desired.name();
        }

        public String describe() {
            return "rename column " + table + "." + current.name() + " to " + desired.name();
        }
    }

    /** {@code using} is the desired column's hint, if any. */
    record ChangeColumnType(QualifiedName table, Column current, Column desired, Optional<String> using)
            implements ColumnChange {
        public String columnName() {
            return desired.name();
        }

        public String describe() {
            return "change type of column " + table + "." + desired.name() + " from " + current.type() + " to "
                    + desired.type() + using.map(u -> " using " + u).orElse("");
        }
    }

    record SetNotNull(QualifiedName table, Column desired) implements ColumnChange {
        public String columnName() {
            return desired.name();
        }

        public String describe() {
            return "set not null on column " + table + "." + desired.name();
        }
    }

    record DropNotNull(QualifiedName table, Column desired) implements ColumnChange {
        public String columnName() {
            return desired.name();
        }

        public String describe() {
            return "drop not null on column " + table + "." + desired.name();
        }
    }

    /** Defaults are SQL expressions; {@code from} in PostgreSQL's text when pulled. */
    record ChangeDefault(QualifiedName table, String column, Optional<String> from, Optional<String> to)
            implements ColumnChange {
        public String columnName() {
            return column;
        }

        public String describe() {
            return to.map(t -> "set default of column " + table + "." + column + " to " + t)
                    .orElse("drop default of column " + table + "." + column);
        }
    }

    /** The column is NOT NULL by then: a {@link SetNotNull} precedes this change when needed. */
    record AddIdentity(QualifiedName table, Column desired) implements ColumnChange {
        public String columnName() {
            return desired.name();
        }

        public String describe() {
            return "add identity to column " + table + "." + desired.name();
        }
    }

    /** PostgreSQL keeps NOT NULL after DROP IDENTITY: a {@link DropNotNull} follows when wanted. */
    record DropIdentity(QualifiedName table, Column current) implements ColumnChange {
        public String columnName() {
            return current.name();
        }

        public String describe() {
            return "drop identity of column " + table + "." + current.name();
        }
    }

    /** Generation (always / by default) or sequence options differ. */
    record ChangeIdentity(QualifiedName table, Column current, Column desired) implements ColumnChange {
        public String columnName() {
            return desired.name();
        }

        public String describe() {
            return "change identity of column " + table + "." + desired.name();
        }
    }

    /** Adds, drops or changes the stored generation expression ({@code generatedAs} on either side). */
    record ChangeGenerated(QualifiedName table, Column current, Column desired) implements ColumnChange {
        public String columnName() {
            return desired.name();
        }

        public String describe() {
            String verb = current.generatedAs().isEmpty() ? "add" : desired.generatedAs().isEmpty() ? "drop" : "change";
            return verb + " generated expression of column " + table + "." + desired.name();
        }
    }

    record ChangeCollation(QualifiedName table, Column current, Column desired) implements ColumnChange {
        public String columnName() {
            return desired.name();
        }

        public String describe() {
            return "change collation of column " + table + "." + desired.name() + " from "
                    + current.collation().orElse("default") + " to " + desired.collation().orElse("default");
        }
    }

    /**
     * The column's NOT NULL constraint (PostgreSQL 18+) is to have the name {@code desired} declares; {@code current}'s
     * empty name is the one PostgreSQL derived from its table and column.
     */
    record RenameNotNull(QualifiedName table, Column current, Column desired) implements ColumnChange {
        public String columnName() {
            return desired.name();
        }

        public String describe() {
            return "rename not null constraint of column " + table + "." + desired.name() + " to "
                    + desired.notNullName().orElseThrow();
        }
    }

    record ChangeColumnComment(QualifiedName table, String column, Optional<String> from, Optional<String> to)
            implements ColumnChange {
        public String columnName() {
            return column;
        }

        public String describe() {
            return (to.isPresent() ? "set comment on column " : "remove comment on column ") + table + "." + column;
        }
    }
}
