package dev.strata.model;

import java.util.List;

/** A primary key; its columns are in key order. */
public record PrimaryKey(String name, List<String> columns) {

    public PrimaryKey {
        Names.requireValid(name, "primary key");
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("primary key " + name + " needs at least one column");
        }
    }
}
