package dev.strata.plan.recipe;

import dev.strata.ddl.ConstraintClause;
import dev.strata.diff.ConstraintChange.ReplaceUnique;
import dev.strata.model.UniqueConstraint;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;

import java.util.Optional;

/**
 * A unique constraint whose columns, NULLS NOT DISTINCT or deferrability changed, in CONTRACT: the new index is built
 * CONCURRENTLY under a temporary name, then one short transaction drops the old constraint and attaches the new index
 * with {@code USING INDEX} (docs/locks.md#row-35), so uniqueness is enforced throughout (see {@link UniqueAttach}).
 * The undo drops the new constraint and adds the old one back.
 */
public final class ReplaceUniqueRecipe implements Recipe<ReplaceUnique> {

    public static final ReplaceUniqueRecipe INSTANCE = new ReplaceUniqueRecipe();

    @Override
    public void plan(ReplaceUnique change, PlanContext context, RecipeOutput out) {
        UniqueConstraint old = change.current();
        AddUniqueRecipe.attach(change.table(), change.desired(),
                Optional.of(new UniqueAttach.Replaced(old.name(), new ConstraintClause.Unique(old)))).plan(context, out, false);
    }
}
