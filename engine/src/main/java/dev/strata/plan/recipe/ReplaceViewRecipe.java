package dev.strata.plan.recipe;

import dev.strata.ddl.CommentOn;
import dev.strata.ddl.ObjectDdls;
import dev.strata.ddl.Statement;
import dev.strata.ddl.ViewStatement;
import dev.strata.diff.ViewChange.ReplaceView;
import dev.strata.model.Catalog;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.Trigger;
import dev.strata.model.View;
import dev.strata.plan.GateKind;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
        // PostgreSQL refuses to drop a view another view reads: the readers the plan leaves unchanged (and theirs) are
        // dropped before it and created again after it, in the same transaction. A reader the plan replaces or drops
        // as well is ordered around this view by the plan's dependency graph.
        List<QualifiedName> readers = unchangedReaders(context, name);
        StepDraft step = StepDraft.at(Stage.DROP_VIEW, "replace view " + name);
        recreate(name, change.desired(), readers, context.desired()).forEach(step::sql);
        step.lock(name, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY);
        readers.forEach(r -> step.lock(r, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY));
        out.add(step
                .inverse(recreate(name, change.current(), readers, context.current()))
                .fact("DROP VIEW and CREATE VIEW in one transaction hold ACCESS EXCLUSIVE on the view only, briefly"
                        + " (docs/locks.md#row-75)."));
        out.warn("view " + name + " is dropped and created again: privileges granted on it must be granted again");
        if (!readers.isEmpty()) {
            String names = String.join(", ", readers.stream().map(QualifiedName::toString).toList());
            step.fact("The views that read it and stay as they are (" + names + ") are dropped before it and created again"
                    + " after it in the same transaction, each under ACCESS EXCLUSIVE, briefly (docs/locks.md#row-75).");
            out.warn("views " + names + " read view " + name + " and are dropped and created again with it: privileges"
                    + " granted on them must be granted again");
            return;
        }
        List<QualifiedName> unchanged = ViewText.viewsMentioning(context.current(), name, List.of()).stream()
                .filter(reader -> definition(context.current(), reader).equals(definition(context.desired(), reader)))
                .toList();
        if (!unchanged.isEmpty()) {
            out.warn("view " + name + " appears to be read by " + String.join(", ", unchanged.stream().map(QualifiedName::toString).toList())
                    + "; PostgreSQL refuses to drop a view another view depends on: change those views in the same plan"
                    + " or replace them by hand");
        }
    }

    /**
     * The views of the current catalog that read {@code name}, directly or through one another, and that the plan
     * leaves as they are, each after the views of them it reads; empty when any reader changes (the graph orders
     * those, and the warning stays).
     */
    private static List<QualifiedName> unchangedReaders(PlanContext context, QualifiedName name) {
        Set<QualifiedName> found = new LinkedHashSet<>();
        Deque<QualifiedName> todo = new ArrayDeque<>(List.of(name));
        while (!todo.isEmpty()) {
            for (QualifiedName reader : ViewText.viewsMentioning(context.current(), todo.pop(), List.of())) {
                if (!reader.equals(name) && found.add(reader)) {
                    todo.add(reader);
                }
            }
        }
        List<QualifiedName> changed = found.stream()
                .filter(r -> !definition(context.current(), r).equals(definition(context.desired(), r))).toList();
        if (!changed.isEmpty()) {
            return List.of();
        }
        List<QualifiedName> ordered = new ArrayList<>();
        while (ordered.size() < found.size()) {
            QualifiedName next = found.stream().filter(r -> !ordered.contains(r))
                    .filter(r -> found.stream().filter(o -> !o.equals(r) && !ordered.contains(o))
                            .noneMatch(o -> ViewText.words(definition(context.current(), r).orElseThrow()).contains(o.name())))
                    .findFirst()
                    .orElseGet(() -> found.stream().filter(r -> !ordered.contains(r)).findFirst().orElseThrow());
            ordered.add(next);
        }
        return ordered;
    }

    private static Optional<String> definition(Catalog catalog, QualifiedName view) {
        return catalog.schema(view.schema()).flatMap(s -> s.views().stream().filter(v -> v.name().equals(view.name()))
                .findFirst()).map(View::definition);
    }

    private static Optional<View> view(Catalog catalog, QualifiedName name) {
        return catalog.schema(name.schema()).flatMap(s -> s.views().stream().filter(v -> v.name().equals(name.name()))
                .findFirst());
    }

    /**
     * The readers dropped (last first), the view dropped and created as {@code view}, the readers created again, then
     * the triggers of {@code catalog} on any of them ({@code INSTEAD OF}), which {@code DROP VIEW} took along.
     */
    private static List<Statement> recreate(QualifiedName name, View view, List<QualifiedName> readers, Catalog catalog) {
        List<Statement> sql = new ArrayList<>();
        readers.reversed().forEach(r -> sql.add(new ViewStatement.Drop(r, true)));
        sql.addAll(recreate(name, view));
        readers.forEach(r -> sql.addAll(create(r, view(catalog, r).orElseThrow())));
        Set<QualifiedName> views = new LinkedHashSet<>(List.of(name));
        views.addAll(readers);
        for (Schema schema : catalog.schemas()) {
            schema.objects(Trigger.KIND).stream().filter(t -> t instanceof Trigger trigger && views.contains(trigger.table()))
                    .forEach(t -> sql.addAll(ObjectDdls.create(schema.name(), t)));
        }
        return sql;
    }

    private static List<Statement> recreate(QualifiedName name, View view) {
        List<Statement> sql = new ArrayList<>();
        sql.add(new ViewStatement.Drop(name, true));
        sql.addAll(create(name, view));
        return sql;
    }

    private static List<Statement> create(QualifiedName name, View view) {
        List<Statement> sql = new ArrayList<>();
        sql.add(new ViewStatement.Create(name, view.definition(), view.options()));
        view.comment().ifPresent(c -> sql.add(CommentOn.view(name, view.comment())));
        return sql;
    }
}
