package dev.strata.plan.recipe;

import dev.strata.ddl.CommentOn;
import dev.strata.ddl.CompositeTypeStatement;
import dev.strata.model.CompositeType;
import dev.strata.model.QualifiedName;
import dev.strata.plan.DataLoss;
import dev.strata.plan.GateKind;
import dev.strata.plan.LockMode;
import dev.strata.plan.ObjectRecipe;
import dev.strata.plan.PlanContext;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;

import java.util.ArrayList;
import java.util.List;

/**
 * Composite types. A new one is created in EXPAND before the tables that use it; a new attribute is added in EXPAND
 * (stored values read it as NULL, nothing is rewritten); an attribute no longer declared is dropped in CONTRACT,
 * naming the values lost in the columns of the type; a changed attribute type is altered in EXPAND only while no
 * table column uses the type (PostgreSQL refuses it otherwise, as it would have to rewrite them). PostgreSQL only
 * appends attributes, so an order it cannot reach that way is refused. A type no longer declared is dropped in
 * CONTRACT without {@code CASCADE}.
 */
public final class CompositeTypeRecipe implements ObjectRecipe<CompositeType> {

    public static final CompositeTypeRecipe INSTANCE = new CompositeTypeRecipe();

    private CompositeTypeRecipe() {}

    @Override
    public String kind() {
        return CompositeType.KIND;
    }

    @Override
    public Class<CompositeType> type() {
        return CompositeType.class;
    }

    @Override
    public void create(QualifiedName name, CompositeType desired, PlanContext context, RecipeOutput out) {
        out.add(StepDraft.at(Stage.CREATE_OBJECT, "create composite type " + name)
                .sql(CompositeTypeStatement.build(name, desired))
                .inverse(new CompositeTypeStatement.Drop(name))
                .fact("CREATE TYPE locks no table: nothing uses the new type yet (docs/locks.md#composite-types)."));
    }

    @Override
    public void alter(QualifiedName name, CompositeType current, CompositeType desired, PlanContext context,
            RecipeOutput out) {
        List<String> kept = current.attributes().stream().map(CompositeType.Attribute::name)
                .filter(a -> desired.attribute(a).isPresent()).toList();
        List<CompositeType.Attribute> added = desired.attributes().stream()
                .filter(a -> current.attribute(a.name()).isEmpty()).toList();
        List<String> reachable = new ArrayList<>(kept);
        added.forEach(a -> reachable.add(a.name()));
        List<String> wanted = desired.attributes().stream().map(CompositeType.Attribute::name).toList();
        if (!reachable.equals(wanted)) {
            out.refuse("composite type " + name + ": attributes (" + String.join(", ", wanted) + ") cannot be reached from ("
                    + String.join(", ", current.attributes().stream().map(CompositeType.Attribute::name).toList())
                    + "): PostgreSQL adds an attribute only at the end; declare new attributes after the kept ones, in their current order");
            return;
        }
        List<String> columns = TypeUses.columns(context.current(), name);
        List<CompositeType.Attribute> changed = desired.attributes().stream()
                .filter(a -> current.attribute(a.name()).filter(c -> !c.equals(a)).isPresent()).toList();
        if (!changed.isEmpty() && !columns.isEmpty()) {
            out.refuse("composite type " + name + ": changing the type of attribute " + changed.getFirst().name()
                    + " would rewrite " + String.join(", ", columns) + ", and PostgreSQL refuses ALTER ATTRIBUTE … TYPE"
                    + " while a column uses the type; add a new attribute instead, or a new type and move the columns to it");
            return;
        }
        for (CompositeType.Attribute a : changed) {
            CompositeType.Attribute before = current.attribute(a.name()).orElseThrow();
            out.add(StepDraft.at(Stage.CREATE_OBJECT, "change attribute " + a.name() + " of composite type " + name
                            + " from " + before.type() + " to " + a.type())
                    .sql(new CompositeTypeStatement.AlterAttribute(name, a))
                    .inverse(new CompositeTypeStatement.AlterAttribute(name, before))
                    .lockType(name, LockMode.ACCESS_EXCLUSIVE)
                    .fact("ALTER TYPE … ALTER ATTRIBUTE … TYPE changes the catalog only while no column uses the type"
                            + " (docs/locks.md#composite-types)."));
        }
        for (CompositeType.Attribute a : added) {
            out.add(StepDraft.at(Stage.CREATE_OBJECT, "add attribute " + a.name() + " to composite type " + name)
                    .sql(new CompositeTypeStatement.AddAttribute(name, a))
                    .inverse(new CompositeTypeStatement.DropAttribute(name, a.name()))
                    .lockType(name, LockMode.ACCESS_EXCLUSIVE)
                    .fact("ALTER TYPE … ADD ATTRIBUTE changes the catalog only: values already stored read the new"
                            + " attribute as NULL, no table is rewritten (docs/locks.md#composite-types)."));
        }
        for (CompositeType.Attribute gone : current.attributes()) {
            if (desired.attribute(gone.name()).isPresent()) {
                continue;
            }
            out.gate(GateKind.DEPLOY_READ_SWITCH, "The application no longer uses attribute " + gone.name()
                    + " of composite type " + name + " (CONTRACT drops it).");
            StepDraft step = StepDraft.at(Stage.DETACH_OBJECT, "drop attribute " + gone.name() + " of composite type " + name)
                    .sql(new CompositeTypeStatement.DropAttribute(name, gone.name()))
                    .inverse(new CompositeTypeStatement.AddAttribute(name, gone))
                    .lockType(name, LockMode.ACCESS_EXCLUSIVE)
                    .fact("ALTER TYPE … DROP ATTRIBUTE changes the catalog only; the values stay in the rows, unreadable"
                            + " (docs/locks.md#composite-types).");
            if (!columns.isEmpty()) {
                step.deletes(new DataLoss(DataLoss.Kind.DELETES, "attribute " + gone.name() + " of composite type " + name
                        + " in " + String.join(", ", columns), -1, "undo adds the attribute back, empty"));
            }
            out.add(step);
        }
        if (!current.comment().equals(desired.comment())) {
            out.add(StepDraft.at(Stage.EXPAND_COMMENT, "comment on composite type " + name)
                    .sql(CommentOn.type(name, desired.comment()))
                    .inverse(CommentOn.type(name, current.comment()))
                    .lockType(name, LockMode.SHARE_UPDATE_EXCLUSIVE)
                    .fact("COMMENT ON TYPE changes the catalog only (docs/locks.md#composite-types)."));
        }
    }

    @Override
    public void drop(QualifiedName name, CompositeType current, PlanContext context, RecipeOutput out) {
        out.gate(GateKind.DEPLOY_READ_SWITCH, "The application no longer uses composite type " + name + " (CONTRACT drops it).");
        out.add(StepDraft.at(Stage.DROP_OBJECT, "drop composite type " + name)
                .sql(new CompositeTypeStatement.Drop(name))
                .inverse(CompositeTypeStatement.build(name, current))
                .lockType(name, LockMode.ACCESS_EXCLUSIVE)
                .fact("DROP TYPE without CASCADE fails while a column, domain or composite type still uses it; it locks"
                        + " no table (docs/locks.md#composite-types)."));
    }
}
