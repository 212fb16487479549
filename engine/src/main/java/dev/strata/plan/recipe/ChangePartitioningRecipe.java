package dev.strata.plan.recipe;

import dev.strata.diff.TableChange.ChangePartitioning;
import dev.strata.model.Table;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;

/**
 * A new partition key, a plain table turned partitioned (or back), or a table moved into or out of a partition tree:
 * PostgreSQL changes none of these in place, so each is a rebuild of the table and its rows. Refused with one line,
 * never planned as a silent drop and create (docs/locks.md#partitions).
 */
public final class ChangePartitioningRecipe implements Recipe<ChangePartitioning> {

    public static final ChangePartitioningRecipe INSTANCE = new ChangePartitioningRecipe();

    private ChangePartitioningRecipe() {}

    @Override
    public void plan(ChangePartitioning change, PlanContext ctx, RecipeOutput out) {
        out.refuse("table " + change.name() + " would change from " + describe(change.current()) + " to "
                + describe(change.desired()) + ", which PostgreSQL cannot do in place: it needs a new table and a copy of"
                + " the rows; create it under another name, move the rows, then drop the old one (docs/locks.md#partitions)");
    }

    private static String describe(Table t) {
        String by = t.partitionBy().map(p -> "partitioned by " + p).orElse("");
        String of = t.partitionOf().map(p -> "a partition of " + p.parent()).orElse("");
        if (by.isEmpty() && of.isEmpty()) {
            return "a plain table";
        }
        return by.isEmpty() ? of : of.isEmpty() ? by : of + " " + by;
    }
}
