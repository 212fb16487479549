package dev.strata.plan.recipe;

import dev.strata.diff.ColumnChange.ChangeDefault;
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
 * A new default only affects rows inserted afterwards and never touches existing ones
 * (docs/locks.md#row-28), so it goes in EXPAND: the old application, which omits the column, then gets the new value,
 * as the new one will. It sits in the LOOSEN stage, after new sequences and types it may use exist
 * and after a catalog-only type change of the same column.
 *
 * <p>When the column gains or loses an identity or a generation expression in the same plan,
 * PostgreSQL rejects a default while the other is in place; the identity and generation recipes then
 * set or drop the default in their own step, and this recipe stays out of the way.
 */
public final class ChangeDefaultRecipe implements Recipe<ChangeDefault> {

    public static final ChangeDefaultRecipe INSTANCE = new ChangeDefaultRecipe();

    @Override
    public void plan(ChangeDefault change, PlanContext ctx, RecipeOutput out) {
        Optional<Column> current = ctx.currentTableFor(change.table()).flatMap(t -> t.column(change.column()));
        Optional<Column> desired = ctx.desiredTable(change.table()).flatMap(t -> t.column(change.column()));
        if (handledElsewhere(current, desired)) {
            return;
        }
        String where = ColumnSql.where(change.table(), change.column());
        out.add(StepDraft.at(Stage.LOOSEN, (change.to().isPresent() ? "set default of " : "drop default of ") + where)
                .sql(ColumnSql.setDefault(change.table(), change.column(), change.to()))
                .lock(change.table(), LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(ColumnSql.setDefault(change.table(), change.column(), change.from()))
                .fact("SET/DROP DEFAULT changes the catalog only; rows already in the table keep their values (docs/locks.md#row-28)."));
    }

    static boolean handledElsewhere(Optional<Column> current, Optional<Column> desired) {
        if (current.isEmpty() || desired.isEmpty()) {
            return false;
        }
        Column c = current.get();
        Column d = desired.get();
        boolean identityGoes = c.identity().isPresent() && d.identity().isEmpty();
        boolean identityComes = c.identity().isEmpty() && d.identity().isPresent();
        boolean generationGoes = c.generatedAs().isPresent() && d.generatedAs().isEmpty();
        return identityGoes || identityComes || generationGoes;
    }
}
