package dev.strata.plan.recipe;

import dev.strata.ddl.CommentOn;
import dev.strata.diff.IndexChange.ChangeIndexComment;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

/**
 * Documentation only: EXPAND and reversible. A created or replaced index gets its comment from its own recipe, and a
 * renamed one keeps the comment it had (PostgreSQL keeps a comment with the object, whatever its name).
 */
public final class ChangeIndexCommentRecipe implements Recipe<ChangeIndexComment> {

    public static final ChangeIndexCommentRecipe INSTANCE = new ChangeIndexCommentRecipe();

    @Override
    public void plan(ChangeIndexComment change, PlanContext context, RecipeOutput out) {
        out.add(StepDraft.at(Stage.EXPAND_COMMENT, change.describe())
                .sql(CommentOn.index(change.table(), change.index(), change.to()))
                .lock(IndexSql.relation(change.table(), change.index()), LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(CommentOn.index(change.table(), change.index(), change.from()))
                .fact(Comments.INDEX_FACT));
    }
}
