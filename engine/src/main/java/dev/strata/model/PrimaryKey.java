package dev.strata.model;

import java.util.List;
import java.util.Optional;

/** A primary key; its columns are in key order. The comment is {@code COMMENT ON CONSTRAINT}'s. */
public record PrimaryKey(String name, List<String> columns, Optional<String> comment) {

    public PrimaryKey {
        Names.requireValid(name, "primary key");
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("primary key " + name + " needs at least one column");
        }
    }

    /** Without a comment. */
    public PrimaryKey(String name, List<String> columns) {
        this(name, columns, Optional.empty());
    }

    public PrimaryKey withComment(Optional<String> newComment) {
        return new PrimaryKey(name, columns, newComment);
    }
}
