package dev.strata.plan.recipe;

import dev.strata.diff.ColumnChange.ChangeColumnType;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;

/**
 * A type change that PostgreSQL would do by rewriting the whole table under ACCESS EXCLUSIVE
 * (docs/locks.md#row-23: int → bigint, text → jsonb, any USING that computes values). Instead the new
 * type lives in a shadow column filled by a one-way sync trigger and a batched backfill, and CONTRACT
 * swaps the names in one short transaction, so the column keeps its name. From the read-switch gate on the
 * application reads the column through a cast to the new type, so the swap changes no statement's result type
 * (docs/type-changes.md#prepared-statements); the gate says so.
 */
public final class RewriteColumnTypeRecipe implements Recipe<ChangeColumnType> {

    public static final RewriteColumnTypeRecipe INSTANCE = new RewriteColumnTypeRecipe();

    @Override
    public void plan(ChangeColumnType change, PlanContext context, RecipeOutput out) {
        String forward = change.using().orElse(ColumnRebuild.castForward(change.current(), change.desired()));
        ColumnRebuild.plan(new ColumnRebuild.Spec(change.table(), change.current(), change.desired(), forward, false,
                change.using().isEmpty()), context, out);
    }
}
