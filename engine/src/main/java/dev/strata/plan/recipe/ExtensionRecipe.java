package dev.strata.plan.recipe;

import dev.strata.ddl.ExtensionStatement;
import dev.strata.model.Extension;
import dev.strata.model.QualifiedName;
import dev.strata.plan.DataLoss;
import dev.strata.plan.GateKind;
import dev.strata.plan.ObjectRecipe;
import dev.strata.plan.PlanContext;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;

/**
 * Extensions. A new one is created in EXPAND before anything that may use its types and functions; a declared version
 * other than the installed one is an {@code ALTER EXTENSION … UPDATE} (the extension's own update script, which
 * extensions rarely ship a way back from); an extension no longer declared is dropped in CONTRACT, after what used
 * it, without {@code CASCADE}, naming what goes with it.
 */
public final class ExtensionRecipe implements ObjectRecipe<Extension> {

    public static final ExtensionRecipe INSTANCE = new ExtensionRecipe();

    private static final String CREATE_FACT = "CREATE EXTENSION runs the extension's install script: it locks no"
            + " existing table, only the objects the script creates (docs/locks.md#extensions).";

    private ExtensionRecipe() {}

    @Override
    public String kind() {
        return Extension.KIND;
    }

    @Override
    public Class<Extension> type() {
        return Extension.class;
    }

    @Override
    public void create(QualifiedName name, Extension desired, PlanContext context, RecipeOutput out) {
        out.add(StepDraft.at(Stage.CREATE_OBJECT, "create extension " + name.name() + " in schema " + name.schema())
                .sql(new ExtensionStatement.Create(name, desired.version()))
                .inverse(new ExtensionStatement.Drop(name))
                .fact(CREATE_FACT));
    }

    @Override
    public void alter(QualifiedName name, Extension current, Extension desired, PlanContext context, RecipeOutput out) {
        String version = desired.version().orElseThrow();
        out.add(StepDraft.at(Stage.CREATE_OBJECT, "update extension " + name.name() + " from version "
                        + current.version().orElse("?") + " to " + version)
                .sql(new ExtensionStatement.Update(name, version))
                .cannotUndo("an extension goes back to an earlier version only if it ships a downgrade script;"
                        + " most do not")
                .fact("ALTER EXTENSION … UPDATE runs the extension's update scripts, which lock whatever of the"
                        + " extension's own objects they change, and may rewrite tables that use its types"
                        + " (docs/locks.md#extensions)."));
    }

    @Override
    public void drop(QualifiedName name, Extension current, PlanContext context, RecipeOutput out) {
        out.gate(GateKind.DEPLOY_READ_SWITCH, "The application no longer uses extension " + name.name()
                + " (CONTRACT drops it).");
        out.add(StepDraft.at(Stage.DROP_OBJECT, "drop extension " + name.name() + " from schema " + name.schema())
                .sql(new ExtensionStatement.Drop(name))
                .inverse(new ExtensionStatement.Create(name, current.version()))
                .deletes(new DataLoss("extension " + name.name() + " (its functions, types and operators, and the rows"
                        + " of any configuration table it keeps)", -1))
                .fact("DROP EXTENSION without CASCADE fails while a column, default, index or view still uses one of"
                        + " its objects; it takes ACCESS EXCLUSIVE only on the extension's own relations"
                        + " (docs/locks.md#extensions)."));
    }
}
