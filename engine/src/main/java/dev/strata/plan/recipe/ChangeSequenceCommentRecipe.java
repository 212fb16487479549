package dev.strata.plan.recipe;

import dev.strata.ddl.CommentOn;
import dev.strata.diff.SequenceChange.ChangeSequenceComment;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

/** Documentation only: EXPAND and reversible. */
public final class ChangeSequenceCommentRecipe implements Recipe<ChangeSequenceComment> {

    public static final ChangeSequenceCommentRecipe INSTANCE = new ChangeSequenceCommentRecipe();

    @Override
    public void plan(ChangeSequenceComment change, PlanContext context, RecipeOutput out) {
        out.add(StepDraft.at(Stage.EXPAND_COMMENT, change.describe())
                .sql(CommentOn.sequence(change.name(), change.to()))
                .lock(change.name(), LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(CommentOn.sequence(change.name(), change.from()))
                .fact(Comments.FACT));
    }
}
