package dev.strata.ddl;

import dev.strata.model.Index;
import dev.strata.model.QualifiedName;

/** {@code CREATE INDEX}, {@code DROP INDEX} and {@code ALTER INDEX ... RENAME}. */
public sealed interface IndexStatement extends Statement {

    /** The index, in its table's schema. */
    QualifiedName index();

    /** {@code CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] name ON table ...}; the name is not qualified. */
    record Create(QualifiedName table, Index definition, boolean concurrently, boolean ifNotExists)
            implements IndexStatement {
        public QualifiedName index() {
            return QualifiedName.of(table.schema(), definition.name());
        }
    }

    record Drop(QualifiedName index, boolean concurrently, boolean ifExists) implements IndexStatement {}

    /** {@code ALTER INDEX [IF EXISTS] index RENAME TO to}. */
    record Rename(QualifiedName index, String to, boolean ifExists) implements IndexStatement {}

    /**
     * {@code CREATE [UNIQUE] INDEX IF NOT EXISTS name ON ONLY table ...}: an index of a partitioned table alone, INVALID
     * until an index of every partition is attached to it.
     */
    record CreateOnOnly(QualifiedName table, Index definition) implements IndexStatement {
        public QualifiedName index() {
            return QualifiedName.of(table.schema(), definition.name());
        }
    }

    /** {@code ALTER INDEX index ATTACH PARTITION partitionIndex}: a partition's index becomes part of its parent's. */
    record AttachPartition(QualifiedName index, QualifiedName partitionIndex) implements IndexStatement {}
}
