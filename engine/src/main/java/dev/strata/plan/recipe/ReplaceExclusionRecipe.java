package dev.strata.plan.recipe;

import dev.strata.diff.ConstraintChange.ReplaceExclusion;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;

/**
 * An exclusion constraint whose method, elements, predicate or deferrability changed. PostgreSQL has no online way to
 * build one (no NOT VALID, no USING INDEX, docs/locks.md#row-41), so there is no swap to make gapless: the old one is
 * dropped with CONTRACT's other drops and the new one added as {@link AddExclusionRecipe} adds one to a table that
 * exists, under ACCESS EXCLUSIVE for the whole build, with its warning, so the lock policy refuses it unless
 * overridden. Each step's undo is its own: the add's drops the new constraint, the drop's rebuilds the old one.
 */
public final class ReplaceExclusionRecipe implements Recipe<ReplaceExclusion> {

    public static final ReplaceExclusionRecipe INSTANCE = new ReplaceExclusionRecipe();

    @Override
    public void plan(ReplaceExclusion change, PlanContext context, RecipeOutput out) {
        DropExclusionRecipe.drop(change.table(), change.current(), out);
        AddExclusionRecipe.contract(change.table(), change.desired(), out);
    }
}
