package dev.strata.plan.recipe;

import dev.strata.ddl.ColumnAction;
import dev.strata.diff.ColumnChange.SetNotNull;
import dev.strata.model.Table;
import dev.strata.plan.BackfillStep;
import dev.strata.plan.GateKind;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.SyncTrigger;
import dev.strata.plan.TableWork;
import dev.strata.sql.Identifiers;

import java.util.List;
import java.util.Optional;

/**
 * NOT NULL on an existing column would reject the old application's NULL writes, so it waits for
 * CONTRACT, behind a gate saying the application always writes a value, and is enforced without a
 * blocking scan ({@link NotNullTightening}).
 *
 * <p>Rows that already hold NULL would make the validation fail. A {@code backfill} expression on the
 * column fills them in a batched BACKFILL first. Instances of the application not yet updated may still write NULL
 * behind the backfill until the read-switch gate, so from EXPAND to CONTRACT a trigger turns a NULL write into the
 * backfill's value ({@link SyncTrigger#fillNulls}), as the backfill would have. The backfill paginates on a key;
 * without one it is refused, unless the table is empty ({@link EmptyTable}): then there is nothing to fill.
 */
public final class SetNotNullRecipe implements Recipe<SetNotNull> {

    public static final SetNotNullRecipe INSTANCE = new SetNotNullRecipe();

    @Override
    public void plan(SetNotNull change, PlanContext ctx, RecipeOutput out) {
        String column = change.desired().name();
        String where = ColumnSql.where(change.table(), column);
        Optional<String> backfill = change.desired().backfill();
        String writesValues = "The application writes a non-null value to " + where + " on every insert and update (CONTRACT makes it NOT NULL).";
        if (backfill.isEmpty()) {
            NotNullTightening.plan(change.table(), column, ctx, out, GateKind.DEPLOY_READ_SWITCH, writesValues);
            return;
        }
        Optional<Table> table = ctx.currentTableFor(change.table());
        Optional<List<String>> key = table.flatMap(PlanContext::backfillKey);
        if (key.isEmpty() && EmptyTable.atPlanTime(ctx, change.table())) {
            // No NULL row to fill, so no key is needed; the step still waits for the application, like any SET NOT NULL.
            out.gate(GateKind.DEPLOY_READ_SWITCH, writesValues);
            out.add(EmptyTable.step(Stage.TIGHTEN, "set not null on " + where + " (the table is empty)", change.table(),
                            where + " cannot be made NOT NULL without filling its NULL rows",
                            "no row holds NULL, so there is nothing to backfill and NOT NULL is set at once.")
                    .sql(ColumnSql.alterColumn(change.table(), column, new ColumnAction.SetNotNull()))
                    .inverse(ColumnSql.alterColumn(change.table(), column, new ColumnAction.DropNotNull())));
            return;
        }
        if (key.isEmpty()) {
            out.refuse("set not null on " + where + ": the backfill of its NULL rows needs a primary key or a NOT NULL unique key on "
                    + change.table() + " to paginate on, and there is none. Add a primary key, or fill the NULLs yourself and remove the `backfill:` hint.");
            return;
        }
        SyncTrigger trigger = ctx.names().syncTrigger(SyncTrigger.fillNulls(change.table(), column, backfill.get()));
        out.add(StepDraft.at(Stage.SYNC_TRIGGER, "fill NULL writes to " + where + " with " + backfill.get() + " until CONTRACT")
                .sql(trigger.createFunction())
                .sql(trigger.createTrigger())
                .sql(trigger.marker())
                .lock(change.table(), LockMode.SHARE_ROW_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(trigger.dropStatements())
                .fact("CREATE TRIGGER takes SHARE ROW EXCLUSIVE briefly (docs/locks.md#row-65)."));
        out.add(StepDraft.backfill(change.table(), "fill NULLs in " + where, key.get(),
                List.of(new BackfillStep.Assignment(column, backfill.get())),
                Identifiers.quote(column) + " IS NULL"));
        NotNullTightening.plan(change.table(), column, ctx, out, GateKind.DEPLOY_READ_SWITCH,
                "The application writes a non-null value to " + where + " on every insert and update (the backfill fills the old NULLs,"
                        + " and until CONTRACT a trigger fills NULL writes; CONTRACT makes it NOT NULL and drops the trigger).");
        out.add(StepDraft.at(Stage.DROP_SYNC_TRIGGER, "drop the trigger filling NULL writes to " + where)
                .sql(trigger.dropStatements())
                .lock(change.table(), LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(trigger.createStatements())
                .fact("DROP TRIGGER takes ACCESS EXCLUSIVE briefly (docs/locks.md#row-66)."));
    }
}
