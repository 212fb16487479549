package dev.strata.plan.recipe;

import dev.strata.ddl.ConstraintClause;
import dev.strata.diff.ConstraintChange.DropCheck;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

/**
 * Dropping a check loosens: old writers are unaffected, but old readers may assume it holds, so it
 * waits for CONTRACT. A changed check is {@link ReplaceCheckRecipe}'s.
 */
public final class DropCheckRecipe implements Recipe<DropCheck> {

    public static final DropCheckRecipe INSTANCE = new DropCheckRecipe();

    @Override
    public void plan(DropCheck change, PlanContext context, RecipeOutput out) {
        String name = change.check().name();
        out.add(StepDraft.at(Stage.DROP_CONSTRAINT, "drop check constraint " + name + " on " + change.table())
                .sql(ConstraintSql.drop(change.table(), name))
                .lock(change.table(), LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(ConstraintSql.addBack(change.table(), new ConstraintClause.Check(change.check()), change.check().valid()))
                .fact("DROP CONSTRAINT is brief under ACCESS EXCLUSIVE (docs/locks.md#row-42).")
                .fact(change.check().valid() ? "The inverse re-adds it NOT VALID and validates it (docs/locks.md#row-40, #row-38)."
                        : "The inverse re-adds it NOT VALID, as it was (docs/locks.md#row-40)."));
    }
}
