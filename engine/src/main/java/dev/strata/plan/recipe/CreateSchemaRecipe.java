package dev.strata.plan.recipe;

import dev.strata.ddl.SchemaStatement;
import dev.strata.diff.SchemaChange.CreateSchema;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;

/** A new schema: nothing can be using it yet, so one statement in EXPAND. */
public final class CreateSchemaRecipe implements Recipe<CreateSchema> {

    public static final CreateSchemaRecipe INSTANCE = new CreateSchemaRecipe();

    @Override
    public void plan(CreateSchema change, PlanContext context, RecipeOutput out) {
        out.add(StepDraft.at(Stage.CREATE_SCHEMA, "create schema " + change.name())
                .sql(new SchemaStatement.Create(change.name(), true))
                .inverse(new SchemaStatement.Drop(change.name(), true))
                .fact("CREATE SCHEMA takes no lock on any table."));
    }
}
