package dev.strata.yaml;

import dev.strata.model.Catalog;

import java.util.Set;

/**
 * The catalog declared by a set of schema files and where each part of it was written; {@code unmanagedKinds} are the
 * kinds managed as a whole that the project opted out of ({@code manage:} in {@code strata.yaml}): a plan leaves them
 * alone in both catalogs.
 */
public record LoadedSchema(Catalog catalog, SourceMap sources, Set<String> unmanagedKinds) {

    public LoadedSchema {
        unmanagedKinds = Set.copyOf(unmanagedKinds);
    }

    public LoadedSchema(Catalog catalog, SourceMap sources) {
        this(catalog, sources, Set.of());
    }
}
