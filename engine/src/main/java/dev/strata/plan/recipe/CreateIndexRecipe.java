package dev.strata.plan.recipe;

import dev.strata.diff.IndexChange.CreateIndex;
import dev.strata.model.Column;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
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
 * An index is built CONCURRENTLY (SHARE UPDATE EXCLUSIVE, reads and writes continue,
 * docs/locks.md#row-46), outside a transaction and with IF NOT EXISTS so an interrupted run can be resumed. It
 * goes to EXPAND, where the new application may already use it, unless it is unique and the old
 * application's writes could violate it: then to CONTRACT. A unique index stays in EXPAND only on a
 * new table or when every key is a column this plan adds that the old application leaves NULL
 * (nullable, no default, not generated, not identity) and NULLs stay distinct.
 */
public final class CreateIndexRecipe implements Recipe<CreateIndex> {

    public static final CreateIndexRecipe INSTANCE = new CreateIndexRecipe();

    @Override
    public void plan(CreateIndex change, PlanContext ctx, RecipeOutput out) {
        Index index = change.index();
        QualifiedName table = change.table();
        if (index.nullsNotDistinct() && !ctx.supports(15)) {
            out.refuse("index " + index.name() + " on " + table + ": NULLS NOT DISTINCT needs PostgreSQL 15 or later"
                    + " (the plan is for " + ctx.pgMajor() + "); drop nulls_not_distinct or upgrade the server.");
            return;
        }
        boolean contract = mayRejectOldWrites(index, table, ctx);
        if (contract) {
            out.gate(GateKind.DEPLOY_READ_SWITCH, "No two rows of " + table + " may have equal keys in unique index "
                    + index.name() + " and the application must write no such duplicates: CONTRACT builds it.");
        }
        Stage stage = contract ? Stage.TIGHTEN : Stage.CREATE_INDEX;
        var step = StepDraft.at(stage, "create index " + index.name() + " on " + table)
                .sql(IndexSql.createConcurrently(table, index))
                .concurrently(new ConcurrentIndex.Build(IndexSql.relation(table, index.name())))
                .lock(table, LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.SCAN)
                .inverse(IndexSql.dropConcurrently(table, index.name()))
                .fact("CREATE INDEX CONCURRENTLY takes SHARE UPDATE EXCLUSIVE: reads and writes continue (docs/locks.md#row-46).")
                .fact(IndexSql.INVALID_LEFTOVER_FACT);
        if (contract) {
            step.fact("It is unique and in CONTRACT because rows the old application writes could violate it.");
        }
        out.add(step);
        IndexSql.commentAfterBuild(table, index, stage, out);
    }

    static boolean mayRejectOldWrites(Index index, QualifiedName table, PlanContext ctx) {
        if (!index.unique() || ctx.isNewTable(table)) {
            return false;
        }
        if (index.nullsNotDistinct()) {
            return true;
        }
        return !index.keys().stream().allMatch(k -> k.target() instanceof IndexKey.ColumnTarget c
                && ctx.isNewColumn(table, c.column())
                && ctx.desiredTable(table).flatMap(t -> t.column(c.column())).map(CreateIndexRecipe::leftNull).orElse(false));
    }

    private static boolean leftNull(Column column) {
        return column.nullable() && column.defaultValue().isEmpty() && column.identity().isEmpty()
                && column.generatedAs().isEmpty();
    }

}
