package dev.strata.plan.recipe;

import dev.strata.ddl.ViewStatement;
import dev.strata.diff.ViewChange.DropView;
import dev.strata.plan.GateKind;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

/**
 * A view holds no data, but the old application may read it: it goes in CONTRACT, behind the
 * read-switch gate, first thing ({@link Stage#DROP_VIEW}) so it no longer holds on to the columns
 * and tables CONTRACT drops. No {@code CASCADE}: a view Strata does not manage that reads it must
 * make the drop fail.
 */
public final class DropViewRecipe implements Recipe<DropView> {

    public static final DropViewRecipe INSTANCE = new DropViewRecipe();

    @Override
    public void plan(DropView change, PlanContext context, RecipeOutput out) {
        out.gate(GateKind.DEPLOY_READ_SWITCH, "The application no longer reads view " + change.name()
                + " (CONTRACT drops it).");
        out.add(StepDraft.at(Stage.DROP_VIEW, "drop view " + change.name())
                .sql(new ViewStatement.Drop(change.name(), true))
                .lock(change.name(), LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .cannotUndo("a dropped view is not kept; recreate it from its definition in the schema before this plan")
                .fact("DROP VIEW takes ACCESS EXCLUSIVE on the view only, briefly (docs/locks.md#row-75)."));
    }
}
