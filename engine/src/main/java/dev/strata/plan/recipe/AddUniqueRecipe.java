package dev.strata.plan.recipe;

import dev.strata.ddl.ConstraintClause;
import dev.strata.diff.ConstraintChange.AddUnique;
import dev.strata.model.QualifiedName;
import dev.strata.model.UniqueConstraint;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;

import java.util.Optional;

/**
 * A unique constraint on an existing table can reject what the old application writes, so it is
 * added in CONTRACT, through a concurrently built index attached with {@code USING INDEX} (see
 * {@link UniqueAttach}); a plain {@code ADD UNIQUE} would block reads and writes for the whole
 * build (docs/locks.md#row-34). A changed constraint is {@link ReplaceUniqueRecipe}'s.
 */
public final class AddUniqueRecipe implements Recipe<AddUnique> {

    public static final AddUniqueRecipe INSTANCE = new AddUniqueRecipe();

    @Override
    public void plan(AddUnique change, PlanContext context, RecipeOutput out) {
        attach(change.table(), change.unique(), Optional.empty()).plan(context, out, false);
    }

    static UniqueAttach attach(QualifiedName table, UniqueConstraint u, Optional<UniqueAttach.Replaced> replaced) {
        return new UniqueAttach(table, "UNIQUE", u.name(), u.columns(), u.nullsNotDistinct(), u.withoutOverlaps(), u.deferrability(),
                new ConstraintClause.Unique(u), u.comment(), replaced);
    }
}
