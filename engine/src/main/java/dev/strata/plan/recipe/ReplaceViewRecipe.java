package dev.strata.plan.recipe;

import dev.strata.ddl.CommentOn;
import dev.strata.ddl.Statement;
import dev.strata.ddl.ViewStatement;
import dev.strata.diff.ViewChange.ReplaceView;
import dev.strata.model.Catalog;
import dev.strata.model.QualifiedName;
import dev.strata.model.View;
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
 * {@code CREATE OR REPLACE VIEW} only works when the new column list extends the old one with the
 * same names and types (docs/locks.md#row-75), which cannot be known from the query text. So the view
 * is dropped and created again in one transaction: readers wait briefly on its ACCESS EXCLUSIVE
 * lock and never see it missing. The old application reads the old shape, so this happens in
 * CONTRACT, behind the read-switch gate, first thing ({@link Stage#DROP_VIEW}): the old query may
 * read columns and tables CONTRACT drops, and the new one reads only what EXPAND has created.
 */
public final class ReplaceViewRecipe implements Recipe<ReplaceView> {

    public static final ReplaceViewRecipe INSTANCE = new ReplaceViewRecipe();

    @Override
    public void plan(ReplaceView change, PlanContext context, RecipeOutput out) {
        QualifiedName name = change.name();
        if (!ChangeViewOptionsRecipe.supported(name, change.desired().options(), context, out)) {
            return;
        }
        out.gate(GateKind.DEPLOY_READ_SWITCH, "The application works with both the current and the new definition of view "
                + name + " (CONTRACT replaces it).");
        StepDraft step = StepDraft.at(Stage.DROP_VIEW, "replace view " + name);
        recreate(name, change.desired()).forEach(step::sql);
        out.add(step
                .lock(name, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(recreate(name, change.current()))
                .fact("DROP VIEW and CREATE VIEW in one transaction hold ACCESS EXCLUSIVE on the view only, briefly"
                        + " (docs/locks.md#row-75)."));
        out.warn("view " + name + " is dropped and created again: privileges granted on it must be granted again");
        // A reader the plan replaces or drops as well is ordered around this view by the plan's dependency graph.
        List<QualifiedName> readers = ViewText.viewsMentioning(context.current(), name, List.of()).stream()
                .filter(reader -> definition(context.current(), reader).equals(definition(context.desired(), reader)))
                .toList();
        if (!readers.isEmpty()) {
            out.warn("view " + name + " appears to be read by " + String.join(", ", readers.stream().map(QualifiedName::toString).toList())
                    + "; PostgreSQL refuses to drop a view another view depends on: change those views in the same plan"
                    + " or replace them by hand");
        }
    }

    private static Optional<String> definition(Catalog catalog, QualifiedName view) {
        return catalog.schema(view.schema()).flatMap(s -> s.views().stream().filter(v -> v.name().equals(view.name()))
                .findFirst()).map(View::definition);
    }

    private static List<Statement> recreate(QualifiedName name, View view) {
        List<Statement> sql = new ArrayList<>();
        sql.add(new ViewStatement.Drop(name, true));
        sql.add(new ViewStatement.Create(name, view.definition(), view.options()));
        view.comment().ifPresent(c -> sql.add(CommentOn.view(name, view.comment())));
        return sql;
    }
}
