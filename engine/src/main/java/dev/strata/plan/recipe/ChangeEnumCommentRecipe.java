package dev.strata.plan.recipe;

import dev.strata.ddl.CommentOn;
import dev.strata.diff.EnumChange.ChangeEnumComment;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;

/** Documentation only: EXPAND, reversible, and a type is not a relation, so no table lock. */
public final class ChangeEnumCommentRecipe implements Recipe<ChangeEnumComment> {

    public static final ChangeEnumCommentRecipe INSTANCE = new ChangeEnumCommentRecipe();

    @Override
    public void plan(ChangeEnumComment change, PlanContext context, RecipeOutput out) {
        out.add(StepDraft.at(Stage.EXPAND_COMMENT, change.describe())
                .sql(CommentOn.type(change.name(), change.to()))
                .inverse(CommentOn.type(change.name(), change.from()))
                // SHARE UPDATE EXCLUSIVE on the type object (and ROW EXCLUSIVE on pg_description), measured on 14 and 18.
                .lockType(change.name(), LockMode.SHARE_UPDATE_EXCLUSIVE)
                .fact("COMMENT ON TYPE locks the type object only; no table is locked."));
    }
}
