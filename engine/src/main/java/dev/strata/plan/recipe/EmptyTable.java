package dev.strata.plan.recipe;

import dev.strata.ddl.DataStatement;
import dev.strata.ddl.TableStatement;
import dev.strata.model.QualifiedName;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

/**
 * Changes refused only because existing rows would need a value (a backfill, a numbering, a NOT NULL with nothing to
 * put in it) are planned directly when a live catalog counted no row in the table. The step locks the table and
 * re-checks that it is still empty before its statements, in one transaction: a row that arrived since the plan fails
 * the step and nothing changes.
 *
 * <p>The lock is annotated as catalog-only even when the statement would scan or rewrite a table with rows (a volatile
 * default, an identity, ALTER ... TYPE, SET NOT NULL): under the lock the guard has just proved there is no row, so
 * the scan reads nothing, the rewrite copies nothing and the lock is held for milliseconds — which is what the lock
 * policy asks about. Annotating REWRITE would make the policy refuse a step that blocks no one for longer than DDL.
 */
final class EmptyTable {

    static final String REASON = "The table is empty (0 rows at plan time)";

    private EmptyTable() {}

    /** Whether the current table behind {@code desiredTable} held no row when the plan was made (only known with --url). */
    static boolean atPlanTime(PlanContext ctx, QualifiedName desiredTable) {
        return ctx.currentTableFor(desiredTable)
                .map(t -> ctx.emptyAtPlanTime(QualifiedName.of(desiredTable.schema(), t.name())))
                .orElse(false);
    }

    /**
     * The locked, guarded step; the caller adds its statements and inverse. {@code what} completes "so ... " in the
     * failure message; {@code why} completes the first fact after the reason.
     */
    static StepDraft step(Stage stage, String summary, QualifiedName table, String what, String why) {
        String refusal = "strata: table " + table + " is no longer empty, so " + what + " (the plan relied on 0 rows);"
                + " nothing was changed: plan again";
        return StepDraft.at(stage, summary)
                .sql(new TableStatement.LockExclusive(table))
                .sql(new DataStatement.RequireEmpty(table, refusal))
                .lock(table, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .fact(REASON + ": " + why)
                .fact("The step re-checks under its ACCESS EXCLUSIVE lock that the table is still empty, and otherwise fails without"
                        + " changing anything.");
    }
}
