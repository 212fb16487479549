package dev.strata.plan.recipe;

import dev.strata.ddl.TableAction;
import dev.strata.ddl.TableStatement;
import dev.strata.diff.TableChange.ChangeLogged;
import dev.strata.model.QualifiedName;
import dev.strata.model.Table;
import dev.strata.naming.PgNames;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
        boolean empty = EmptyTable.atPlanTime(ctx, table);
        if (empty) {
            step = EmptyTable.step(Stage.TIGHTEN, summary + " (the table is empty)", table,
                    table + " cannot be made " + (change.unlogged() ? "unlogged" : "logged") + " without a rewrite",
                    "the rewrite copies no row, so ACCESS EXCLUSIVE is held for milliseconds.");
        } else {
            step = StepDraft.at(Stage.TIGHTEN, summary).lock(table, LockMode.ACCESS_EXCLUSIVE, TableWork.REWRITE);
            out.warn(summary + ": the table is rewritten while reads and writes wait. To avoid that, create a new "
                    + (change.unlogged() ? "unlogged" : "logged") + " table, copy the rows in batches and switch the"
                    + " application to it.");
        }
        if (ctx.supports(15)) {
            // From PostgreSQL 15 the sequences of the table's identity and serial columns change with it: each is
            // copied into a new file under its own ACCESS EXCLUSIVE, so nextval elsewhere waits as well. Work as the
            // table's: a rewrite, or nothing worth the name beside an empty table (a sequence is one row).
            for (QualifiedName sequence : ownedSequences(ctx, table)) {
                step.lock(sequence, LockMode.ACCESS_EXCLUSIVE, empty ? TableWork.CATALOG_ONLY : TableWork.REWRITE);
            }
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

    /**
     * The sequences the table's columns own: its serial sequences as the current catalog names them, and its identity
     * columns' by the name PostgreSQL gave them ({@code <table>_<column>_seq}, which a later rename of the table or
     * the column does not change, so that name is the current one's).
     */
    static List<QualifiedName> ownedSequences(PlanContext ctx, QualifiedName table) {
        Optional<Table> current = ctx.currentTableFor(table);
        if (current.isEmpty()) {
            return List.of();
        }
        String name = current.get().name();
        List<QualifiedName> out = new ArrayList<>();
        ctx.current().schema(table.schema()).ifPresent(s -> s.sequences().stream()
                .filter(q -> q.ownedBy().filter(o -> o.table().equals(name)).isPresent())
                .forEach(q -> out.add(QualifiedName.of(table.schema(), q.name()))));
        current.get().columns().stream().filter(c -> c.identity().isPresent())
                .forEach(c -> out.add(QualifiedName.of(table.schema(), PgNames.makeObjectName(name, Optional.of(c.name()), "seq"))));
        return out;
    }
}
