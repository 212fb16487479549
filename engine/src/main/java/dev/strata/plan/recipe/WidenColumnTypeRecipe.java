package dev.strata.plan.recipe;

import dev.strata.ddl.SqlRender;
import dev.strata.diff.ColumnChange.ChangeColumnType;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;
import dev.strata.plan.TypeChanges;
import dev.strata.sql.TypeNames;

/**
 * A type change PostgreSQL makes in the catalog alone (a wider varchar, numeric or timestamp
 * precision, varchar to text, cidr to inet: {@link TypeChanges#isCatalogOnly}, reference rows 19–20).
 * Every value of the old type is a valid value of the new one, so it is a loosening: EXPAND, before a
 * new default that may need the wider type. Only for changes without a {@code using} hint; everything
 * else is rebuilt as a new column by another recipe.
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
        String collate = change.current().collation().map(c -> " COLLATE " + SqlRender.collation(c)).orElse("");
        out.add(StepDraft.at(Stage.LOOSEN, "change type of " + ColumnSql.where(change.table(), column) + " to " + change.desired().type())
                .sql(ColumnSql.alterColumn(change.table(), column) + " TYPE " + TypeNames.sql(change.desired().type()) + collate)
                .lock(change.table(), LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(ColumnSql.alterColumn(change.table(), column) + " TYPE " + TypeNames.sql(change.current().type()) + collate)
                .fact("From " + change.current().type() + " to " + change.desired().type()
                        + " is binary-coercible: no table rewrite and no index rebuild (reference rows 19-20).")
                .fact("The inverse narrows the type again and rewrites the table."));
    }
}
