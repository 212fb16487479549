package dev.strata.plan.recipe;

import dev.strata.ddl.ConstraintClause;
import dev.strata.diff.ConstraintChange.DropUnique;
import dev.strata.plan.GateKind;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

/**
 * Dropping a unique constraint loosens: harmless to old writers, but the old application may
 * depend on it (ON CONFLICT, lookups assuming one row), so it waits for CONTRACT. A changed
 * constraint is {@link ReplaceUniqueRecipe}'s. Foreign keys bound to its index (a primary key on the same columns
 * replaces it) are added again against the key that stays ({@link BoundForeignKeys}).
 */
public final class DropUniqueRecipe implements Recipe<DropUnique> {

    public static final DropUniqueRecipe INSTANCE = new DropUniqueRecipe();

    @Override
    public void plan(DropUnique change, PlanContext context, RecipeOutput out) {
        String name = change.unique().name();
        out.gate(GateKind.DEPLOY_READ_SWITCH, "The application no longer relies on unique constraint " + name + " on "
                + change.table() + " (ON CONFLICT targets, one-row lookups): CONTRACT drops it.");
        StepDraft step = StepDraft.at(Stage.DROP_CONSTRAINT, "drop unique constraint " + name + " on " + change.table());
        out.add(BoundForeignKeys.around(step, ConstraintSql.drop(change.table(), name), change.table(),
                        change.unique().columns(), context.desired(), out)
                .lock(change.table(), LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(ConstraintSql.add(change.table(), new ConstraintClause.Unique(change.unique())))
                .fact("DROP CONSTRAINT is brief under ACCESS EXCLUSIVE and drops the backing index (docs/locks.md#row-42).")
                .fact("The inverse rebuilds the index under ACCESS EXCLUSIVE (docs/locks.md#row-34)."));
    }
}
