package dev.strata.plan.recipe;

import dev.strata.ddl.ConstraintClause;
import dev.strata.diff.ConstraintChange.ReplaceForeignKey;
import dev.strata.model.ForeignKey;
import dev.strata.model.QualifiedName;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

/**
 * A foreign key whose columns, target, actions, match or deferrability changed, in CONTRACT (the old application may
 * write rows only the old key accepts): the old key is dropped in the transaction that adds the new one
 * {@code NOT VALID}, so the reference is checked throughout, then the new one is validated like an added key
 * (docs/locks.md#row-37, #row-38). Dropping the old key takes ACCESS EXCLUSIVE on both tables (#row-42, #note-9). A
 * key the new one needs that is replaced in the same plan is attached in the same transaction (the step graph
 * merges the two). A key declared {@code NOT VALID} is not validated. The undo drops the new key and puts the old one
 * back as it was (validated unless it was {@code NOT VALID}).
 */
public final class ReplaceForeignKeyRecipe implements Recipe<ReplaceForeignKey> {

    public static final ReplaceForeignKeyRecipe INSTANCE = new ReplaceForeignKeyRecipe();

    @Override
    public void plan(ReplaceForeignKey change, PlanContext ctx, RecipeOutput out) {
        QualifiedName table = change.table();
        ForeignKey old = change.current();
        ForeignKey fk = change.desired();
        if (!ConstraintSql.periodSupported(AddForeignKeyRecipe.where(table, fk), fk, ctx, out)) {
            return;
        }
        AddForeignKeyRecipe.gate(table, fk, out);
        var step = StepDraft.at(Stage.CONTRACT_ADD_CONSTRAINT, "replace " + AddForeignKeyRecipe.where(table, fk) + " (not valid)")
                .inverse(ConstraintSql.putBack(table, new ConstraintClause.Foreign(old), old.valid(), fk.name()))
                .fact(AddForeignKeyRecipe.NOT_VALID_FACT)
                .sql(ConstraintSql.drop(table, old.name()))
                .sql(ConstraintSql.addNotValid(table, new ConstraintClause.Foreign(fk)))
                .sql(ConstraintSql.comment(table, fk.name(), fk.comment()))
                .fact("The old key is dropped in the same transaction, which takes ACCESS EXCLUSIVE on both tables"
                        + " (docs/locks.md#row-42, #note-9).");
        AddForeignKeyRecipe.locks(step, table, old.target(), LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY);
        if (!old.target().equals(fk.target()) && !fk.target().equals(table)) {
            step.lock(fk.target(), LockMode.SHARE_ROW_EXCLUSIVE, TableWork.CATALOG_ONLY);
        }
        out.add(step);
        if (fk.valid()) {
            AddForeignKeyRecipe.validate(table, fk, Stage.CONTRACT_VALIDATE_CONSTRAINT, out);
        }
    }
}
