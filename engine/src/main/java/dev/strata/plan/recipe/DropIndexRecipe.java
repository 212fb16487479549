package dev.strata.plan.recipe;

import dev.strata.diff.IndexChange.DropIndex;
import dev.strata.plan.ConcurrentIndex;
import dev.strata.plan.GateKind;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

/**
 * The old application's queries may depend on the index for speed (or, when unique, for ON
 * CONFLICT), so it goes in CONTRACT, dropped CONCURRENTLY: SHARE UPDATE EXCLUSIVE on the table and
 * the index instead of ACCESS EXCLUSIVE (docs/locks.md#row-48 and #row-49).
 */
public final class DropIndexRecipe implements Recipe<DropIndex> {

    public static final DropIndexRecipe INSTANCE = new DropIndexRecipe();

    @Override
    public void plan(DropIndex change, PlanContext context, RecipeOutput out) {
        String name = change.index().name();
        if (change.index().unique()) {
            out.gate(GateKind.DEPLOY_READ_SWITCH, "The application no longer relies on unique index " + name + " on "
                    + change.table() + " (ON CONFLICT targets, one-row lookups): CONTRACT drops it.");
        }
        if (context.currentTableFor(change.table()).map(dev.strata.model.Table::partitioned).orElse(false)) {
            // PostgreSQL cannot drop a partitioned table's index CONCURRENTLY: a plain DROP INDEX takes ACCESS
            // EXCLUSIVE on the parent and each partition, for the catalog change only.
            out.add(StepDraft.at(Stage.DROP_INDEX, "drop index " + change.table().schema() + "." + name)
                    .sql(new dev.strata.ddl.IndexStatement.Drop(IndexSql.relation(change.table(), name), false, true))
                    .lock(change.table(), LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                    .inverse(new dev.strata.ddl.IndexStatement.Create(change.table(), change.index(), false, true))
                    .fact("DROP INDEX on a partitioned table cannot be CONCURRENTLY: it takes ACCESS EXCLUSIVE on the table"
                            + " and its partitions briefly, reading no rows (docs/locks.md#partitions).")
                    .fact("The inverse builds the index on every partition under SHARE: writes wait for the build."));
            return;
        }
        out.add(StepDraft.at(Stage.DROP_INDEX, "drop index " + change.table().schema() + "." + name)
                .sql(IndexSql.dropConcurrently(change.table(), name))
                .concurrently(new ConcurrentIndex.Drop(IndexSql.relation(change.table(), name)))
                .lock(change.table(), LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .lock(IndexSql.relation(change.table(), name), LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(IndexSql.createConcurrently(change.table(), change.index()))
                .fact("DROP INDEX CONCURRENTLY takes SHARE UPDATE EXCLUSIVE on the table and the index and waits for"
                        + " transactions using it; reads and writes continue (docs/locks.md#row-49).")
                .fact("The inverse rebuilds it CONCURRENTLY, a scan under SHARE UPDATE EXCLUSIVE (docs/locks.md#row-46)."));
    }
}
