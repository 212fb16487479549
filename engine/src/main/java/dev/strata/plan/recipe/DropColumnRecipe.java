package dev.strata.plan.recipe;

import dev.strata.diff.ColumnChange.DropColumn;
import dev.strata.model.Column;
import dev.strata.model.PrimaryKey;
import dev.strata.model.Table;
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

import java.util.List;

/**
 * Dropping a column is quick for the database (it is only hidden) but final for the data, and it
 * breaks any application that still reads it. So it waits for CONTRACT, behind the read-switch
 * gate, and names what it deletes.
 *
 * <p>The new application stops writing the column before CONTRACT, from the dual-write gate on. A NOT NULL
 * column that an insert must name (no default, identity or generation fills it) would make each of its inserts fail,
 * so EXPAND drops NOT NULL first: a brief catalog change, like {@link DropNotNullRecipe}. A primary-key column keeps
 * it (PostgreSQL refuses; the key goes with the column in CONTRACT).
 */
public final class DropColumnRecipe implements Recipe<DropColumn> {

    public static final DropColumnRecipe INSTANCE = new DropColumnRecipe();

    @Override
    public void plan(DropColumn change, PlanContext context, RecipeOutput out) {
        String column = change.current().name();
        String where = change.table() + "." + column;
        out.gate(GateKind.DEPLOY_READ_SWITCH, "The application no longer reads or writes " + where + " (CONTRACT drops it).");
        ViewText.warnIfStillRead(change.table(), column, context, out);
        if (insertsMustName(change.current()) && !inPrimaryKey(change, context)) {
            out.gate(GateKind.DEPLOY_DUAL_WRITE, "The application may stop writing " + where + " (EXPAND made it nullable).");
            out.add(StepDraft.at(Stage.LOOSEN, "drop not null on " + where + " (the new application no longer writes it)")
                    .sql(ColumnSql.alterColumn(change.table(), column) + " DROP NOT NULL")
                    .lock(change.table(), LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                    .inverse(ColumnSql.alterColumn(change.table(), column) + " SET NOT NULL")
                    .fact("DROP NOT NULL changes the catalog only (docs/locks.md#row-27); its inverse, SET NOT NULL, scans the table (docs/locks.md#row-24)."));
        }
        out.add(StepDraft.at(Stage.DROP_COLUMN, "drop column " + where)
                .sql("ALTER TABLE " + Identifiers.qualified(change.table()) + " DROP COLUMN IF EXISTS " + Identifiers.quote(column))
                .lock(change.table(), LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .deletes(new DataLoss("column " + where + " and every value in it", context.estimatedRows(change.table())))
                .fact("DROP COLUMN only hides the column; space is reclaimed by later updates (no rewrite, no scan)."));
    }

    private static boolean insertsMustName(Column column) {
        return !column.nullable() && column.defaultValue().isEmpty() && column.identity().isEmpty() && column.generatedAs().isEmpty();
    }

    private static boolean inPrimaryKey(DropColumn change, PlanContext context) {
        return context.currentTableFor(change.table()).flatMap(Table::primaryKey).map(PrimaryKey::columns)
                .orElse(List.of()).contains(change.current().name());
    }
}
