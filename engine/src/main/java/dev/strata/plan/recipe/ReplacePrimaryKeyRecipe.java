package dev.strata.plan.recipe;

import dev.strata.ddl.ConstraintClause;
import dev.strata.diff.ConstraintChange.ReplacePrimaryKey;
import dev.strata.model.PrimaryKey;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;

import java.util.Optional;

/**
 * A table has one primary key, so a new one (any name) replaces the old one, in CONTRACT: its unique index is built
 * CONCURRENTLY under a temporary name, then one short transaction drops the old key and attaches the index with
 * {@code USING INDEX} (docs/locks.md#row-35), after TIGHTEN has made the key columns NOT NULL (see
 * {@link AddPrimaryKeyRecipe}). A foreign key replaced in the same plan to reference the new key joins that
 * transaction (the step graph merges the two); one that still references the old key makes the drop fail. The undo
 * drops the new key and adds the old one back.
 */
public final class ReplacePrimaryKeyRecipe implements Recipe<ReplacePrimaryKey> {

    public static final ReplacePrimaryKeyRecipe INSTANCE = new ReplacePrimaryKeyRecipe();

    @Override
    public void plan(ReplacePrimaryKey change, PlanContext context, RecipeOutput out) {
        PrimaryKey old = change.current();
        AddPrimaryKeyRecipe.plan(change.table(), change.desired(),
                Optional.of(new UniqueAttach.Replaced(old.name(), new ConstraintClause.Primary(old))), context, out);
    }
}
