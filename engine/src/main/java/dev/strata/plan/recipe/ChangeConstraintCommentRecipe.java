package dev.strata.plan.recipe;

import dev.strata.ddl.CommentOn;
import dev.strata.diff.ConstraintChange.ChangeConstraintComment;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

/**
 * Documentation only: EXPAND and reversible. An added or replaced constraint gets its comment from its own recipe,
 * and a renamed one keeps the comment it had (PostgreSQL keeps a comment with the object, whatever its name).
 */
public final class ChangeConstraintCommentRecipe implements Recipe<ChangeConstraintComment> {

    public static final ChangeConstraintCommentRecipe INSTANCE = new ChangeConstraintCommentRecipe();

    @Override
    public void plan(ChangeConstraintComment change, PlanContext context, RecipeOutput out) {
        out.add(StepDraft.at(Stage.EXPAND_COMMENT, change.describe())
                .sql(CommentOn.constraint(change.table(), change.constraintName(), change.to()))
                .lock(change.table(), LockMode.ACCESS_SHARE, TableWork.CATALOG_ONLY)
                .inverse(CommentOn.constraint(change.table(), change.constraintName(), change.from()))
                .fact(Comments.CONSTRAINT_FACT));
    }
}
