package dev.strata.plan.recipe;

import dev.strata.ddl.ColumnAction;
import dev.strata.diff.ColumnChange.ChangeColumnType;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;
import dev.strata.plan.TypeChanges;
import dev.strata.sql.Identifiers;
import dev.strata.sql.TypeNames;

import java.util.Optional;

/**
 * A type change PostgreSQL makes in the catalog alone (a wider varchar, numeric or timestamp
 * precision, varchar to text, cidr to inet: {@link TypeChanges#isCatalogOnly}, docs/locks.md#row-19 and #row-20).
 * Every value of the old type is a valid value of the new one, so it is a loosening: EXPAND, before a
 * new default that may need the wider type. Only for changes without a {@code using} hint; everything
 * else is rebuilt as a new column by another recipe.
 *
 * <p>PostgreSQL still re-checks every CHECK constraint that reads the column against all rows
 * (observed on 14 and 18), so with such a check the step is annotated as a scan under the lock.
 */
public final class WidenColumnTypeRecipe implements Recipe<ChangeColumnType> {

    public static final WidenColumnTypeRecipe INSTANCE = new WidenColumnTypeRecipe();

    /** Whether this recipe handles the change (the caller routes the rest to the rebuild recipe). */
    public static boolean applies(ChangeColumnType change) {
        return change.using().isEmpty() && TypeChanges.isCatalogOnly(change.current().type(), change.desired().type());
    }

    @Override
    public void plan(ChangeColumnType change, PlanContext ctx, RecipeOutput out) {
        if (!applies(change)) {
            throw new IllegalArgumentException("not a catalog-only type change: " + change.describe());
        }
        String column = change.desired().name();
        // ALTER ... TYPE resets the collation to the type's default unless COLLATE is given; a collation
        // change of the same column is its own step, so both directions keep the current one.
        String where = ColumnSql.where(change.table(), column);
        boolean checked = ctx.currentTableFor(change.table()).map(t -> ColumnUse.checked(t, column)).orElse(false);
        StepDraft step = StepDraft.at(Stage.LOOSEN, "change type of " + where + " to " + change.desired().type())
                .sql(RenameTableRecipe.aroundCompatibilityView(change.table(), ctx,
                        ColumnSql.alterColumn(change.table(), column, new ColumnAction.SetType(change.desired().type(),
                                change.current().collation(), Optional.empty()))))
                .lock(change.table(), LockMode.ACCESS_EXCLUSIVE, checked ? TableWork.SCAN : TableWork.CATALOG_ONLY)
                .inverse(RenameTableRecipe.aroundCompatibilityView(change.table(), ctx,
                        ColumnSql.alterColumn(change.table(), column, new ColumnAction.SetType(change.current().type(),
                                change.current().collation(), Optional.empty()))))
                .fact("From " + change.current().type() + " to " + change.desired().type()
                        + " is binary-coercible: no table rewrite and no index rebuild (docs/locks.md#row-19 and #row-20).")
                .fact("The inverse narrows the type again and rewrites the table.");
        RenameTableRecipe.compatibilityView(change.table(), ctx)
                .ifPresent(view -> step.lock(view, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY));
        if (checked) {
            step.fact("A CHECK constraint reads " + where + ": ALTER COLUMN ... TYPE re-checks it against every row under the lock.");
            out.warn("change type of " + where + ": a CHECK constraint on the column is re-checked against every row while reads and "
                    + "writes wait. To avoid that, drop the check, change the type, and add it back NOT VALID then VALIDATE.");
        }
        String read = "CAST(" + Identifiers.quote(column) + " AS " + TypeNames.sql(change.desired().type()) + ")";
        step.fact("The column's result type changes here: a statement prepared before this step that returns " + where
                + " fails once with SQLSTATE 0A000 (cached plan must not change result type) unless it reads " + read
                + " (docs/type-changes.md#prepared-statements).");
        out.warn("change type of " + where + ": statements prepared before this step that return the column fail once with SQLSTATE"
                + " 0A000 (cached plan must not change result type) unless they read it through " + read
                + "; deploy that before running the plan (docs/type-changes.md#prepared-statements).");
        out.add(step);
    }
}
