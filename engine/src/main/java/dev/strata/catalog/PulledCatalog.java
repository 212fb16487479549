package dev.strata.catalog;

import dev.strata.model.Catalog;
import dev.strata.model.TakenNames;
import dev.strata.model.UnmanagedObject;

import java.util.List;

/**
 * What {@link CatalogReader} found: the managed model, what it left out (sorted), the server version, and
 * every name in use (so generated names avoid them).
 */
public record PulledCatalog(Catalog catalog, List<UnmanagedObject> unmanaged, ServerVersion version, TakenNames taken) {

    public PulledCatalog {
        unmanaged = unmanaged.stream().sorted().toList();
    }
}
