package dev.strata.plan.recipe;

import dev.strata.ddl.CommentOn;
import dev.strata.diff.ViewChange.ChangeViewComment;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

/**
 * Documentation only: EXPAND and reversible. When the view is also replaced, the recreated view
 * carries the desired comment itself.
 */
public final class ChangeViewCommentRecipe implements Recipe<ChangeViewComment> {

    public static final ChangeViewCommentRecipe INSTANCE = new ChangeViewCommentRecipe();

    @Override
    public void plan(ChangeViewComment change, PlanContext context, RecipeOutput out) {
        out.add(StepDraft.at(Stage.EXPAND_COMMENT, change.describe())
                .sql(CommentOn.view(change.name(), change.to()))
                .lock(change.name(), LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(CommentOn.view(change.name(), change.from()))
                .fact(Comments.FACT));
    }
}
