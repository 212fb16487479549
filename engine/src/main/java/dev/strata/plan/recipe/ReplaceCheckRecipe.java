package dev.strata.plan.recipe;

import dev.strata.ddl.ConstraintClause;
import dev.strata.diff.ConstraintChange.ReplaceCheck;
import dev.strata.model.CheckConstraint;
import dev.strata.model.QualifiedName;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

/**
 * A check whose expression changed, in CONTRACT: the old check is dropped in the transaction that adds the new one
 * {@code NOT VALID} (brief ACCESS EXCLUSIVE, docs/locks.md#row-40), so the column is never unchecked; the new one is
 * then validated like an added check, unless it is declared {@code NOT VALID}. The undo drops the new check and puts
 * the old one back as it was (validated unless it was {@code NOT VALID}).
 */
public final class ReplaceCheckRecipe implements Recipe<ReplaceCheck> {

    public static final ReplaceCheckRecipe INSTANCE = new ReplaceCheckRecipe();

    @Override
    public void plan(ReplaceCheck change, PlanContext ctx, RecipeOutput out) {
        QualifiedName table = change.table();
        CheckConstraint old = change.current();
        CheckConstraint check = change.desired();
        AddCheckRecipe.gate(table, check, out);
        out.add(StepDraft.at(Stage.CONTRACT_ADD_CONSTRAINT, "replace " + AddCheckRecipe.where(table, check) + " (not valid)")
                .lock(table, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(ConstraintSql.putBack(table, new ConstraintClause.Check(old), old.valid(), check.name()))
                .fact(AddCheckRecipe.NOT_VALID_FACT)
                .sql(ConstraintSql.drop(table, old.name()))
                .fact("The old check is dropped in the same transaction, so the column is never unchecked.")
                .sql(ConstraintSql.addNotValid(table, new ConstraintClause.Check(check)))
                .sql(ConstraintSql.comment(table, check.name(), check.comment())));
        if (check.valid()) {
            AddCheckRecipe.validate(table, check, Stage.CONTRACT_VALIDATE_CONSTRAINT, out);
        }
    }
}
