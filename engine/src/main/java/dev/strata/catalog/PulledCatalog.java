package dev.strata.catalog;

import dev.strata.model.Catalog;
import dev.strata.model.TakenNames;
import dev.strata.model.Dependent;
import dev.strata.model.UnmanagedObject;

import java.util.List;

/**
 * What {@link CatalogReader} found: the managed model, what it left out (sorted), the server version, every
 * name in use (so generated names avoid them), and what depends on the managed tables beyond the model (sorted).
 *
 * @param everySchema whether the schemas read are all the schemas Strata manages in the database (then this read is
 *                    also what a read of every schema would have given)
 */
public record PulledCatalog(Catalog catalog, List<UnmanagedObject> unmanaged, ServerVersion version, TakenNames taken,
        List<Dependent> dependents, boolean everySchema) {

    public PulledCatalog {
        unmanaged = unmanaged.stream().sorted().toList();
        dependents = dependents.stream().sorted().toList();
    }
}
