package dev.strata.model;

import java.util.Optional;

/**
 * A sequence that is not an identity column's internal one. {@code ownedBy} links it to a column,
 * as {@code serial} does, so dropping the column drops the sequence.
 */
public record Sequence(String name, DataType type, SequenceOptions options, Optional<OwnedBy> ownedBy, Optional<String> comment) {

    public Sequence {
        Names.requireValid(name, "sequence");
    }

    /** {@code OWNED BY table.column}; the table is in the sequence's schema. */
    public record OwnedBy(String table, String column) {}
}
