package dev.strata.plan;

import dev.strata.model.QualifiedName;
import dev.strata.model.SchemaObject;

/**
 * How objects of one kind managed as a whole ({@link SchemaObject}) are created, changed and dropped: the steps, their
 * phases, locks, undo and data loss, as a {@link Recipe} states them for a change kind. One per kind, in
 * {@code plan.recipe}, listed in {@code plan.recipe.ObjectRecipes}; {@code name} is the object's schema and key.
 *
 * @param <T> the kind's model record
 */
public interface ObjectRecipe<T extends SchemaObject> {

    String kind();

    Class<T> type();

    void create(QualifiedName name, T desired, PlanContext context, RecipeOutput out);

    /** {@code desired} is not satisfied by {@code current}: alter in place, or replace, as PostgreSQL allows. */
    void alter(QualifiedName name, T current, T desired, PlanContext context, RecipeOutput out);

    /** Drops wait for CONTRACT and name what they remove. */
    void drop(QualifiedName name, T current, PlanContext context, RecipeOutput out);
}
