package dev.strata.ddl;

import dev.strata.model.DataType;
import dev.strata.model.QualifiedName;

import java.util.List;

/** The few statements a DDL step runs that read or write rows rather than the catalog. */
public sealed interface DataStatement extends Statement {

    /**
     * A {@code DO} block that raises {@code object_not_in_prerequisite_state} with {@code message} when {@code table}
     * holds a row: a step that relied on an empty table fails without changing anything.
     */
    record RequireEmpty(QualifiedName table, String message) implements DataStatement {}

    /**
     * A {@code DO} block that runs {@code statements} (each by {@code EXECUTE}) only while {@code table} holds no row,
     * and otherwise changes nothing: work that is worth doing on an empty table and never needed on one with rows.
     */
    record IfEmpty(QualifiedName table, List<Statement> statements) implements DataStatement {

        public IfEmpty {
            statements = List.copyOf(statements);
        }
    }

    /**
     * A {@code DO} block that raises {@code cannot_coerce} with {@code message} unless PostgreSQL casts {@code from} to
     * {@code to} and back: a checked type change needs both directions.
     */
    record RequireCastBothWays(DataType from, DataType to, String message) implements DataStatement {}

    /** {@code SELECT setval(<identity sequence of table.column>, max(column)) FROM table}. */
    record ContinueIdentityAfterMax(QualifiedName table, String column) implements DataStatement {}

    /** {@code SELECT setval(<identity sequence of table.column>, last_value, is_called) FROM sequence}. */
    record ContinueIdentityFrom(QualifiedName table, String column, QualifiedName sequence) implements DataStatement {}

    /**
     * {@code UPDATE table AS t SET column = a.column FROM archive AS a WHERE t.k = a.k ...}: a kept column's values
     * copied back from its archive table by the key.
     */
    record CopyBack(QualifiedName table, String column, QualifiedName archive, List<String> key)
            implements DataStatement {

        public CopyBack {
            key = List.copyOf(key);
        }
    }
}
