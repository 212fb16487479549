package dev.strata.plan.recipe;

import dev.strata.diff.ObjectChange;
import dev.strata.model.SchemaObject;
import dev.strata.plan.ObjectRecipe;
import dev.strata.plan.PlanContext;
import dev.strata.plan.RecipeOutput;

import java.util.List;

/** Every kind's {@link ObjectRecipe}: the one list a new kind joins in the planner. */
public final class ObjectRecipes {

    private static final List<ObjectRecipe<?>> ALL = List.of(ExtensionRecipe.INSTANCE, DomainRecipe.INSTANCE,
            CompositeTypeRecipe.INSTANCE, RoutineRecipe.FUNCTIONS, RoutineRecipe.PROCEDURES, AggregateRecipe.INSTANCE,
            TriggerRecipe.INSTANCE, PolicyRecipe.INSTANCE, MaterializedViewRecipe.INSTANCE,
            GrantRecipe.INSTANCE, DefaultPrivilegesRecipe.INSTANCE);

    private ObjectRecipes() {}

    public static void plan(ObjectChange change, PlanContext context, RecipeOutput out) {
        ObjectRecipe<?> recipe = ALL.stream().filter(r -> r.kind().equals(change.kind())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no recipe for object kind " + change.kind()));
        plan(recipe, change, context, out);
    }

    private static <T extends SchemaObject> void plan(ObjectRecipe<T> recipe, ObjectChange change, PlanContext context,
            RecipeOutput out) {
        Class<T> type = recipe.type();
        switch (change) {
            case ObjectChange.CreateObject c -> recipe.create(c.name(), type.cast(c.desired()), context, out);
            case ObjectChange.AlterObject a -> recipe.alter(a.name(), type.cast(a.current()), type.cast(a.desired()), context, out);
            case ObjectChange.DropObject d -> recipe.drop(d.name(), type.cast(d.current()), context, out);
        }
    }
}
