package dev.strata.model;

import java.util.List;

/** {@code UNIQUE [NULLS NOT DISTINCT] (columns)}, optionally deferrable. */
public record UniqueConstraint(String name, List<String> columns, boolean nullsNotDistinct, Deferrability deferrability) {

    public UniqueConstraint {
        Names.requireValid(name, "unique constraint");
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("unique constraint " + name + " needs at least one column");
        }
    }
}
