package dev.strata.plan;

import dev.strata.diff.Change;

/**
 * How one kind of change is carried out: the steps it takes, in which phases and stages, with their
 * locks, inverses and data loss. One implementation per change kind, in {@code dev.strata.plan.recipe}.
 */
public interface Recipe<C extends Change> {

    void plan(C change, PlanContext context, RecipeOutput out);
}
