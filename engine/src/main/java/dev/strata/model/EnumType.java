package dev.strata.model;

import java.util.List;
import java.util.Optional;

/** An enum type; the order of its labels is significant (it is the sort order). */
public record EnumType(String name, List<String> labels, Optional<String> comment) {

    public EnumType {
        Names.requireValid(name, "enum");
        labels = List.copyOf(labels);
    }
}
