package dev.strata.plan.recipe;

import dev.strata.diff.ConstraintChange.ValidateConstraint;
import dev.strata.diff.ConstraintChange.Validated;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;

/**
 * A check or foreign key that is {@code NOT VALID} now and declared valid: {@code VALIDATE CONSTRAINT}, a scan under
 * SHARE UPDATE EXCLUSIVE (for a foreign key also ROW SHARE on the referenced table; docs/locks.md#row-38, seen in
 * pg_locks on 14 and 18), never a drop and re-add. New and updated rows are checked already, by either version of the
 * application, so no deploy gate asks anything of it; it runs in CONTRACT with the other validations (where
 * preflight, which asks the rows already there first, says a violating row would fail it). Nothing to undo: only the
 * knowledge that the rows there satisfy it is gained, and a constraint declared {@code NOT VALID} that is valid
 * counts as satisfied.
 */
public final class ValidateConstraintRecipe implements Recipe<ValidateConstraint> {

    public static final ValidateConstraintRecipe INSTANCE = new ValidateConstraintRecipe();

    @Override
    public void plan(ValidateConstraint change, PlanContext ctx, RecipeOutput out) {
        StepDraft step = switch (change.constraint()) {
            case Validated.Check c -> AddCheckRecipe.validate(change.table(), c.check(), Stage.CONTRACT_VALIDATE_CONSTRAINT, out);
            case Validated.Foreign f -> AddForeignKeyRecipe.validate(change.table(), f.foreignKey(), Stage.CONTRACT_VALIDATE_CONSTRAINT, out);
        };
        step.fact("The constraint exists NOT VALID: new and updated rows are checked already; this checks the rows"
                + " already there and fails if one violates it.");
    }
}
