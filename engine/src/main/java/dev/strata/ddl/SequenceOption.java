package dev.strata.ddl;

import dev.strata.model.DataType;
import dev.strata.model.QualifiedName;
import dev.strata.model.Sequence;

import java.util.Optional;

/** One option of {@code ALTER SEQUENCE}, and (after {@code SET}) of an identity column's sequence. */
public sealed interface SequenceOption {

    /** {@code AS type}; not valid on an identity, whose type is its column's. */
    record As(DataType type) implements SequenceOption {}

    record IncrementBy(long value) implements SequenceOption {}

    record MinValue(long value) implements SequenceOption {}

    record MaxValue(long value) implements SequenceOption {}

    record StartWith(long value) implements SequenceOption {}

    record Cache(long value) implements SequenceOption {}

    /** {@code CYCLE} or {@code NO CYCLE}. */
    record Cycle(boolean cycle) implements SequenceOption {}

    /** {@code OWNED BY table.column}: dropped with the column. Only for {@code ALTER SEQUENCE}. */
    record OwnedBy(QualifiedName table, String column) implements SequenceOption {}

    /** {@code OWNED BY NONE}. */
    record OwnedByNone() implements SequenceOption {}

    /** The owner as the model records it (a table of the sequence's schema), or none. */
    static SequenceOption ownedBy(QualifiedName sequence, Optional<Sequence.OwnedBy> owner) {
        return owner.<SequenceOption>map(o -> new OwnedBy(QualifiedName.of(sequence.schema(), o.table()), o.column()))
                .orElseGet(OwnedByNone::new);
    }
}
