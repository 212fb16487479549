package dev.strata.plan.recipe;

import dev.strata.ddl.ColumnAction;
import dev.strata.diff.ColumnChange.DropIdentity;
import dev.strata.model.Column;
import dev.strata.plan.DataLoss;
import dev.strata.plan.GateKind;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

import java.util.Optional;

/**
 * Dropping an identity drops its sequence: inserts that leave the column out stop getting values,
 * so the old application breaks unless a new default takes over. It therefore waits for CONTRACT.
 * PostgreSQL refuses a default or DROP NOT NULL on an identity column, so the desired default and
 * nullability of the column are applied in the same step, right after the identity goes (the default
 * and not-null recipes leave such columns alone). Catalog only (docs/locks.md#row-29).
 */
public final class DropIdentityRecipe implements Recipe<DropIdentity> {

    public static final DropIdentityRecipe INSTANCE = new DropIdentityRecipe();

    @Override
    public void plan(DropIdentity change, PlanContext ctx, RecipeOutput out) {
        String column = change.current().name();
        String where = ColumnSql.where(change.table(), column);
        Optional<Column> desired = ctx.desiredTable(change.table()).flatMap(t -> t.column(column));
        StepDraft step = StepDraft.at(Stage.DROP_CONSTRAINT, "drop identity of " + where)
                .sql(ColumnSql.alterColumn(change.table(), column, new ColumnAction.DropIdentity(true)));
        if (desired.map(Column::nullable).orElse(false)) {
            step.sql(ColumnSql.alterColumn(change.table(), column, new ColumnAction.DropNotNull()));
        }
        Optional<String> newDefault = desired.flatMap(Column::defaultValue);
        newDefault.ifPresent(d -> step.sql(ColumnSql.setDefault(change.table(), column, Optional.of(d))));
        step.lock(change.table(), LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .deletes(new DataLoss("the identity sequence of " + where + " (its current value)", -1))
                .cannotUndo("the identity's sequence is dropped with its current value")
                .fact("DROP IDENTITY changes the catalog only and drops the identity's sequence (docs/locks.md#row-29).");
        out.add(step);
        if (newDefault.isEmpty()) {
            out.gate(GateKind.DEPLOY_READ_SWITCH, "The application writes " + where + " itself on every insert (CONTRACT drops its identity).");
        }
    }
}
