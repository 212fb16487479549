package dev.strata.ddl;

import dev.strata.model.Column;
import dev.strata.model.QualifiedName;
import dev.strata.model.Table;

import java.util.List;

/** Statements on a table as a whole; everything that changes part of one is an {@link Alter} of {@link TableAction}s. */
public sealed interface TableStatement extends Statement {

    QualifiedName table();

    /**
     * {@code CREATE TABLE} named {@code table} (the model table's own name is ignored, so a planner can build it under
     * another name), with columns and every constraint inline except foreign keys (only when asked, since their
     * targets may not exist yet) and twins ({@code TwinConstraints}), which need statements of their own.
     */
    record Create(QualifiedName table, Table definition, boolean withForeignKeys) implements TableStatement {}

    /** {@code ALTER TABLE table action, ...}: several actions run as one statement, in one pass over the table. */
    record Alter(QualifiedName table, List<TableAction> actions) implements TableStatement {

        public Alter {
            actions = List.copyOf(actions);
            if (actions.isEmpty()) {
                throw new IllegalArgumentException("ALTER TABLE " + table + " needs an action");
            }
        }

        public static Alter of(QualifiedName table, TableAction action) {
            return new Alter(table, List.of(action));
        }

        /** {@code ALTER TABLE table ALTER COLUMN column action}. */
        public static Alter column(QualifiedName table, String column, ColumnAction action) {
            return of(table, new TableAction.AlterColumn(column, action));
        }
    }

    /**
     * {@code CREATE TABLE table (column, ..., PRIMARY KEY (key))} on one line: a table Strata makes to keep values in
     * ({@code strata_archive}), its primary key unnamed.
     */
    record CreateKeeper(QualifiedName table, List<Column> columns, List<String> primaryKey) implements TableStatement {

        public CreateKeeper {
            columns = List.copyOf(columns);
            primaryKey = List.copyOf(primaryKey);
        }
    }

    record Drop(QualifiedName table, boolean ifExists) implements TableStatement {}

    /** {@code LOCK TABLE table IN ACCESS EXCLUSIVE MODE}: the strongest lock, taken before a step checks the table. */
    record LockExclusive(QualifiedName table) implements TableStatement {}
}
