package dev.strata.plan.recipe;

import dev.strata.ddl.ConstraintClause;
import dev.strata.diff.ConstraintChange.AddUnique;
import dev.strata.model.UniqueConstraint;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;

import java.util.Optional;

/**
 * A unique constraint on an existing table can reject what the old application writes, so it is
 * added in CONTRACT, through a concurrently built index attached with {@code USING INDEX} (see
 * {@link UniqueAttach}); a plain {@code ADD UNIQUE} would block reads and writes for the whole
 * build (docs/locks.md#row-34). A changed constraint (same name) is swapped in one short transaction;
 * {@link DropUniqueRecipe} leaves that drop to this recipe.
 */
public final class AddUniqueRecipe implements Recipe<AddUnique> {

    public static final AddUniqueRecipe INSTANCE = new AddUniqueRecipe();

    @Override
    public void plan(AddUnique change, PlanContext context, RecipeOutput out) {
        UniqueConstraint u = change.unique();
        Optional<UniqueAttach.Replaced> replaced = context.currentTableFor(change.table())
                .flatMap(t -> t.uniqueConstraints().stream().filter(c -> c.name().equals(u.name())).findFirst())
                .map(old -> new UniqueAttach.Replaced(old.name(), new ConstraintClause.Unique(old)));
        new UniqueAttach(change.table(), "UNIQUE", u.name(), u.columns(), u.nullsNotDistinct(), u.deferrability(),
                new ConstraintClause.Unique(u), replaced).plan(context, out, false);
    }
}
