package dev.strata.plan.recipe;

import dev.strata.ddl.ConstraintClause;
import dev.strata.diff.ConstraintChange.DropPrimaryKey;
import dev.strata.plan.GateKind;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

/**
 * Dropping a primary key loosens, so it waits for CONTRACT like other loosening drops. A primary key
 * declared in place of it is {@link ReplacePrimaryKeyRecipe}'s. Foreign keys bound to its index (a unique constraint
 * on the same columns takes its place) are added again against the key that stays ({@link BoundForeignKeys}).
 */
public final class DropPrimaryKeyRecipe implements Recipe<DropPrimaryKey> {

    public static final DropPrimaryKeyRecipe INSTANCE = new DropPrimaryKeyRecipe();

    @Override
    public void plan(DropPrimaryKey change, PlanContext context, RecipeOutput out) {
        String name = change.primaryKey().name();
        out.gate(GateKind.DEPLOY_READ_SWITCH, "The application no longer relies on primary key " + name + " on "
                + change.table() + ": CONTRACT drops it.");
        StepDraft step = StepDraft.at(Stage.DROP_CONSTRAINT, "drop primary key " + name + " on " + change.table());
        out.add(BoundForeignKeys.around(step, ConstraintSql.drop(change.table(), name), change.table(),
                        change.primaryKey().columns(), context.desired(), out)
                .lock(change.table(), LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(ConstraintSql.add(change.table(), new ConstraintClause.Primary(change.primaryKey())))
                .fact("DROP CONSTRAINT is brief under ACCESS EXCLUSIVE and drops the backing index (docs/locks.md#row-42).")
                .fact("The inverse rebuilds the index under ACCESS EXCLUSIVE (docs/locks.md#row-33)."));
    }
}
