package dev.strata.model;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Everything Strata manages in one database: its schemas (namespaces), in name order. */
public record Catalog(List<Schema> schemas) {

    public Catalog {
        schemas = schemas.stream().sorted(Comparator.comparing(Schema::name)).toList();
    }

    public static Catalog empty() {
        return new Catalog(List.of());
    }

    public Optional<Schema> schema(String name) {
        return schemas.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public Optional<Table> table(QualifiedName name) {
        return schema(name.schema()).flatMap(s -> s.table(name.name()));
    }

    public Optional<EnumType> enumType(QualifiedName name) {
        return schema(name.schema()).flatMap(s -> s.enumType(name.name()));
    }

    /** Whether the type is one this catalog declares: an enum, a domain, a composite type (not an extension's). */
    public boolean declaresType(QualifiedName name) {
        return enumType(name).isPresent() || schema(name.schema()).stream().flatMap(s -> s.objects().stream())
                .anyMatch(o -> o instanceof UserType && o.key().equals(name.name()));
    }

    public Optional<Sequence> sequence(QualifiedName name) {
        return schema(name.schema()).flatMap(s -> s.sequence(name.name()));
    }

    /** The same catalog without the objects of these kinds (see {@link Schema#withoutKinds}). */
    public Catalog withoutKinds(java.util.Set<String> kinds) {
        return kinds.isEmpty() ? this : new Catalog(schemas.stream().map(s -> s.withoutKinds(kinds)).toList());
    }

    /** The same catalog with every planner hint (renamed_from, using, backfill) removed. */
    public Catalog withoutHints() {
        return new Catalog(schemas.stream().map(Schema::withoutHints).toList());
    }

    public boolean isEmpty() {
        return schemas.stream().allMatch(Schema::isEmpty);
    }
}
