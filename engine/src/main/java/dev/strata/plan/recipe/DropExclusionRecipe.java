package dev.strata.plan.recipe;

import dev.strata.ddl.ConstraintClause;
import dev.strata.diff.ConstraintChange.DropExclusion;
import dev.strata.model.ExclusionConstraint;
import dev.strata.model.QualifiedName;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

/**
 * Dropping an exclusion constraint loosens, so it waits for CONTRACT. Its inverse rebuilds the
 * index under ACCESS EXCLUSIVE (there is no online way, docs/locks.md#row-41), which the fact says.
 */
public final class DropExclusionRecipe implements Recipe<DropExclusion> {

    public static final DropExclusionRecipe INSTANCE = new DropExclusionRecipe();

    @Override
    public void plan(DropExclusion change, PlanContext context, RecipeOutput out) {
        drop(change.table(), change.exclusion(), out);
    }

    static void drop(QualifiedName table, ExclusionConstraint exclusion, RecipeOutput out) {
        String name = exclusion.name();
        out.add(StepDraft.at(Stage.DROP_CONSTRAINT, "drop exclusion constraint " + name + " on " + table)
                .sql(ConstraintSql.drop(table, name))
                .lock(table, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(ConstraintSql.add(table, new ConstraintClause.Exclusion(exclusion)))
                .fact("DROP CONSTRAINT is brief under ACCESS EXCLUSIVE and drops the backing index (docs/locks.md#row-42).")
                .fact("The inverse rebuilds the index under ACCESS EXCLUSIVE (docs/locks.md#row-41)."));
    }
}
