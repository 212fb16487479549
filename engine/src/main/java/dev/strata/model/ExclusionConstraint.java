package dev.strata.model;

import java.util.List;
import java.util.Optional;

/** {@code EXCLUDE USING method (element WITH operator, ...) [WHERE (predicate)]}. */
public record ExclusionConstraint(
        String name, String method, List<Element> elements, Optional<String> where, Deferrability deferrability) {

    public ExclusionConstraint {
        Names.requireValid(name, "exclusion constraint");
        elements = List.copyOf(elements);
        if (elements.isEmpty()) {
            throw new IllegalArgumentException("exclusion constraint " + name + " needs at least one element");
        }
    }

    /** One {@code key WITH operator} pair; the key is an index key (column or expression). */
    public record Element(IndexKey key, String operator) {}
}
