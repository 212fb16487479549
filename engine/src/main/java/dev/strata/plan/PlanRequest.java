package dev.strata.plan;

import dev.strata.diff.ExpressionEquality;
import dev.strata.model.Catalog;
import dev.strata.model.QualifiedName;
import dev.strata.model.UnmanagedObject;

import java.util.List;
import java.util.Map;

/**
 * Everything the planner needs.
 *
 * @param currentDescription how to name the current side in the plan (a redacted URL or a directory)
 * @param equality           how expressions are compared (Calcite-backed in production)
 */
public record PlanRequest(
        Catalog current,
        Catalog desired,
        int pgMajor,
        Map<QualifiedName, TableFacts> tableFacts,
        String currentDescription,
        List<UnmanagedObject> unmanaged,
        ExpressionEquality equality) {

    public PlanRequest {
        tableFacts = Map.copyOf(tableFacts);
        unmanaged = List.copyOf(unmanaged);
    }
}
