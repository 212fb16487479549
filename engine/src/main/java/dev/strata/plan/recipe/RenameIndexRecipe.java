package dev.strata.plan.recipe;

import dev.strata.diff.IndexChange.RenameIndex;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

/**
 * Index names are invisible to application queries, so the rename is EXPAND work, run first in
 * EXPAND because the name it frees may be claimed by an index or table created later in the plan.
 */
public final class RenameIndexRecipe implements Recipe<RenameIndex> {

    public static final RenameIndexRecipe INSTANCE = new RenameIndexRecipe();

    @Override
    public void plan(RenameIndex change, PlanContext context, RecipeOutput out) {
        out.add(StepDraft.at(Stage.RENAME_INDEX_OR_CONSTRAINT,
                        "rename index " + change.table().schema() + "." + change.from() + " to " + change.to())
                .sql(IndexSql.rename(change.table(), change.from(), change.to()))
                .lock(IndexSql.relation(change.table(), change.to()), LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(IndexSql.rename(change.table(), change.to(), change.from()))
                .fact("ALTER INDEX ... RENAME takes SHARE UPDATE EXCLUSIVE on the index only (PostgreSQL 12 and later,"
                        + " docs/locks.md#row-52; seen in pg_locks on 14 and 18)."));
    }
}
