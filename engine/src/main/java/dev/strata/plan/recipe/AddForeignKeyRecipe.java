package dev.strata.plan.recipe;

import dev.strata.ddl.ConstraintClause;
import dev.strata.diff.ConstraintChange.AddForeignKey;
import dev.strata.model.ForeignKey;
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
 * Where a foreign key goes depends on who could violate it:
 * <ul>
 * <li>on a table this plan creates: plain {@code ADD} in EXPAND (the table is empty; the target
 *     still takes SHARE ROW EXCLUSIVE, briefly, docs/locks.md#row-36 and #note-9);</li>
 * <li>on columns this plan adds to an existing table: the old application leaves them NULL, which
 *     every foreign key accepts, so {@code NOT VALID} then {@code VALIDATE} in EXPAND;</li>
 * <li>otherwise (existing columns, a changed key, or a target whose key is only added in
 *     CONTRACT): {@code NOT VALID} then {@code VALIDATE} in CONTRACT (docs/locks.md#row-37 and #row-38), never the
 *     validating form that blocks writes on both tables for a full scan.</li>
 * </ul>
 * A changed key is {@link ReplaceForeignKeyRecipe}'s. A key declared {@code NOT VALID} is only added so (on a new
 * table too), never validated: the rows already there may reference nothing.
 */
public final class AddForeignKeyRecipe implements Recipe<AddForeignKey> {

    public static final AddForeignKeyRecipe INSTANCE = new AddForeignKeyRecipe();

    @Override
    public void plan(AddForeignKey change, PlanContext ctx, RecipeOutput out) {
        QualifiedName table = change.table();
        ForeignKey fk = change.foreignKey();
        String where = where(table, fk);
        if (!ConstraintSql.periodSupported(where, fk, ctx, out)) {
            return;
        }
        ConstraintClause clause = new ConstraintClause.Foreign(fk);
        boolean targetReady = ConstraintSql.targetKeyExists(ctx, fk.target(), fk.targetColumns());
        if (targetReady && ctx.isNewTable(table)) {
            var step = StepDraft.at(Stage.ADD_CONSTRAINT, "add " + where)
                    .sql(fk.valid() ? ConstraintSql.add(table, clause) : ConstraintSql.addNotValid(table, clause))
                    .sql(ConstraintSql.comment(table, fk.name(), fk.comment()))
                    .inverse(ConstraintSql.drop(table, fk.name()))
                    .fact("ADD FOREIGN KEY takes SHARE ROW EXCLUSIVE on the table and on the referenced table"
                            + " (docs/locks.md#row-36, #note-9); the table is created by this plan and empty, so the check is instant.");
            locks(step, table, fk.target(), LockMode.SHARE_ROW_EXCLUSIVE, TableWork.CATALOG_ONLY);
            out.add(step);
            return;
        }
        boolean onNewColumns = fk.columns().stream().allMatch(c -> ctx.isNewColumn(table, c));
        boolean expand = targetReady && onNewColumns;
        if (!expand) {
            gate(table, fk, out);
        }
        var addStep = StepDraft.at(expand ? Stage.ADD_CONSTRAINT : Stage.CONTRACT_ADD_CONSTRAINT, "add " + where + " (not valid)")
                .inverse(ConstraintSql.drop(table, fk.name()))
                .fact(NOT_VALID_FACT)
                .sql(ConstraintSql.addNotValid(table, clause))
                .sql(ConstraintSql.comment(table, fk.name(), fk.comment()));
        locks(addStep, table, fk.target(), LockMode.SHARE_ROW_EXCLUSIVE, TableWork.CATALOG_ONLY);
        if (expand) {
            addStep.fact("Its columns are added by this plan; the old application leaves them NULL, which the key accepts.");
        }
        out.add(addStep);
        if (fk.valid()) {
            validate(table, fk, expand ? Stage.VALIDATE_CONSTRAINT : Stage.CONTRACT_VALIDATE_CONSTRAINT, out);
        }
    }

    static final String NOT_VALID_FACT = "ADD FOREIGN KEY ... NOT VALID takes SHARE ROW EXCLUSIVE on both tables, briefly: existing rows"
            + " are not checked, new and updated rows are (docs/locks.md#row-37).";

    static String where(QualifiedName table, ForeignKey fk) {
        return "foreign key " + fk.name() + " on " + table;
    }

    /** The deploy before CONTRACT adds {@code fk}: the application must already write only rows that satisfy it. */
    static void gate(QualifiedName table, ForeignKey fk, RecipeOutput out) {
        if (!fk.valid()) {
            out.gate(GateKind.DEPLOY_READ_SWITCH, "The application must write only rows of " + table + " that reference an"
                    + " existing row of " + fk.target() + " (" + String.join(", ", fk.columns()) + "): CONTRACT adds "
                    + where(table, fk) + " NOT VALID (rows already there are not checked).");
            return;
        }
        out.gate(GateKind.DEPLOY_READ_SWITCH, "Every row of " + table + " must reference an existing row of "
                + fk.target() + " (" + String.join(", ", fk.columns()) + ") and the application must write only"
                + " such rows: CONTRACT adds and validates " + where(table, fk) + ".");
    }

    /** The scan that makes a NOT VALID key valid, in its own step so reads and writes continue. */
    static StepDraft validate(QualifiedName table, ForeignKey fk, Stage stage, RecipeOutput out) {
        var validate = StepDraft.at(stage, "validate " + where(table, fk))
                .sql(ConstraintSql.validate(table, fk.name()))
                .lock(table, LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.SCAN)
                .nothingToUndo()
                .fact("VALIDATE CONSTRAINT takes SHARE UPDATE EXCLUSIVE on the table and ROW SHARE on the referenced"
                        + " table while it checks every row; reads and writes continue (docs/locks.md#row-38).");
        if (!fk.target().equals(table)) {
            validate.lock(fk.target(), LockMode.ROW_SHARE, TableWork.SCAN);
        }
        return out.add(validate);
    }

    static void locks(StepDraft step, QualifiedName table, QualifiedName target, LockMode mode, TableWork work) {
        step.lock(table, mode, work);
        if (!target.equals(table)) {
            step.lock(target, mode, work);
        }
    }
}
