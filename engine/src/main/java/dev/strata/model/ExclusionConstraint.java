package dev.strata.model;

import java.util.List;
import java.util.Optional;

/** {@code EXCLUDE USING method (element WITH operator, ...) [WHERE (predicate)]}. The comment is {@code COMMENT ON CONSTRAINT}'s. */
public record ExclusionConstraint(
        String name, String method, List<Element> elements, Optional<String> where, Deferrability deferrability,
        Optional<String> comment) {

    public ExclusionConstraint {
        Names.requireValid(name, "exclusion constraint");
        elements = List.copyOf(elements);
        if (elements.isEmpty()) {
            throw new IllegalArgumentException("exclusion constraint " + name + " needs at least one element");
        }
    }

    /** Without a comment. */
    public ExclusionConstraint(String name, String method, List<Element> elements, Optional<String> where,
                               Deferrability deferrability) {
        this(name, method, elements, where, deferrability, Optional.empty());
    }

    public ExclusionConstraint withComment(Optional<String> newComment) {
        return new ExclusionConstraint(name, method, elements, where, deferrability, newComment);
    }

    /** One {@code key WITH operator} pair; the key is an index key (column or expression). */
    public record Element(IndexKey key, String operator) {}
}
