package dev.strata.plan;

import dev.strata.diff.ExpressionEquality;
import dev.strata.model.Catalog;
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
 */
public record PlanRequest(
        Catalog current,
        Catalog desired,
        int pgMajor,
        Map<QualifiedName, TableFacts> tableFacts,
        String currentDescription,
        List<UnmanagedObject> unmanaged,
        ExpressionEquality equality,
        TakenNames taken) {

    public PlanRequest {
        tableFacts = Map.copyOf(tableFacts);
        unmanaged = List.copyOf(unmanaged);
    }

    /** A request that knows no live names beyond the two catalogs (offline plans). */
    public PlanRequest(Catalog current, Catalog desired, int pgMajor, Map<QualifiedName, TableFacts> tableFacts,
            String currentDescription, List<UnmanagedObject> unmanaged, ExpressionEquality equality) {
        this(current, desired, pgMajor, tableFacts, currentDescription, unmanaged, equality, TakenNames.none());
    }
}
