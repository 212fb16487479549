package dev.strata.plan.recipe;

import dev.strata.ddl.SequenceStatement;
import dev.strata.diff.SequenceChange.DropSequence;
import dev.strata.plan.DataLoss;
import dev.strata.plan.GateKind;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

/**
 * A sequence's only data is its position, but losing it means a recreated sequence hands out
 * numbers already used. So the drop waits for CONTRACT, after the columns and defaults that call
 * it are gone ({@link Stage#DROP_SEQUENCE}), and names that loss. No {@code CASCADE}: a default
 * Strata does not manage that still calls it must make the drop fail.
 */
public final class DropSequenceRecipe implements Recipe<DropSequence> {

    public static final DropSequenceRecipe INSTANCE = new DropSequenceRecipe();

    @Override
    public void plan(DropSequence change, PlanContext context, RecipeOutput out) {
        out.gate(GateKind.DEPLOY_READ_SWITCH, "The application no longer uses sequence " + change.name()
                + " (CONTRACT drops it).");
        out.add(StepDraft.at(Stage.DROP_SEQUENCE, "drop sequence " + change.name())
                .sql(new SequenceStatement.Drop(change.name(), true))
                .lock(change.name(), LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .deletes(new DataLoss("sequence " + change.name() + " (its current value)", -1))
                .cannotUndo("a dropped sequence is not kept, and its current value is lost")
                .fact("DROP SEQUENCE takes ACCESS EXCLUSIVE on the sequence only."));
    }
}
