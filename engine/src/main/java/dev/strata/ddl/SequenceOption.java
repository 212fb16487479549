package dev.strata.ddl;

import dev.strata.model.DataType;

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
}
