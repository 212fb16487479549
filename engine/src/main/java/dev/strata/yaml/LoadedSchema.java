package dev.strata.yaml;

import dev.strata.model.Catalog;

/** The catalog declared by a set of schema files and where each part of it was written. */
public record LoadedSchema(Catalog catalog, SourceMap sources) {}
