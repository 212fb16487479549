package dev.strata.plan;

import dev.strata.diff.ExpressionEquality;
import dev.strata.model.Catalog;
import dev.strata.model.Dependent;
import dev.strata.model.QualifiedName;
import dev.strata.model.TakenNames;
import dev.strata.model.UnmanagedObject;

import java.util.List;
import java.util.Map;

/**
 * Everything the planner needs.
 *
 * @param currentDescription how to name the current side in the plan (a redacted URL or a directory)
 * @param equality           how expressions are compared (Calcite-backed in production)
 * @param taken              names the live database uses beyond the current catalog (generated names avoid them)
 * @param dependents         what the catalog records as depending on current tables beyond the model
 * @param dropNow            destroy dropped tables and columns ({@code --drop-now}) rather than keep them in strata_archive
 */
public record PlanRequest(
        Catalog current,
        Catalog desired,
        int pgMajor,
        Map<QualifiedName, TableFacts> tableFacts,
        String currentDescription,
        List<UnmanagedObject> unmanaged,
        ExpressionEquality equality,
        TakenNames taken,
        List<Dependent> dependents,
        boolean dropNow) {

    public PlanRequest {
        tableFacts = Map.copyOf(tableFacts);
        unmanaged = List.copyOf(unmanaged);
        dependents = List.copyOf(dependents);
    }

    /** Dropped tables kept in strata_archive (docs/retention.md). */
    public PlanRequest(Catalog current, Catalog desired, int pgMajor, Map<QualifiedName, TableFacts> tableFacts,
            String currentDescription, List<UnmanagedObject> unmanaged, ExpressionEquality equality, TakenNames taken,
            List<Dependent> dependents) {
        this(current, desired, pgMajor, tableFacts, currentDescription, unmanaged, equality, taken, dependents, false);
    }

    /** Planning from YAML: no live names beyond the two catalogs, and no catalog records dependents. */
    public PlanRequest(Catalog current, Catalog desired, int pgMajor, Map<QualifiedName, TableFacts> tableFacts,
            String currentDescription, List<UnmanagedObject> unmanaged, ExpressionEquality equality) {
        this(current, desired, pgMajor, tableFacts, currentDescription, unmanaged, equality, TakenNames.none(), List.of());
    }
}
