package dev.strata.diff;

import dev.strata.model.QualifiedName;
import dev.strata.model.Sequence;
import java.util.Optional;

/** Standalone and serial sequences (identity sequences are part of their column). */
public sealed interface SequenceChange extends Change {

    QualifiedName name();

    default QualifiedName subject() {
        return name();
    }

    record CreateSequence(QualifiedName name, Sequence desired) implements SequenceChange {
        public String describe() {
            return "create sequence " + name;
        }
    }

    /** Not emitted for a sequence owned by a column or table that is dropped: PostgreSQL drops it. */
    record DropSequence(QualifiedName name, Sequence current) implements SequenceChange {
        public String describe() {
            return "drop sequence " + name;
        }
    }

    /**
     * Type, options or {@code OWNED BY} differ; {@code current.ownedBy} is given in desired table
     * and column names.
     */
    record AlterSequence(QualifiedName name, Sequence current, Sequence desired) implements SequenceChange {
        public String describe() {
            return "alter sequence " + name;
        }
    }

    record ChangeSequenceComment(QualifiedName name, Optional<String> from, Optional<String> to)
            implements SequenceChange {
        public String describe() {
            return (to.isPresent() ? "set comment on sequence " : "remove comment on sequence ") + name;
        }
    }
}
