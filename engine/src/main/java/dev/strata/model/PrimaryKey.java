package dev.strata.model;

import java.util.List;
import java.util.Optional;

/**
 * A primary key; its columns are in key order. {@code withoutOverlaps} is PostgreSQL 18's temporal key: the last
 * column (a range or multirange) is compared with {@code &&} instead of {@code =}, in a GiST index
 * ({@code PRIMARY KEY (id, valid WITHOUT OVERLAPS)}, {@code pg_constraint.conperiod}). The comment is
 * {@code COMMENT ON CONSTRAINT}'s.
 */
public record PrimaryKey(String name, List<String> columns, boolean withoutOverlaps, Optional<String> comment) {

    public PrimaryKey {
        Names.requireValid(name, "primary key");
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("primary key " + name + " needs at least one column");
        }
    }

    /** Not temporal. */
    public PrimaryKey(String name, List<String> columns, Optional<String> comment) {
        this(name, columns, false, comment);
    }

    /** Without a comment. */
    public PrimaryKey(String name, List<String> columns) {
        this(name, columns, Optional.empty());
    }

    public PrimaryKey withComment(Optional<String> newComment) {
        return new PrimaryKey(name, columns, withoutOverlaps, newComment);
    }
}
