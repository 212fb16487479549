package dev.strata.plan.recipe;

import dev.strata.ddl.ConstraintClause;
import dev.strata.ddl.Statement;
import dev.strata.diff.ConstraintChange.AddCheck;
import dev.strata.model.CheckConstraint;
import dev.strata.model.QualifiedName;
import dev.strata.plan.GateKind;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A check on an existing table goes to CONTRACT as {@code NOT VALID} (brief ACCESS EXCLUSIVE,
 * docs/locks.md#row-40) then {@code VALIDATE} (a scan under SHARE UPDATE EXCLUSIVE, #row-38). Even a check that reads
 * only new columns stays in CONTRACT: whether the NULLs the old application leaves satisfy it cannot
 * be decided statically. A changed check of the same name is dropped in the transaction that adds
 * the new one; {@link DropCheckRecipe} leaves that drop to this recipe. On a table this plan
 * creates, a plain {@code ADD} in EXPAND (the table is empty).
 */
public final class AddCheckRecipe implements Recipe<AddCheck> {

    public static final AddCheckRecipe INSTANCE = new AddCheckRecipe();

    @Override
    public void plan(AddCheck change, PlanContext ctx, RecipeOutput out) {
        QualifiedName table = change.table();
        CheckConstraint check = change.check();
        String where = "check constraint " + check.name() + " on " + table;
        ConstraintClause clause = new ConstraintClause.Check(check);
        if (ctx.isNewTable(table)) {
            out.add(StepDraft.at(Stage.ADD_CONSTRAINT, "add " + where)
                    .sql(ConstraintSql.add(table, clause))
                    .lock(table, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                    .inverse(ConstraintSql.drop(table, check.name()))
                    .fact("The table is created by this plan and still empty, so the check is instant."));
            return;
        }
        Optional<CheckConstraint> replaced = ctx.currentTableFor(table)
                .flatMap(t -> t.checks().stream().filter(c -> c.name().equals(check.name())).findFirst());
        out.gate(GateKind.DEPLOY_READ_SWITCH, "Every row of " + table + " must satisfy CHECK (" + check.expression()
                + ") and the application must write only such rows: CONTRACT adds and validates " + where + ".");
        List<Statement> inverse = new ArrayList<>();
        inverse.add(ConstraintSql.drop(table, check.name()));
        replaced.ifPresent(old -> {
            inverse.add(ConstraintSql.addNotValid(table, new ConstraintClause.Check(old)));
            inverse.add(ConstraintSql.validate(table, old.name()));
        });
        var addStep = StepDraft.at(Stage.CONTRACT_ADD_CONSTRAINT, (replaced.isPresent() ? "replace " : "add ") + where + " (not valid)")
                .lock(table, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(inverse)
                .fact("ADD CHECK ... NOT VALID is brief under ACCESS EXCLUSIVE: existing rows are not checked, new and"
                        + " updated rows are (docs/locks.md#row-40).");
        replaced.ifPresent(old -> addStep.sql(ConstraintSql.drop(table, old.name()))
                .fact("The old check is dropped in the same transaction, so the column is never unchecked."));
        addStep.sql(ConstraintSql.addNotValid(table, clause));
        out.add(addStep);
        out.add(StepDraft.at(Stage.CONTRACT_VALIDATE_CONSTRAINT, "validate " + where)
                .sql(ConstraintSql.validate(table, check.name()))
                .lock(table, LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.SCAN)
                .nothingToUndo()
                .fact("VALIDATE CONSTRAINT scans under SHARE UPDATE EXCLUSIVE; reads and writes continue (docs/locks.md#row-38)."));
    }
}
