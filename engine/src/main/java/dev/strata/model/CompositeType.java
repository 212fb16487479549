package dev.strata.model;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code CREATE TYPE name AS (attribute type [COLLATE c], …)}: attributes in their order, each type as
 * {@code format_type} prints it, a collation only where it differs from the attribute type's.
 */
public record CompositeType(String name, List<Attribute> attributes, Optional<String> comment) implements UserType {

    public static final String KIND = "composite type";

    public record Attribute(String name, DataType type, Optional<String> collation) {
        public Attribute {
            Names.requireValid(name, "attribute");
            collation.ifPresent(c -> Names.requireValid(c, "collation"));
        }
    }

    public CompositeType {
        Names.requireValid(name, "composite type");
        attributes = List.copyOf(attributes);
        if (attributes.stream().map(Attribute::name).distinct().count() != attributes.size()) {
            throw new IllegalArgumentException("composite type " + name + " has two attributes of the same name");
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String key() {
        return name;
    }

    public Optional<Attribute> attribute(String attributeName) {
        return attributes.stream().filter(a -> a.name().equals(attributeName)).findFirst();
    }

    @Override
    public Set<ObjectName> needs() {
        Set<ObjectName> needs = new LinkedHashSet<>();
        attributes.forEach(a -> a.type().elementType().userTypeName()
                .ifPresent(t -> needs.add(ObjectName.of(ObjectName.TYPE, t))));
        return needs;
    }
}
