package dev.strata.plan.recipe;

import dev.strata.ddl.CommentOn;
import dev.strata.diff.TableChange.ChangeTableComment;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

/** A comment is documentation: harmless to either application, so it changes in EXPAND and can be put back. */
public final class ChangeTableCommentRecipe implements Recipe<ChangeTableComment> {

    public static final ChangeTableCommentRecipe INSTANCE = new ChangeTableCommentRecipe();

    @Override
    public void plan(ChangeTableComment change, PlanContext context, RecipeOutput out) {
        out.add(StepDraft.at(Stage.EXPAND_COMMENT, change.describe())
                .sql(CommentOn.table(change.table(), change.to()))
                .lock(change.table(), LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(CommentOn.table(change.table(), change.from()))
                .fact(Comments.FACT));
    }
}
