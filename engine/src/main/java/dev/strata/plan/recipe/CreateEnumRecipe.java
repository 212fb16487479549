package dev.strata.plan.recipe;

import dev.strata.ddl.CommentOn;
import dev.strata.ddl.TypeStatement;
import dev.strata.diff.EnumChange.CreateEnum;
import dev.strata.model.QualifiedName;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;

/**
 * A new type is unused, so it is created in EXPAND before any table or column that uses it
 * ({@link Stage#CREATE_TYPE}); its comment comes along, as the diff emits no comment change for
 * a new enum.
 */
public final class CreateEnumRecipe implements Recipe<CreateEnum> {

    public static final CreateEnumRecipe INSTANCE = new CreateEnumRecipe();

    @Override
    public void plan(CreateEnum change, PlanContext context, RecipeOutput out) {
        QualifiedName name = change.name();
        StepDraft step = StepDraft.at(Stage.CREATE_TYPE, "create enum " + name)
                .sql(new TypeStatement.CreateEnum(name, change.desired().labels()))
                .inverse(new TypeStatement.Drop(name, true))
                .fact("CREATE TYPE locks no table.");
        // The COMMENT takes SHARE UPDATE EXCLUSIVE on the type created just before it, which no other session can see
        // before the step commits: no lock to annotate.
        change.desired().comment().ifPresent(c -> step.sql(CommentOn.type(name, change.desired().comment())));
        out.add(step);
    }
}
