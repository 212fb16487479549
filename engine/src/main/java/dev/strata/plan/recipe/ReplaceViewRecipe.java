package dev.strata.plan.recipe;

import dev.strata.ddl.CommentOn;
import dev.strata.ddl.MaterializedViewStatement;
import dev.strata.ddl.ObjectDdls;
import dev.strata.ddl.RoutineStatement;
import dev.strata.ddl.Statement;
import dev.strata.ddl.ViewStatement;
import dev.strata.diff.ViewChange.ReplaceView;
import dev.strata.model.Catalog;
import dev.strata.model.Grant;
import dev.strata.model.Index;
import dev.strata.model.MaterializedView;
import dev.strata.model.ObjectName;
import dev.strata.model.QualifiedName;
import dev.strata.model.Routine;
import dev.strata.model.Schema;
import dev.strata.model.SchemaObject;
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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code CREATE OR REPLACE VIEW} only works when the new column list extends the old one with the
 * same names and types (docs/locks.md#row-75), which cannot be known from the query text. So the view
 * is dropped and created again in one transaction: readers wait briefly on its ACCESS EXCLUSIVE
 * lock and never see it missing. The old application reads the old shape, so this happens in
 * CONTRACT, behind the read-switch gate, first thing ({@link Stage#DROP_VIEW}): the old query may
 * read columns and tables CONTRACT drops, and the new one reads only what EXPAND has created. What PostgreSQL records
 * as depending on the view goes with it in the same transaction: the views and materialized views reading it that the
 * plan keeps, and the functions over its row type (docs/locks.md#row-75); anything outside the model refuses the plan
 * ({@code DependentCheck}).
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
        // PostgreSQL refuses to drop a view while anything depends on it: the views and materialized views reading it
        // (and theirs) that the plan leaves unchanged, and the functions whose arguments or result name its row type (or
        // a reader's), are dropped before it and created again after it, in the same transaction. A reader the plan
        // drops is ordered before this step by the plan's dependency graph; one it replaces as well keeps the warning.
        Optional<List<Reader>> found = unchangedReaders(context, name);
        List<Reader> readers = found.orElse(List.of());
        List<Dependant> functions = found.isPresent() ? functions(context.desired(), name, readers) : List.of();
        StepDraft step = StepDraft.at(Stage.DROP_VIEW, "replace view " + name);
        recreate(name, change.desired(), readers, functions, context.desired(), true).forEach(step::sql);
        step.lock(name, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY);
        readers.forEach(r -> step.lock(r.name(), LockMode.ACCESS_EXCLUSIVE,
                r instanceof MaterializedReader m && m.desired().populated() ? TableWork.SCAN : TableWork.CATALOG_ONLY));
        out.add(step
                .inverse(recreate(name, change.current(), readers, functions, context.current(), false))
                .fact("DROP VIEW and CREATE VIEW in one transaction hold ACCESS EXCLUSIVE on the view only, briefly"
                        + " (docs/locks.md#row-75)."));
        out.warn("view " + name + " is dropped and created again: privileges granted on it must be granted again");
        List<String> views = readers.stream().filter(r -> r instanceof ViewReader).map(r -> r.name().toString()).toList();
        List<String> materialized = readers.stream().filter(r -> r instanceof MaterializedReader)
                .map(r -> r.name().toString()).toList();
        if (!views.isEmpty()) {
            String names = String.join(", ", views);
            step.fact("The views that read it and stay as they are (" + names + ") are dropped before it and created again"
                    + " after it in the same transaction, each under ACCESS EXCLUSIVE, briefly (docs/locks.md#row-75).");
            out.warn("views " + names + " read view " + name + " and are dropped and created again with it: privileges"
                    + " granted on them must be granted again");
        }
        if (!materialized.isEmpty()) {
            String names = String.join(", ", materialized);
            step.fact("The materialized views that read it and stay as they are (" + names + ") are dropped before it and"
                    + " built again after it (their query runs, their indexes are built) in the same transaction, under"
                    + " ACCESS EXCLUSIVE until it commits: nothing reads them meanwhile"
                    + " (docs/locks.md#materialized-views).");
            out.warn("materialized views " + names + " read view " + name + " and are dropped and built again with it:"
                    + " privileges granted on them must be granted again");
        }
        if (!functions.isEmpty()) {
            String names = String.join(", ", functions.stream().map(f -> f.name().toString()).toList());
            step.fact("The functions whose arguments or result are its row type (" + names + ") are dropped before it and"
                    + " created again after it in the same transaction; they lock no table"
                    + " (docs/locks.md#functions-and-procedures).");
            out.warn("functions " + names + " name the row type of view " + name + " and are dropped and created again"
                    + " with it: privileges granted on them must be granted again");
        }
        if (found.isPresent()) {
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

    /** A view or materialized view that reads the replaced view, directly or through another, as the plan keeps it. */
    private sealed interface Reader {
        QualifiedName name();
    }

    private record ViewReader(QualifiedName name, View current, View desired) implements Reader {}

    private record MaterializedReader(QualifiedName name, MaterializedView current, MaterializedView desired)
            implements Reader {}

    /** A function or procedure of the desired catalog (all of them exist by CONTRACT) that names a dropped row type. */
    private record Dependant(QualifiedName name, Routine routine) {}

    /**
     * The views and materialized views of the current catalog that read {@code name}, directly or through one another,
     * and that the plan keeps (a materialized view with the same query, population and indexes), each after those of
     * them it reads; those the plan drops are left to the graph. Empty when any reader changes otherwise (the graph
     * orders those, and the warning stays).
     */
    private static Optional<List<Reader>> unchangedReaders(PlanContext context, QualifiedName name) {
        Set<QualifiedName> found = new LinkedHashSet<>();
        Deque<QualifiedName> todo = new ArrayDeque<>(List.of(name));
        while (!todo.isEmpty()) {
            for (QualifiedName reader : readersOf(context.current(), todo.pop())) {
                if (!reader.equals(name) && found.add(reader)) {
                    todo.add(reader);
                }
            }
        }
        Map<QualifiedName, Reader> kept = new LinkedHashMap<>();
        for (QualifiedName r : found) {
            Optional<View> currentView = view(context.current(), r);
            Optional<MaterializedView> currentMaterialized = materialized(context.current(), r);
            Optional<View> desiredView = view(context.desired(), r);
            Optional<MaterializedView> desiredMaterialized = materialized(context.desired(), r);
            if (desiredView.isEmpty() && desiredMaterialized.isEmpty()) {
                continue;
            }
            if (currentView.isPresent() && desiredView.isPresent()
                    && currentView.get().definition().equals(desiredView.get().definition())) {
                kept.put(r, new ViewReader(r, currentView.get(), desiredView.get()));
            } else if (currentMaterialized.isPresent() && desiredMaterialized.isPresent()
                    && desiredMaterialized.get().sameContents(currentMaterialized.get())
                    && names(desiredMaterialized.get()).equals(names(currentMaterialized.get()))) {
                kept.put(r, new MaterializedReader(r, currentMaterialized.get(), desiredMaterialized.get()));
            } else {
                return Optional.empty();
            }
        }
        List<Reader> ordered = new ArrayList<>();
        while (ordered.size() < kept.size()) {
            Reader next = kept.values().stream().filter(r -> !ordered.contains(r))
                    .filter(r -> kept.values().stream().filter(o -> o != r && !ordered.contains(o))
                            .noneMatch(o -> ViewText.words(query(r)).contains(o.name().name())))
                    .findFirst()
                    .orElseGet(() -> kept.values().stream().filter(r -> !ordered.contains(r)).findFirst().orElseThrow());
            ordered.add(next);
        }
        return Optional.of(ordered);
    }

    private static Set<String> names(MaterializedView view) {
        return view.indexes().stream().map(Index::name).collect(Collectors.toSet());
    }

    private static String query(Reader reader) {
        return switch (reader) {
            case ViewReader v -> v.current().definition();
            case MaterializedReader m -> m.current().query();
        };
    }

    /** The views and materialized views of {@code catalog} whose query mentions {@code relation}. */
    private static List<QualifiedName> readersOf(Catalog catalog, QualifiedName relation) {
        List<QualifiedName> readers = new ArrayList<>(ViewText.viewsMentioning(catalog, relation, List.of()));
        for (Schema schema : catalog.schemas()) {
            for (SchemaObject object : schema.objects(MaterializedView.KIND)) {
                QualifiedName name = QualifiedName.of(schema.name(), object.key());
                if (object instanceof MaterializedView m && !name.equals(relation)
                        && ViewText.words(m.query()).contains(relation.name())) {
                    readers.add(name);
                }
            }
        }
        return readers;
    }

    /**
     * The functions and procedures of {@code catalog} whose arguments or result name the row type of {@code name} or of
     * a reader dropped with it, or whose SQL-standard body reads one of them: PostgreSQL records that dependency and
     * refuses the drop.
     */
    private static List<Dependant> functions(Catalog catalog, QualifiedName name, List<Reader> readers) {
        Set<ObjectName> types = new LinkedHashSet<>();
        types.add(ObjectName.of(ObjectName.TYPE, name));
        readers.forEach(r -> types.add(ObjectName.of(ObjectName.TYPE, r.name())));
        List<Dependant> found = new ArrayList<>();
        for (Schema schema : catalog.schemas()) {
            for (String kind : List.of(Routine.Kind.FUNCTION.word(), Routine.Kind.PROCEDURE.word())) {
                for (SchemaObject object : schema.objects(kind)) {
                    QualifiedName routine = QualifiedName.of(schema.name(), object.key());
                    if (object instanceof Routine r && (new RoutineStatement.Create(routine, r, false).needs().stream()
                            .anyMatch(types::contains) || readsInItsBody(r, name, readers))) {
                        found.add(new Dependant(routine, r));
                    }
                }
            }
        }
        return found;
    }

    /** A SQL-standard body ({@code BEGIN ATOMIC}, {@code RETURN}) records what it reads, so it blocks the drop too. */
    private static boolean readsInItsBody(Routine routine, QualifiedName name, List<Reader> readers) {
        if (routine.bodyForm() != Routine.BodyForm.STANDARD) {
            return false;
        }
        Set<String> words = ViewText.words(routine.body());
        return words.contains(name.name()) || readers.stream().anyMatch(r -> words.contains(r.name().name()));
    }

    private static Optional<String> definition(Catalog catalog, QualifiedName view) {
        return catalog.schema(view.schema()).flatMap(s -> s.views().stream().filter(v -> v.name().equals(view.name()))
                .findFirst()).map(View::definition);
    }

    private static Optional<View> view(Catalog catalog, QualifiedName name) {
        return catalog.schema(name.schema()).flatMap(s -> s.views().stream().filter(v -> v.name().equals(name.name()))
                .findFirst());
    }

    private static Optional<MaterializedView> materialized(Catalog catalog, QualifiedName name) {
        return catalog.schema(name.schema()).flatMap(s -> s.object(MaterializedView.KIND, name.name()))
                .filter(MaterializedView.class::isInstance).map(MaterializedView.class::cast);
    }

    /**
     * The functions dropped, the readers dropped (last first), the view dropped and created as {@code view}, the readers
     * created again (as {@code catalog} has them: {@code desired} says which side of each reader), the functions
     * created again, then the triggers of {@code catalog} on any of the views ({@code INSTEAD OF}), which
     * {@code DROP VIEW} took along. The functions are the desired catalog's both ways: they exist on either side.
     */
    private static List<Statement> recreate(QualifiedName name, View view, List<Reader> readers, List<Dependant> functions,
            Catalog catalog, boolean desired) {
        List<Statement> sql = new ArrayList<>();
        functions.forEach(f -> sql.add(RoutineStatement.Drop.of(f.name(), f.routine())));
        readers.reversed().forEach(r -> sql.add(switch (r) {
            case ViewReader v -> new ViewStatement.Drop(r.name(), true);
            case MaterializedReader m -> new MaterializedViewStatement.Drop(r.name());
        }));
        sql.addAll(recreate(name, view));
        for (Reader r : readers) {
            switch (r) {
                case ViewReader v -> sql.addAll(create(r.name(), desired ? v.desired() : v.current()));
                case MaterializedReader m -> sql.addAll(ObjectDdls.create(r.name().schema(), desired ? m.desired() : m.current()));
            }
        }
        functions.forEach(f -> sql.addAll(ObjectDdls.create(f.name().schema(), f.routine())));
        Set<QualifiedName> views = new LinkedHashSet<>(List.of(name));
        readers.forEach(r -> views.add(r.name()));
        // The grants the catalog declares (a project that manages them) on what was dropped, which DROP took along.
        Set<QualifiedName> granted = new LinkedHashSet<>();
        granted.add(QualifiedName.of(name.schema(), Grant.On.VIEW.word() + " " + name.name()));
        readers.forEach(r -> granted.add(QualifiedName.of(r.name().schema(), (r instanceof MaterializedReader
                ? Grant.On.MATERIALIZED_VIEW : Grant.On.VIEW).word() + " " + r.name().name())));
        functions.forEach(f -> granted.add(QualifiedName.of(f.name().schema(), f.routine().kind() + " " + f.routine().key())));
        for (Schema schema : catalog.schemas()) {
            schema.objects(Trigger.KIND).stream().filter(t -> t instanceof Trigger trigger && views.contains(trigger.table()))
                    .forEach(t -> sql.addAll(ObjectDdls.create(schema.name(), t)));
            schema.objects(Grant.KIND).stream().filter(g -> granted.contains(QualifiedName.of(schema.name(), g.key())))
                    .forEach(g -> sql.addAll(ObjectDdls.create(schema.name(), g)));
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
