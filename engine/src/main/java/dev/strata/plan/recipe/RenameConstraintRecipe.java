package dev.strata.plan.recipe;

import dev.strata.diff.ConstraintChange.RenameConstraint;
import dev.strata.model.Table;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

/**
 * A constraint's name is invisible to application reads and writes, so the rename is EXPAND work,
 * and it runs first in EXPAND: the backing index of a unique, primary key or exclusion constraint
 * is renamed with it, and that frees or claims a name in the schema's relation namespace.
 */
public final class RenameConstraintRecipe implements Recipe<RenameConstraint> {

    public static final RenameConstraintRecipe INSTANCE = new RenameConstraintRecipe();

    @Override
    public void plan(RenameConstraint change, PlanContext context, RecipeOutput out) {
        var step = StepDraft.at(Stage.RENAME_INDEX_OR_CONSTRAINT,
                        "rename constraint " + change.from() + " on " + change.table() + " to " + change.to())
                .sql(ConstraintSql.rename(change.table(), change.from(), change.to()))
                .lock(change.table(), LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(ConstraintSql.rename(change.table(), change.to(), change.from()))
                .fact("RENAME CONSTRAINT takes ACCESS EXCLUSIVE on the table, briefly (docs/locks.md#row-44; seen in pg_locks on 14 and 18).");
        if (context.desiredTable(change.table()).map(t -> hasIndex(t, change.to())).orElse(false)) {
            step.lock(IndexSql.relation(change.table(), change.to()), LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.CATALOG_ONLY)
                    .fact("The backing index is renamed too, under SHARE UPDATE EXCLUSIVE (seen in pg_locks on 14 and 18).");
        }
        out.add(step);
    }

    private static boolean hasIndex(Table table, String constraint) {
        return table.primaryKey().map(pk -> pk.name().equals(constraint)).orElse(false)
                || table.uniqueConstraints().stream().anyMatch(u -> u.name().equals(constraint))
                || table.exclusions().stream().anyMatch(e -> e.name().equals(constraint));
    }
}
