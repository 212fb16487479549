package dev.strata.plan.recipe;

import dev.strata.diff.ColumnChange.DropColumn;
import dev.strata.plan.DataLoss;
import dev.strata.plan.GateKind;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;
import dev.strata.sql.Identifiers;

/**
 * Dropping a column is quick for the database (it is only hidden) but final for the data, and it
 * breaks any application that still reads it. So it waits for CONTRACT, behind the read-switch
 * gate, and names what it deletes.
 */
public final class DropColumnRecipe implements Recipe<DropColumn> {

    public static final DropColumnRecipe INSTANCE = new DropColumnRecipe();

    @Override
    public void plan(DropColumn change, PlanContext context, RecipeOutput out) {
        String column = change.current().name();
        String where = change.table() + "." + column;
        out.gate(GateKind.DEPLOY_READ_SWITCH, "The application no longer reads or writes " + where + " (CONTRACT drops it).");
        ViewText.warnIfStillRead(change.table(), column, context, out);
        out.add(StepDraft.at(Stage.DROP_COLUMN, "drop column " + where)
                .sql("ALTER TABLE " + Identifiers.qualified(change.table()) + " DROP COLUMN IF EXISTS " + Identifiers.quote(column))
                .lock(change.table(), LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .deletes(new DataLoss("column " + where + " and every value in it", context.estimatedRows(change.table())))
                .fact("DROP COLUMN only hides the column; space is reclaimed by later updates (no rewrite, no scan)."));
    }
}
