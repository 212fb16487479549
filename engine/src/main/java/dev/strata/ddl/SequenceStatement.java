package dev.strata.ddl;

import dev.strata.model.QualifiedName;
import dev.strata.model.Sequence;

import java.util.List;
import java.util.Optional;

/** {@code CREATE SEQUENCE}, {@code ALTER SEQUENCE} and {@code DROP SEQUENCE}. */
public sealed interface SequenceStatement extends Statement {

    QualifiedName sequence();

    /**
     * {@code CREATE SEQUENCE [IF NOT EXISTS]} with the options that differ from PostgreSQL's defaults for its type,
     * without {@code OWNED BY} (the owning table may not exist yet: {@link SequenceOption.OwnedBy}).
     */
    record Create(QualifiedName sequence, Sequence definition, boolean ifNotExists) implements SequenceStatement {}

    /** {@code ALTER SEQUENCE sequence option ...}. */
    record Alter(QualifiedName sequence, List<SequenceOption> options) implements SequenceStatement {

        /** {@code ALTER SEQUENCE ... OWNED BY table.column} (a table of the sequence's schema), or {@code OWNED BY NONE}. */
        public static Alter ownedBy(QualifiedName sequence, Optional<Sequence.OwnedBy> owner) {
            return new Alter(sequence, List.of(SequenceOption.ownedBy(sequence, owner)));
        }

        public Alter {
            options = List.copyOf(options);
            if (options.isEmpty()) {
                throw new IllegalArgumentException("ALTER SEQUENCE " + sequence + " needs an option");
            }
        }
    }

    record Drop(QualifiedName sequence, boolean ifExists) implements SequenceStatement {}

    /** {@code ALTER SEQUENCE sequence RENAME TO to} (same schema). */
    record Rename(QualifiedName sequence, String to) implements SequenceStatement {}
}
