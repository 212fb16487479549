package dev.strata.plan.recipe;

import dev.strata.diff.SchemaChange.CreateSchema;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.sql.Identifiers;

/** A new schema: nothing can be using it yet, so one statement in EXPAND. */
public final class CreateSchemaRecipe implements Recipe<CreateSchema> {

    public static final CreateSchemaRecipe INSTANCE = new CreateSchemaRecipe();

    @Override
    public void plan(CreateSchema change, PlanContext context, RecipeOutput out) {
        String schema = Identifiers.quote(change.name());
        out.add(StepDraft.at(Stage.CREATE_SCHEMA, "create schema " + change.name())
                .sql("CREATE SCHEMA IF NOT EXISTS " + schema)
                .inverse("DROP SCHEMA IF EXISTS " + schema)
                .fact("CREATE SCHEMA takes no lock on any table."));
    }
}
