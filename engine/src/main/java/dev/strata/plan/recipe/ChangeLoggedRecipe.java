package dev.strata.plan.recipe;

import dev.strata.ddl.TableAction;
import dev.strata.ddl.TableStatement;
import dev.strata.diff.TableChange.ChangeLogged;
import dev.strata.model.QualifiedName;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

/**
 * A table made logged or unlogged ({@code ALTER TABLE … SET LOGGED / SET UNLOGGED}). PostgreSQL has no other way: the
 * statement copies every row into a new file and rebuilds the indexes under ACCESS EXCLUSIVE (docs/locks.md#set-logged).
 * So the honest step is planned and the lock policy refuses it unless overridden, like any blocking rewrite; when a live
 * catalog counted no row it is the guarded {@link EmptyTable} step instead, which copies nothing.
 */
public final class ChangeLoggedRecipe implements Recipe<ChangeLogged> {

    public static final ChangeLoggedRecipe INSTANCE = new ChangeLoggedRecipe();

    private static final String REWRITE_FACT = "SET LOGGED / SET UNLOGGED rewrites the table and its indexes into new"
            + " files under ACCESS EXCLUSIVE: reads and writes wait for the whole copy (docs/locks.md#set-logged).";

    private ChangeLoggedRecipe() {}

    @Override
    public void plan(ChangeLogged change, PlanContext ctx, RecipeOutput out) {
        QualifiedName table = change.table();
        String summary = change.describe();
        StepDraft step;
        if (EmptyTable.atPlanTime(ctx, table)) {
            step = EmptyTable.step(Stage.TIGHTEN, summary + " (the table is empty)", table,
                    table + " cannot be made " + (change.unlogged() ? "unlogged" : "logged") + " without a rewrite",
                    "the rewrite copies no row, so ACCESS EXCLUSIVE is held for milliseconds.");
        } else {
            step = StepDraft.at(Stage.TIGHTEN, summary).lock(table, LockMode.ACCESS_EXCLUSIVE, TableWork.REWRITE);
            out.warn(summary + ": the table is rewritten while reads and writes wait. To avoid that, create a new "
                    + (change.unlogged() ? "unlogged" : "logged") + " table, copy the rows in batches and switch the"
                    + " application to it.");
        }
        step.sql(TableStatement.Alter.of(table, new TableAction.SetLogged(!change.unlogged())))
                .inverse(TableStatement.Alter.of(table, new TableAction.SetLogged(change.unlogged())))
                .fact(REWRITE_FACT);
        step.fact(change.unlogged()
                ? "An unlogged table is not written to the WAL: after a crash or an unclean shutdown PostgreSQL empties it,"
                        + " and standbys and WAL archives never see its rows."
                : "SET LOGGED writes the whole table to the WAL, which standbys and the WAL archive receive.");
        out.add(step);
    }
}
