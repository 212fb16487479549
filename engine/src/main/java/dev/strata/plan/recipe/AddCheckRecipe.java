package dev.strata.plan.recipe;

import dev.strata.ddl.ConstraintClause;
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

/**
 * A check on an existing table goes to CONTRACT as {@code NOT VALID} (brief ACCESS EXCLUSIVE,
 * docs/locks.md#row-40) then {@code VALIDATE} (a scan under SHARE UPDATE EXCLUSIVE, #row-38). Even a check that reads
 * only new columns stays in CONTRACT: whether the NULLs the old application leaves satisfy it cannot
 * be decided statically. A changed check is {@link ReplaceCheckRecipe}'s. On a table this plan
 * creates, a plain {@code ADD} in EXPAND (the table is empty). A check declared {@code NOT VALID} is only added so,
 * never validated: the rows already there may fail it.
 */
public final class AddCheckRecipe implements Recipe<AddCheck> {

    public static final AddCheckRecipe INSTANCE = new AddCheckRecipe();

    @Override
    public void plan(AddCheck change, PlanContext ctx, RecipeOutput out) {
        QualifiedName table = change.table();
        CheckConstraint check = change.check();
        String where = where(table, check);
        ConstraintClause clause = new ConstraintClause.Check(check);
        if (ctx.isNewTable(table)) {
            out.add(StepDraft.at(Stage.ADD_CONSTRAINT, "add " + where)
                    .sql(check.valid() ? ConstraintSql.add(table, clause) : ConstraintSql.addNotValid(table, clause))
                    .sql(ConstraintSql.comment(table, check.name(), check.comment()))
                    .lock(table, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                    .inverse(ConstraintSql.drop(table, check.name()))
                    .fact("The table is created by this plan and still empty, so the check is instant."));
            return;
        }
        gate(table, check, out);
        out.add(StepDraft.at(Stage.CONTRACT_ADD_CONSTRAINT, "add " + where + " (not valid)")
                .lock(table, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(ConstraintSql.drop(table, check.name()))
                .fact(NOT_VALID_FACT)
                .sql(ConstraintSql.addNotValid(table, clause))
                .sql(ConstraintSql.comment(table, check.name(), check.comment())));
        if (check.valid()) {
            validate(table, check, Stage.CONTRACT_VALIDATE_CONSTRAINT, out);
        }
    }

    static final String NOT_VALID_FACT = "ADD CHECK ... NOT VALID is brief under ACCESS EXCLUSIVE: existing rows are not checked, new and"
            + " updated rows are (docs/locks.md#row-40).";

    /** The deploy before CONTRACT adds {@code check}: the application must already write only rows that satisfy it. */
    static void gate(QualifiedName table, CheckConstraint check, RecipeOutput out) {
        if (!check.valid()) {
            out.gate(GateKind.DEPLOY_READ_SWITCH, "The application must write only rows of " + table + " that satisfy CHECK ("
                    + check.expression() + "): CONTRACT adds " + where(table, check) + " NOT VALID (rows already there are"
                    + " not checked).");
            return;
        }
        out.gate(GateKind.DEPLOY_READ_SWITCH, "Every row of " + table + " must satisfy CHECK (" + check.expression()
                + ") and the application must write only such rows: CONTRACT adds and validates " + where(table, check) + ".");
    }

    /** The scan that makes a NOT VALID check valid, in its own step so reads and writes continue. */
    static StepDraft validate(QualifiedName table, CheckConstraint check, Stage stage, RecipeOutput out) {
        return out.add(StepDraft.at(stage, "validate " + where(table, check))
                .sql(ConstraintSql.validate(table, check.name()))
                .lock(table, LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.SCAN)
                .nothingToUndo()
                .fact("VALIDATE CONSTRAINT scans under SHARE UPDATE EXCLUSIVE; reads and writes continue (docs/locks.md#row-38)."));
    }

    static String where(QualifiedName table, CheckConstraint check) {
        return "check constraint " + check.name() + " on " + table;
    }
}
