package dev.strata.plan.recipe;

import dev.strata.ddl.TypeStatement;
import dev.strata.diff.EnumChange.AddEnumValue;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;

import java.util.Optional;

/**
 * A new label only widens what the column accepts, so it is an EXPAND change, before anything that
 * writes it ({@link Stage#CREATE_TYPE}). It is a step of its own: on PostgreSQL 12 and later it may
 * run in a transaction, but the new label cannot be used until that transaction commits. PostgreSQL
 * cannot remove a label, so the step cannot be undone; {@code IF NOT EXISTS} makes a re-run harmless.
 */
public final class AddEnumValueRecipe implements Recipe<AddEnumValue> {

    public static final AddEnumValueRecipe INSTANCE = new AddEnumValueRecipe();

    @Override
    public void plan(AddEnumValue change, PlanContext context, RecipeOutput out) {
        Optional<TypeStatement.Placement> placement = change.before().map(b -> new TypeStatement.Placement(true, b))
                .or(() -> change.after().map(a -> new TypeStatement.Placement(false, a)));
        out.add(StepDraft.at(Stage.CREATE_TYPE, change.describe())
                .sql(new TypeStatement.AddEnumValue(change.name(), change.label(), true, placement))
                // pg_enum.c AddEnumLabel: ExclusiveLock on the type object, none on any table using it.
                .lockType(change.name(), LockMode.EXCLUSIVE)
                .fact("ADD VALUE locks only the type, not the tables using it; the new label is usable once the step"
                        + " commits (docs/locks.md#row-70).")
                .cannotUndo("PostgreSQL cannot remove a label from an enum"));
    }
}
