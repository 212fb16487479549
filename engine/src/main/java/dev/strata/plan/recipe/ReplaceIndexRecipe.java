package dev.strata.plan.recipe;

import dev.strata.diff.IndexChange.ReplaceIndex;
import dev.strata.model.Index;
import dev.strata.model.QualifiedName;
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
 * Same name, new definition: the new index is built CONCURRENTLY under a temporary name, the old one
 * dropped CONCURRENTLY, and the new one renamed, so queries always have one of the two and no step
 * blocks traffic (docs/locks.md#row-46, #row-49, #row-52). EXPAND when neither side is unique; otherwise CONTRACT:
 * a new unique definition can reject the old application's writes, and dropping a unique one can
 * break its ON CONFLICT clauses.
 */
public final class ReplaceIndexRecipe implements Recipe<ReplaceIndex> {

    public static final ReplaceIndexRecipe INSTANCE = new ReplaceIndexRecipe();

    @Override
    public void plan(ReplaceIndex change, PlanContext ctx, RecipeOutput out) {
        QualifiedName table = change.table();
        Index desired = change.desired();
        String name = desired.name();
        if (desired.nullsNotDistinct() && !ctx.supports(15)) {
            out.refuse("index " + name + " on " + table + ": NULLS NOT DISTINCT needs PostgreSQL 15 or later"
                    + " (the plan is for " + ctx.pgMajor() + "); drop nulls_not_distinct or upgrade the server.");
            return;
        }
        boolean contract = change.current().unique() || CreateIndexRecipe.mayRejectOldWrites(desired, table, ctx);
        Stage stage = contract ? Stage.TIGHTEN : Stage.CREATE_INDEX;
        String temporary = ctx.names().relation(table.schema(), IndexSql.buildName(name));
        Index aside = new Index(temporary, desired.unique(), desired.nullsNotDistinct(), desired.method(), desired.keys(),
                desired.include(), desired.where(), desired.storageParameters());
        if (contract) {
            out.gate(GateKind.DEPLOY_READ_SWITCH, "The application is ready for the new definition of index " + name
                    + " on " + table + (desired.unique() ? " and writes no rows with equal keys in it" : "")
                    + ": CONTRACT replaces it.");
        }
        out.add(StepDraft.at(stage, "build new definition of index " + name + " on " + table + " as " + temporary)
                .sql(IndexSql.createConcurrently(table, aside))
                .concurrently(new ConcurrentIndex.Build(IndexSql.relation(table, temporary)))
                .lock(table, LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.SCAN)
                .inverse(IndexSql.dropConcurrently(table, temporary))
                .fact("CREATE INDEX CONCURRENTLY takes SHARE UPDATE EXCLUSIVE: reads and writes continue (docs/locks.md#row-46).")
                .fact(IndexSql.INVALID_LEFTOVER_FACT));
        out.add(StepDraft.at(stage, "drop old definition of index " + name + " on " + table)
                .sql(IndexSql.dropConcurrently(table, name))
                .concurrently(new ConcurrentIndex.Drop(IndexSql.relation(table, name)))
                .lock(table, LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .lock(IndexSql.relation(table, name), LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(IndexSql.createConcurrently(table, change.current()))
                .fact("DROP INDEX CONCURRENTLY takes SHARE UPDATE EXCLUSIVE on the table and the index (docs/locks.md#row-49)."));
        out.add(StepDraft.at(stage, "rename index " + table.schema() + "." + temporary + " to " + name)
                .sql(IndexSql.rename(table, temporary, name))
                // The index built aside has no comment yet; the rename step gives it the declared one.
                .sql(IndexSql.comment(table, name, desired.comment()))
                .lock(IndexSql.relation(table, name), LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(IndexSql.rename(table, name, temporary))
                .fact("ALTER INDEX ... RENAME takes SHARE UPDATE EXCLUSIVE on the index only (docs/locks.md#row-52)"
                        + (desired.comment().isPresent() ? ", as COMMENT ON INDEX does (#row-69)." : ".")));
    }
}
