package dev.strata.plan.recipe;

import dev.strata.ddl.ColumnAction;
import dev.strata.diff.ColumnChange.ChangeGenerated;
import dev.strata.model.Column;
import dev.strata.model.Table;
import dev.strata.plan.ColumnsRead;
import dev.strata.plan.GateKind;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.SyncTrigger;
import dev.strata.plan.TableWork;

import java.util.List;
import java.util.Optional;

/**
 * Generation expressions of existing columns.
 *
 * <ul>
 * <li>Dropping one ({@code DROP EXPRESSION}, catalog only, docs/locks.md#row-30) turns the column into a
 *     plain one: the old application still relies on it being computed, while the new one may only
 *     write it once it is plain. So in EXPAND the expression is replaced, in the same transaction, by
 *     a sync trigger that computes the same value whenever a write does not set the column, and the
 *     trigger goes in CONTRACT once the application writes the column itself. A desired default is
 *     set in the same step (PostgreSQL refuses one on a generated column).</li>
 * <li>Changing one ({@code SET EXPRESSION}, PostgreSQL 17+) rewrites every row under ACCESS EXCLUSIVE:
 *     the honest step is planned, so the lock policy refuses it unless overridden, with a warning
 *     naming the trigger-based alternative. Before 17 there is no such statement and the plan refuses.</li>
 * <li>A plain column cannot become generated in place: refused with the alternatives.</li>
 * </ul>
 */
public final class ChangeGeneratedRecipe implements Recipe<ChangeGenerated> {

    public static final ChangeGeneratedRecipe INSTANCE = new ChangeGeneratedRecipe();

    @Override
    public void plan(ChangeGenerated change, PlanContext ctx, RecipeOutput out) {
        Column current = change.current();
        Column desired = change.desired();
        String where = ColumnSql.where(change.table(), desired.name());
        if (current.virtual() && desired.generatedAs().isEmpty()) {
            out.refuse("column " + where + " cannot stop being a virtual generated column: PostgreSQL has no DROP EXPRESSION"
                    + " for one (it stores no value to keep). Add a plain column under another name, fill it with a backfill"
                    + " from this one, and drop this one.");
        } else if (current.generatedAs().isPresent() && desired.generatedAs().isPresent()
                && current.virtual() != desired.virtual()) {
            out.refuse("column " + where + " cannot change from " + (current.virtual() ? "virtual to stored" : "stored to virtual")
                    + " in place: PostgreSQL has no statement for it. Add a new generated column under another name and drop this one.");
        } else if (current.virtual()) {
            out.add(StepDraft.at(Stage.TIGHTEN, "change generation expression of " + where)
                    .sql(ColumnSql.alterColumn(change.table(), desired.name(), new ColumnAction.SetExpression(desired.generatedAs().get())))
                    .lock(change.table(), LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                    .inverse(ColumnSql.alterColumn(change.table(), desired.name(), new ColumnAction.SetExpression(current.generatedAs().get())))
                    .fact("SET EXPRESSION on a virtual generated column changes the catalog only: nothing is stored to rewrite"
                            + " (docs/locks.md#row-30)."));
        } else if (current.generatedAs().isPresent() && desired.generatedAs().isEmpty()) {
            drop(change, ctx, out, where);
        } else if (current.generatedAs().isEmpty()) {
            out.refuse("column " + where + " cannot become a generated column: PostgreSQL has no statement that turns an existing "
                    + "column into one. Add a new generated column under another name (a table rewrite) and drop this one, "
                    + "or keep it a plain column maintained by a trigger.");
        } else if (!ctx.supports(17)) {
            out.refuse("the generation expression of " + where + " cannot be changed on PostgreSQL " + ctx.pgMajor()
                    + " (ALTER COLUMN ... SET EXPRESSION needs 17 or later). Add a new generated column under another name and drop "
                    + "this one, or keep the old expression.");
        } else {
            out.add(StepDraft.at(Stage.TIGHTEN, "change generation expression of " + where)
                    .sql(ColumnSql.alterColumn(change.table(), desired.name(), new ColumnAction.SetExpression(desired.generatedAs().get())))
                    .lock(change.table(), LockMode.ACCESS_EXCLUSIVE, TableWork.REWRITE)
                    .inverse(ColumnSql.alterColumn(change.table(), desired.name(), new ColumnAction.SetExpression(change.current().generatedAs().get())))
                    .fact("SET EXPRESSION on a stored generated column rewrites every row under ACCESS EXCLUSIVE (docs/locks.md#row-30)."));
            out.warn("change generation expression of " + where + ": the table is rewritten while reads and writes wait. To avoid that, "
                    + "add a plain column filled by a trigger and a batched backfill, switch the application to it, then drop this one.");
        }
    }

    private static void drop(ChangeGenerated change, PlanContext ctx, RecipeOutput out, String where) {
        String column = change.desired().name();
        String expression = change.current().generatedAs().get();
        Optional<Table> table = ctx.currentTableFor(change.table());
        List<String> sources = table.map(t -> List.copyOf(ColumnsRead.of(expression, t))).orElse(List.of());
        SyncTrigger trigger = ctx.names().syncTrigger(SyncTrigger.derive(change.table(), sources, column, expression));
        StepDraft step = StepDraft.at(Stage.LOOSEN, "make " + where + " a plain column computed by a trigger")
                .sql(ColumnSql.alterColumn(change.table(), column, new ColumnAction.DropExpression(true)));
        change.desired().defaultValue().ifPresent(d -> step.sql(ColumnSql.setDefault(change.table(), column, Optional.of(d))));
        trigger.createStatements().forEach(step::sql);
        out.add(step.lock(change.table(), LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .cannotUndo("PostgreSQL cannot turn a plain column back into a generated one in place")
                .fact("DROP EXPRESSION keeps the stored values and changes the catalog only (docs/locks.md#row-30).")
                .fact("The trigger (CREATE TRIGGER, docs/locks.md#row-65) keeps computing the value for writers that do not set the column."));
        out.gate(GateKind.DEPLOY_READ_SWITCH, "The application writes " + where + " itself (CONTRACT drops the trigger that computes it).");
        out.add(StepDraft.at(Stage.DROP_SYNC_TRIGGER, "drop the trigger computing " + where)
                .sql(trigger.dropStatements())
                .lock(change.table(), LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(trigger.createStatements())
                .fact("DROP TRIGGER takes ACCESS EXCLUSIVE briefly (docs/locks.md#row-66)."));
    }
}
