package dev.strata.plan.recipe;

import dev.strata.ddl.ConstraintClause;
import dev.strata.diff.ConstraintChange.DropForeignKey;
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
 * Dropping a foreign key loosens; the old application may still rely on its actions (cascades) or
 * on the guarantee, so it waits for CONTRACT, where {@code DROP_CONSTRAINT} also precedes dropping a
 * target table or column. The drop takes ACCESS EXCLUSIVE on both tables (its triggers go,
 * docs/locks.md#row-42, #note-9). A changed key is {@link ReplaceForeignKeyRecipe}'s.
 */
public final class DropForeignKeyRecipe implements Recipe<DropForeignKey> {

    public static final DropForeignKeyRecipe INSTANCE = new DropForeignKeyRecipe();

    @Override
    public void plan(DropForeignKey change, PlanContext context, RecipeOutput out) {
        QualifiedName table = change.table();
        ForeignKey fk = change.foreignKey();
        if (fk.onDelete() != ForeignKey.Action.NO_ACTION && fk.onDelete() != ForeignKey.Action.RESTRICT
                || fk.onUpdate() != ForeignKey.Action.NO_ACTION && fk.onUpdate() != ForeignKey.Action.RESTRICT) {
            out.gate(GateKind.DEPLOY_READ_SWITCH, "The application no longer relies on the actions of foreign key "
                    + fk.name() + " on " + table + " (ON DELETE " + fk.onDelete().sql() + ", ON UPDATE "
                    + fk.onUpdate().sql() + "): CONTRACT drops it.");
        }
        var step = StepDraft.at(Stage.DROP_CONSTRAINT, "drop foreign key " + fk.name() + " on " + table)
                .sql(ConstraintSql.drop(table, fk.name()))
                .lock(table, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(ConstraintSql.addBack(table, new ConstraintClause.Foreign(fk), fk.valid()))
                .fact("Dropping a foreign key takes ACCESS EXCLUSIVE, briefly, on the table and on the referenced table"
                        + " (docs/locks.md#row-42, #note-9).")
                .fact(fk.valid() ? "The inverse re-adds it NOT VALID and validates it, a scan under SHARE UPDATE EXCLUSIVE (docs/locks.md#row-37, #row-38)."
                        : "The inverse re-adds it NOT VALID, as it was (docs/locks.md#row-37).");
        if (!fk.target().equals(table)) {
            step.lock(fk.target(), LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY);
        }
        out.add(step);
    }
}
