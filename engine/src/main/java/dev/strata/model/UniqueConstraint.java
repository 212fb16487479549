package dev.strata.model;

import java.util.List;
import java.util.Optional;

/**
 * {@code UNIQUE [NULLS NOT DISTINCT] (columns [WITHOUT OVERLAPS])}, optionally deferrable. {@code withoutOverlaps} is
 * PostgreSQL 18's temporal key on the last column (see {@link PrimaryKey}). The comment is
 * {@code COMMENT ON CONSTRAINT}'s.
 */
public record UniqueConstraint(String name, List<String> columns, boolean nullsNotDistinct, Deferrability deferrability,
                               boolean withoutOverlaps, Optional<String> comment) {

    public UniqueConstraint {
        Names.requireValid(name, "unique constraint");
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("unique constraint " + name + " needs at least one column");
        }
    }

    /** Not temporal. */
    public UniqueConstraint(String name, List<String> columns, boolean nullsNotDistinct, Deferrability deferrability,
                            Optional<String> comment) {
        this(name, columns, nullsNotDistinct, deferrability, false, comment);
    }

    /** Without a comment. */
    public UniqueConstraint(String name, List<String> columns, boolean nullsNotDistinct, Deferrability deferrability) {
        this(name, columns, nullsNotDistinct, deferrability, Optional.empty());
    }

    public UniqueConstraint withComment(Optional<String> newComment) {
        return new UniqueConstraint(name, columns, nullsNotDistinct, deferrability, withoutOverlaps, newComment);
    }
}
