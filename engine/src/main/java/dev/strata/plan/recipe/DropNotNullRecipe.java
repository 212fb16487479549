package dev.strata.plan.recipe;

import dev.strata.ddl.ColumnAction;
import dev.strata.diff.ColumnChange.DropNotNull;
import dev.strata.model.Column;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

import java.util.Optional;

/**
 * Allowing NULL cannot break an old writer, and the new application, deployed at the dual-write
 * gate, may start writing NULL right away; so the constraint goes in EXPAND rather than waiting for
 * CONTRACT. Old readers only meet a NULL once the new application writes one, which is the change
 * the user asked for. It is a brief catalog change (docs/locks.md#row-27).
 *
 * <p>An identity column cannot lose NOT NULL while it is an identity; when the identity is dropped in
 * the same plan, the identity recipe drops NOT NULL in its own step.
 */
public final class DropNotNullRecipe implements Recipe<DropNotNull> {

    public static final DropNotNullRecipe INSTANCE = new DropNotNullRecipe();

    @Override
    public void plan(DropNotNull change, PlanContext ctx, RecipeOutput out) {
        String column = change.desired().name();
        Optional<Column> current = ctx.currentTableFor(change.table()).flatMap(t -> t.column(column));
        if (current.flatMap(Column::identity).isPresent()) {
            return;
        }
        out.add(StepDraft.at(Stage.LOOSEN, "drop not null on " + ColumnSql.where(change.table(), column))
                .sql(ColumnSql.alterColumn(change.table(), column, new ColumnAction.DropNotNull()))
                .lock(change.table(), LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(ColumnSql.alterColumn(change.table(), column, new ColumnAction.SetNotNull()))
                .fact("DROP NOT NULL changes the catalog only (docs/locks.md#row-27); its inverse, SET NOT NULL, scans the table (docs/locks.md#row-24)."));
    }
}
