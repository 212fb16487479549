package dev.strata.plan.recipe;

import dev.strata.ddl.ColumnAction;
import dev.strata.ddl.SqlRender;
import dev.strata.ddl.Statement;
import dev.strata.diff.ColumnChange.ChangeCollation;
import dev.strata.model.Column;
import dev.strata.model.Table;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;
import dev.strata.sql.Identifiers;

import java.util.Optional;

/**
 * A collation change is {@code ALTER COLUMN c TYPE <same type> COLLATE x}: the stored values stay as
 * they are (no rewrite), but every index on the column orders by the old collation and is rebuilt
 * under the ACCESS EXCLUSIVE lock (docs/locks.md#row-21), and every CHECK reading the column is re-checked
 * against all rows (observed on PostgreSQL 14 and 18). So the step is catalog-only for a column with
 * neither, and a blocking scan otherwise, which the lock policy refuses unless overridden; the warning
 * says how to avoid it. It changes how old readers sort and compare, but cannot break their writes:
 * EXPAND.
 */
public final class ChangeCollationRecipe implements Recipe<ChangeCollation> {

    public static final ChangeCollationRecipe INSTANCE = new ChangeCollationRecipe();

    @Override
    public void plan(ChangeCollation change, PlanContext ctx, RecipeOutput out) {
        String column = change.desired().name();
        String where = ColumnSql.where(change.table(), column);
        Optional<Table> current = ctx.currentTableFor(change.table());
        boolean indexed = current.map(t -> ColumnUse.indexed(t, column)).orElse(false);
        boolean checked = current.map(t -> ColumnUse.checked(t, column)).orElse(false);
        StepDraft step = StepDraft.at(Stage.LOOSEN, "change collation of " + where + " to " + change.desired().collation().orElse("default"))
                .sql(RenameTableRecipe.aroundCompatibilityView(change.table(), ctx, statement(change, change.desired())))
                .lock(change.table(), LockMode.ACCESS_EXCLUSIVE, indexed || checked ? TableWork.SCAN : TableWork.CATALOG_ONLY)
                .inverse(RenameTableRecipe.aroundCompatibilityView(change.table(), ctx, statement(change, change.current())));
        RenameTableRecipe.compatibilityView(change.table(), ctx)
                .ifPresent(view -> step.lock(view, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY));
        if (indexed) {
            step.fact("The values are not rewritten, but every index on " + where + " is rebuilt under ACCESS EXCLUSIVE (docs/locks.md#row-21).");
            out.warn("change collation of " + where + ": its indexes are rebuilt while reads and writes wait. To avoid that, drop those "
                    + "indexes first (DROP INDEX CONCURRENTLY), change the collation, then create them again CONCURRENTLY; or add a "
                    + "new column with the collation, backfill it and switch to it.");
        }
        if (checked) {
            step.fact("A CHECK constraint reads " + where + ": ALTER COLUMN ... TYPE re-checks it against every row under the lock.");
            out.warn("change collation of " + where + ": a CHECK constraint on the column is re-checked against every row while reads "
                    + "and writes wait. To avoid that, drop the check, change the collation, and add it back NOT VALID then VALIDATE.");
        }
        if (!indexed && !checked) {
            step.fact("The values are not rewritten and nothing indexes or checks " + where + ": catalog only (docs/locks.md#row-21).");
        }
        // The collation is part of a prepared statement's result type, as the type and its modifier are.
        String read = Identifiers.quote(column) + " COLLATE " + SqlRender.collation(change.desired().collation().orElse("default"));
        step.fact("The column's result collation changes here: a statement prepared before this step that returns " + where
                + " fails once with SQLSTATE 0A000 (cached plan must not change result type) unless it reads " + read
                + " (docs/type-changes.md#prepared-statements).");
        out.warn("change collation of " + where + ": statements prepared before this step that return the column fail once with"
                + " SQLSTATE 0A000 (cached plan must not change result type) unless they read it through " + read
                + "; deploy that before running the plan (docs/type-changes.md#prepared-statements).");
        out.add(step);
    }

    /** The desired type with the given side's collation ({@code "default"} when it has none). */
    private static Statement statement(ChangeCollation change, Column collationSide) {
        return ColumnSql.alterColumn(change.table(), change.desired().name(), new ColumnAction.SetType(change.desired().type(),
                Optional.of(collationSide.collation().orElse("default")), Optional.empty()));
    }
}
