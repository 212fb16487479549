package dev.strata.plan.recipe;

import dev.strata.ddl.CommentOn;
import dev.strata.diff.ColumnChange.ChangeColumnComment;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

/**
 * Comments are documentation: no application depends on them, so they change in EXPAND, after
 * everything they could describe exists. COMMENT ON takes only SHARE UPDATE EXCLUSIVE (docs/locks.md#row-69).
 */
public final class ChangeColumnCommentRecipe implements Recipe<ChangeColumnComment> {

    public static final ChangeColumnCommentRecipe INSTANCE = new ChangeColumnCommentRecipe();

    @Override
    public void plan(ChangeColumnComment change, PlanContext ctx, RecipeOutput out) {
        String where = ColumnSql.where(change.table(), change.column());
        out.add(StepDraft.at(Stage.EXPAND_COMMENT, (change.to().isPresent() ? "set comment on column " : "remove comment on column ") + where)
                .sql(CommentOn.column(change.table(), change.column(), change.to()))
                .lock(change.table(), LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(CommentOn.column(change.table(), change.column(), change.from()))
                .fact("COMMENT ON takes SHARE UPDATE EXCLUSIVE, which lets reads and writes through (docs/locks.md#row-69)."));
    }
}
