package dev.strata.catalog;

import dev.strata.model.Catalog;
import dev.strata.model.UnmanagedObject;

import java.util.List;

/** What {@link CatalogReader} found: the managed model, what it left out (sorted), and the server version. */
public record PulledCatalog(Catalog catalog, List<UnmanagedObject> unmanaged, ServerVersion version) {

    public PulledCatalog {
        unmanaged = unmanaged.stream().sorted().toList();
    }
}
