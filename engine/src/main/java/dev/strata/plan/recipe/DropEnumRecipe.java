package dev.strata.plan.recipe;

import dev.strata.ddl.TypeStatement;
import dev.strata.diff.EnumChange.DropEnum;
import dev.strata.plan.GateKind;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;

/**
 * A type goes in CONTRACT after the columns and tables that use it ({@link Stage#DROP_TYPE}). No
 * {@code CASCADE}: a column Strata does not manage that still uses it must make the drop fail, not
 * lose its column. The values lived in those columns, so the type itself holds no data.
 */
public final class DropEnumRecipe implements Recipe<DropEnum> {

    public static final DropEnumRecipe INSTANCE = new DropEnumRecipe();

    @Override
    public void plan(DropEnum change, PlanContext context, RecipeOutput out) {
        out.gate(GateKind.DEPLOY_READ_SWITCH, "The application no longer uses enum " + change.name()
                + " (CONTRACT drops the type).");
        out.add(StepDraft.at(Stage.DROP_TYPE, "drop enum " + change.name())
                .sql(new TypeStatement.Drop(change.name(), true))
                // ACCESS EXCLUSIVE on the type object and on its array type, none on any table (measured on 14 and 18).
                .lockType(change.name(), LockMode.ACCESS_EXCLUSIVE)
                .cannotUndo("a dropped type is not kept; recreate it from its definition in the schema before this plan")
                .fact("DROP TYPE locks no table; it fails if anything still uses the type."));
    }
}
