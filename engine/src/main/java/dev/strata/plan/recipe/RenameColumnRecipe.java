package dev.strata.plan.recipe;

import dev.strata.diff.ColumnChange.RenameColumn;
import dev.strata.model.Column;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.sql.Identifiers;

/**
 * A rename through a second column: {@code ALTER TABLE … RENAME COLUMN} is instant but breaks every
 * running instance that still uses the old name (docs/locks.md#row-16). The new column is kept equal to
 * the old one by a two-way sync trigger until the application has switched, then the old one goes.
 * When the type changes too, the new value is computed with the {@code using} hint (or a cast), and
 * the trigger only derives new from old.
 */
public final class RenameColumnRecipe implements Recipe<RenameColumn> {

    public static final RenameColumnRecipe INSTANCE = new RenameColumnRecipe();

    @Override
    public void plan(RenameColumn change, PlanContext context, RecipeOutput out) {
        Column current = change.current();
        Column desired = change.desired();
        boolean sameType = current.type().equals(desired.type()) && current.collation().equals(desired.collation());
        String forward = sameType
                ? Identifiers.quote(current.name())
                : desired.using().orElse(ColumnRebuild.castForward(current, desired));
        ColumnRebuild.plan(new ColumnRebuild.Spec(change.table(), current, desired, forward, sameType,
                !sameType && desired.using().isEmpty()), context, out);
    }
}
