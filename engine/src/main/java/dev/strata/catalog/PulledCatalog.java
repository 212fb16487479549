package dev.strata.catalog;

import dev.strata.model.Catalog;
import dev.strata.model.Dependent;
import dev.strata.model.UnmanagedObject;

import java.util.List;

/**
 * What {@link CatalogReader} found: the managed model, what it left out (sorted), the server version, and what
 * depends on the managed tables beyond the model (sorted).
 */
public record PulledCatalog(Catalog catalog, List<UnmanagedObject> unmanaged, ServerVersion version,
        List<Dependent> dependents) {

    public PulledCatalog {
        unmanaged = unmanaged.stream().sorted().toList();
        dependents = dependents.stream().sorted().toList();
    }
}
