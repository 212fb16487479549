package dev.strata.plan.recipe;

import dev.strata.ddl.ColumnAction;
import dev.strata.ddl.ConstraintClause;
import dev.strata.model.QualifiedName;
import dev.strata.plan.GateKind;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

/**
 * Makes an existing column NOT NULL without holding a traffic-blocking lock while the table is
 * scanned: the constraint is added NOT VALID (brief ACCESS EXCLUSIVE, no scan), then validated in its
 * own transaction under SHARE UPDATE EXCLUSIVE, which lets reads and writes through.
 *
 * <p>PostgreSQL 18 can add a not-null constraint NOT VALID directly (docs/locks.md#row-26); validating it
 * sets {@code attnotnull}, so two steps suffice. Earlier versions need the CHECK detour
 * (docs/locks.md#row-25): a valid {@code CHECK (c IS NOT NULL)} lets {@code SET NOT NULL} skip its scan (PG ≥ 12),
 * after which the helper check is dropped. Both SET NOT NULL and the drop run in one brief step.
 *
 * <p>Shared by the SET NOT NULL recipe and by recipes that add a column nullable and fill it first.
 */
final class NotNullTightening {

    private NotNullTightening() {}

    /**
     * @param gate     when the application must stop writing NULLs: {@link GateKind#DEPLOY_READ_SWITCH}
     *                 normally, {@link GateKind#DEPLOY_DUAL_WRITE} when a backfill must not meet new NULLs
     * @param gateText what the application must do, naming the column
     */
    static void plan(QualifiedName table, String column, PlanContext ctx, RecipeOutput out, GateKind gate, String gateText) {
        out.gate(gate, gateText);
        String where = ColumnSql.where(table, column);
        if (ctx.supports(18)) {
            String name = ctx.names().constraint(table, HelperNames.of(table, column, "not_null"));
            out.add(StepDraft.at(Stage.TIGHTEN, "add NOT VALID not-null constraint on " + where)
                    .sql(ConstraintSql.addNotValid(table, new ConstraintClause.NotNull(name, column)))
                    .lock(table, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                    .inverse(ConstraintSql.drop(table, name))
                    .fact("On PostgreSQL 18 a not-null constraint can be added NOT VALID: existing rows are not checked (docs/locks.md#row-26)."));
            out.add(StepDraft.at(Stage.TIGHTEN, "validate not null on " + where)
                    .sql(ConstraintSql.validate(table, name))
                    .lock(table, LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.SCAN)
                    // Dropping the constraint (the previous step's undo) takes attnotnull along.
                    .nothingToUndo()
                    .fact("VALIDATE CONSTRAINT scans the table under SHARE UPDATE EXCLUSIVE, which lets reads and writes through (docs/locks.md#row-38); it fails if a row still holds NULL.")
                    .fact("A validated not-null constraint marks the column NOT NULL (attnotnull)."));
            return;
        }
        String name = ctx.names().constraint(table, HelperNames.of(table, column, "strata_nn"));
        out.add(StepDraft.at(Stage.TIGHTEN, "add NOT VALID check that " + where + " is not null")
                .sql(ConstraintSql.addNotValid(table, ConstraintSql.isNotNull(name, column)))
                .lock(table, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(ConstraintSql.drop(table, name))
                .fact("A CHECK added NOT VALID is enforced for new writes only; existing rows are not scanned (docs/locks.md#row-40)."));
        out.add(StepDraft.at(Stage.TIGHTEN, "validate check that " + where + " is not null")
                .sql(ConstraintSql.validate(table, name))
                .lock(table, LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.SCAN)
                .nothingToUndo()
                .fact("VALIDATE CONSTRAINT scans the table under SHARE UPDATE EXCLUSIVE, which lets reads and writes through (docs/locks.md#row-38); it fails if a row still holds NULL."));
        out.add(StepDraft.at(Stage.TIGHTEN, "set not null on " + where)
                .sql(ColumnSql.alterColumn(table, column, new ColumnAction.SetNotNull()))
                .sql(ConstraintSql.drop(table, name))
                .lock(table, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                // The helper check comes back NOT VALID: the undo of the validation before it has nothing to restore.
                .inverse(ColumnSql.alterColumn(table, column, new ColumnAction.DropNotNull()),
                        ConstraintSql.addNotValid(table, ConstraintSql.isNotNull(name, column)))
                .fact("SET NOT NULL skips its table scan when a valid CHECK (c IS NOT NULL) proves it, on PostgreSQL 12 and later (docs/locks.md#row-25); the helper check is dropped afterwards."));
    }
}
