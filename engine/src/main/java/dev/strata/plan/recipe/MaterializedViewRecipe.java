package dev.strata.plan.recipe;

import dev.strata.ddl.CommentOn;
import dev.strata.ddl.IndexStatement;
import dev.strata.ddl.MaterializedViewStatement;
import dev.strata.ddl.ObjectDdls;
import dev.strata.ddl.Statement;
import dev.strata.model.Catalog;
import dev.strata.model.Grant;
import dev.strata.model.Index;
import dev.strata.model.MaterializedView;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.View;
import dev.strata.plan.ConcurrentIndex;
import dev.strata.plan.GateKind;
import dev.strata.plan.LockMode;
import dev.strata.plan.ObjectRecipe;
import dev.strata.plan.PlanContext;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Scaffolding;
import dev.strata.plan.ShortNames;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Materialized views. A new one is created in EXPAND with its indexes in one transaction ({@code CREATE MATERIALIZED
 * VIEW … WITH [NO] DATA} runs the query under ACCESS SHARE on what it reads; nothing reads the new view yet). A changed
 * query cannot be altered in place: the new one is built beside the live one under a temporary name, with its indexes
 * under temporary names, and swapped in by renames in one short transaction (ACCESS EXCLUSIVE on both, catalog only),
 * which also points the views that read it at the new one; the old one is dropped last. All three run in CONTRACT,
 * behind the read-switch gate, since the old application reads the old columns; building there (not in EXPAND) gives
 * rows as fresh as the swap. Undo is the swap back, before the drop. With the same query, indexes are built and dropped
 * {@code CONCURRENTLY} (which PostgreSQL allows on a materialized view) as a table's are, and population changes by
 * {@code REFRESH}. A drop waits for CONTRACT; it loses no data, since the rows are the query's (docs/locks.md#materialized-views).
 */
public final class MaterializedViewRecipe implements ObjectRecipe<MaterializedView> {

    public static final MaterializedViewRecipe INSTANCE = new MaterializedViewRecipe();

    /** Scaffolding's, so that {@code abandon} finds a new view the migration never swapped in. */
    static final String NEW_SUFFIX = Scaffolding.REPLACEMENT_INDEX_SUFFIX;
    static final String OLD_SUFFIX = "__strata_old";

    private static final String LOCKS = " (docs/locks.md#materialized-views)";

    private MaterializedViewRecipe() {}

    @Override
    public String kind() {
        return MaterializedView.KIND;
    }

    @Override
    public Class<MaterializedView> type() {
        return MaterializedView.class;
    }

    @Override
    public void create(QualifiedName name, MaterializedView desired, PlanContext context, RecipeOutput out) {
        StepDraft step = StepDraft.at(Stage.CREATE_VIEW, "create materialized view " + name
                        + (desired.populated() ? "" : " (with no data)")
                        + (desired.indexes().isEmpty() ? "" : " with " + indexNames(desired)))
                .sql(MaterializedViewStatement.DDL.create(name, desired))
                .inverse(new MaterializedViewStatement.Drop(name));
        readLocks(step, name, desired, context.desired());
        out.add(step.fact(createFact(desired)).fact(refreshFact(desired)));
    }

    @Override
    public void alter(QualifiedName name, MaterializedView current, MaterializedView desired, PlanContext context,
            RecipeOutput out) {
        if (!desired.sameQuery(current)) {
            rebuild(name, current, desired, context, out);
            return;
        }
        if (current.populated() != desired.populated()) {
            populate(name, desired, context, out);
        }
        indexes(name, current, desired, context, out);
        if (!current.storageParameters().equals(desired.storageParameters())) {
            storage(name, current.storageParameters(), desired.storageParameters(), out);
        }
        if (!current.comment().equals(desired.comment())) {
            out.add(StepDraft.at(Stage.EXPAND_COMMENT, "set comment on materialized view " + name)
                    .sql(new MaterializedViewStatement.Comment(name, desired.comment()))
                    .lock(name, LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.CATALOG_ONLY)
                    .inverse(new MaterializedViewStatement.Comment(name, current.comment()))
                    .fact("COMMENT ON MATERIALIZED VIEW changes the catalog only" + LOCKS + "."));
        }
    }

    @Override
    public void drop(QualifiedName name, MaterializedView current, PlanContext context, RecipeOutput out) {
        out.gate(GateKind.DEPLOY_READ_SWITCH, "The application no longer reads materialized view " + name
                + " (CONTRACT drops it).");
        out.add(StepDraft.at(Stage.DROP_VIEW, "drop materialized view " + name
                        + (current.indexes().isEmpty() ? "" : " and its " + indexNames(current)))
                .sql(new MaterializedViewStatement.Drop(name))
                .lock(name, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(MaterializedViewStatement.DDL.create(name, current))
                .fact("DROP MATERIALIZED VIEW takes ACCESS EXCLUSIVE on it, briefly, and removes its indexes with it;"
                        + " without CASCADE it fails while a view still reads it" + LOCKS + ".")
                .fact("No data is lost: its rows are its query's, and the undo builds it again from that query"
                        + " (which runs the query again, under ACCESS SHARE on what it reads)."));
    }

    /**
     * The parameters PostgreSQL changes under SHARE UPDATE EXCLUSIVE (its {@code reloptions.c} lock levels): readers and
     * writers go on; any other (none a materialized view takes today) is counted as ACCESS EXCLUSIVE.
     */
    private static final Set<String> SHARE_UPDATE_EXCLUSIVE_PARAMETERS = Set.of("fillfactor", "toast_tuple_target",
            "parallel_workers", "vacuum_index_cleanup", "vacuum_truncate", "log_autovacuum_min_duration");

    static LockMode storageLock(java.util.Collection<String> parameters) {
        boolean light = parameters.stream().allMatch(p -> SHARE_UPDATE_EXCLUSIVE_PARAMETERS.contains(p)
                || p.startsWith("autovacuum_") || p.startsWith("toast."));
        return light ? LockMode.SHARE_UPDATE_EXCLUSIVE : LockMode.ACCESS_EXCLUSIVE;
    }

    /** Storage parameters changed: {@code ALTER MATERIALIZED VIEW … SET (…)} / {@code RESET (…)}, catalog only. */
    private static void storage(QualifiedName name, Map<String, String> current, Map<String, String> desired,
            RecipeOutput out) {
        Map<String, String> set = new LinkedHashMap<>();
        desired.forEach((k, v) -> {
            if (!v.equals(current.get(k))) {
                set.put(k, v);
            }
        });
        List<String> reset = current.keySet().stream().filter(k -> !desired.containsKey(k)).toList();
        Map<String, String> undoSet = new LinkedHashMap<>();
        current.forEach((k, v) -> {
            if (!v.equals(desired.get(k))) {
                undoSet.put(k, v);
            }
        });
        List<String> undoReset = desired.keySet().stream().filter(k -> !current.containsKey(k)).toList();
        Set<String> changed = new java.util.LinkedHashSet<>(set.keySet());
        changed.addAll(reset);
        LockMode lock = storageLock(changed);
        out.add(StepDraft.at(Stage.ATTACH_OBJECT, "set storage parameters of materialized view " + name + " ("
                        + String.join(", ", changed) + ")")
                .sql(new MaterializedViewStatement.SetStorage(name, set, reset))
                .lock(name, lock, TableWork.CATALOG_ONLY)
                .inverse(new MaterializedViewStatement.SetStorage(name, undoSet, undoReset))
                .fact("ALTER MATERIALIZED VIEW … SET / RESET (storage parameters) changes the catalog only, no row is"
                        + " rewritten (a new fillfactor applies to later writes, a REFRESH), under " + lock.sql()
                        + (lock == LockMode.SHARE_UPDATE_EXCLUSIVE ? ": reads and REFRESH … CONCURRENTLY's writes go on" : "")
                        + LOCKS + "."));
    }

    /** Query unchanged, population changed: {@code REFRESH}, or {@code REFRESH … WITH NO DATA}. */
    private static void populate(QualifiedName name, MaterializedView desired, PlanContext context, RecipeOutput out) {
        if (desired.populated()) {
            StepDraft step = StepDraft.at(Stage.ATTACH_OBJECT, "populate materialized view " + name)
                    .sql(new MaterializedViewStatement.Refresh(name, true, false))
                    .lock(name, LockMode.ACCESS_EXCLUSIVE, TableWork.SCAN)
                    .inverse(new MaterializedViewStatement.Refresh(name, false, false))
                    .fact("REFRESH MATERIALIZED VIEW runs the query under ACCESS EXCLUSIVE on the view (ACCESS SHARE on"
                            + " what it reads); CONCURRENTLY is refused on a view with no data, which no one can read"
                            + " anyway" + LOCKS + ".");
            readLocks(step, name, desired, context.desired());
            out.add(step);
            return;
        }
        out.gate(GateKind.DEPLOY_READ_SWITCH, "The application no longer reads materialized view " + name
                + " (CONTRACT empties it: WITH NO DATA).");
        out.add(StepDraft.at(Stage.DETACH_OBJECT, "empty materialized view " + name + " (with no data)")
                .sql(new MaterializedViewStatement.Refresh(name, false, false))
                .lock(name, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(new MaterializedViewStatement.Refresh(name, true, false))
                .fact("REFRESH … WITH NO DATA takes ACCESS EXCLUSIVE briefly; a query of it then fails until it is"
                        + " refreshed. No data is lost: the undo runs the query again" + LOCKS + "."));
    }

    /** Same query: each index built, dropped or replaced CONCURRENTLY, or its comment changed. */
    private static void indexes(QualifiedName name, MaterializedView current, MaterializedView desired,
            PlanContext context, RecipeOutput out) {
        for (Index index : desired.indexes()) {
            Optional<Index> live = current.index(index.name());
            if (live.isEmpty()) {
                out.add(build(name, index, Stage.CREATE_INDEX, "create index " + index.name() + " on " + name));
                IndexSql.commentAfterBuild(name, index, Stage.CREATE_INDEX, out);
            } else if (!MaterializedView.sameIndex(live.get(), index, (a, b) -> a.strip().equals(b.strip()))) {
                replaceIndex(name, live.get(), index, context, out);
            } else if (!live.get().comment().equals(index.comment())) {
                out.add(StepDraft.at(Stage.EXPAND_COMMENT, "set comment on index " + name.schema() + "." + index.name())
                        .sql(CommentOn.index(name, index.name(), index.comment()))
                        .lock(IndexSql.relation(name, index.name()), LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.CATALOG_ONLY)
                        .inverse(CommentOn.index(name, index.name(), live.get().comment()))
                        .fact(Comments.INDEX_FACT));
            }
        }
        for (Index index : current.indexes()) {
            if (desired.index(index.name()).isEmpty()) {
                out.add(drop(name, index.name(), index, "drop index " + name.schema() + "." + index.name()));
            }
        }
    }

    /**
     * The new definition is built aside CONCURRENTLY in EXPAND; CONTRACT drops the old one CONCURRENTLY and gives the
     * new one its name, so queries always have one of the two.
     */
    private static void replaceIndex(QualifiedName name, Index current, Index desired, PlanContext context,
            RecipeOutput out) {
        String temporary = context.names().relation(name.schema(), IndexSql.buildName(desired.name()));
        out.gate(GateKind.DEPLOY_READ_SWITCH, "The application is ready for the new definition of index "
                + desired.name() + " on materialized view " + name + ": CONTRACT replaces it.");
        out.add(build(name, rename(desired, temporary).withComment(Optional.empty()), Stage.CREATE_INDEX,
                "build new definition of index " + desired.name() + " on " + name + " as " + temporary));
        out.add(drop(name, current.name(), current, "drop old definition of index " + name.schema() + "."
                + current.name()));
        out.add(StepDraft.at(Stage.DROP_INDEX, "rename index " + name.schema() + "." + temporary + " to " + desired.name())
                .sql(IndexSql.rename(name, temporary, desired.name()))
                .sql(IndexSql.comment(name, desired.name(), desired.comment()))
                .lock(IndexSql.relation(name, desired.name()), LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(IndexSql.rename(name, desired.name(), temporary))
                .fact("ALTER INDEX ... RENAME takes SHARE UPDATE EXCLUSIVE on the index only (docs/locks.md#row-52)."));
    }

    private static StepDraft build(QualifiedName view, Index index, Stage stage, String summary) {
        return StepDraft.at(stage, summary)
                .sql(IndexSql.createConcurrently(view, index.withComment(Optional.empty())))
                .concurrently(new ConcurrentIndex.Build(IndexSql.relation(view, index.name())))
                .lock(view, LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.SCAN)
                .inverse(IndexSql.dropConcurrently(view, index.name()))
                .fact("CREATE INDEX CONCURRENTLY works on a materialized view as on a table: SHARE UPDATE EXCLUSIVE,"
                        + " so reads and REFRESH … CONCURRENTLY's wait only for a REFRESH" + LOCKS + ".")
                .fact(IndexSql.INVALID_LEFTOVER_FACT);
    }

    private static StepDraft drop(QualifiedName view, String indexName, Index definition, String summary) {
        return StepDraft.at(Stage.DROP_INDEX, summary)
                .sql(IndexSql.dropConcurrently(view, indexName))
                .concurrently(new ConcurrentIndex.Drop(IndexSql.relation(view, indexName)))
                .lock(view, LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .lock(IndexSql.relation(view, indexName), LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(IndexSql.createConcurrently(view, definition.withComment(Optional.empty())))
                .fact("DROP INDEX CONCURRENTLY takes SHARE UPDATE EXCLUSIVE on the materialized view and the index"
                        + LOCKS + ".");
    }

    /**
     * The statements that give {@code as} the grants {@code catalog} declares on materialized view {@code name} (a
     * project that manages grants): a view built beside, or built again, has none, and takes the name by a rename.
     */
    private static List<Statement> grants(Catalog catalog, QualifiedName name, QualifiedName as) {
        List<Statement> sql = new ArrayList<>();
        catalog.schema(name.schema()).ifPresent(s -> s.objects(Grant.KIND).stream()
                .map(g -> (Grant) g)
                .filter(g -> g.on() == Grant.On.MATERIALIZED_VIEW && g.name().equals(name.name()))
                .forEach(g -> sql.addAll(ObjectDdls.create(name.schema(), Grant.of(g.on(), as.name(), g.roles())))));
        return sql;
    }

    /**
     * A changed query: built beside as {@code <name>__strata_new} (its indexes likewise), then swapped in by renames in
     * one transaction with the views that read it pointed at it, then the old one, kept as {@code <name>__strata_old},
     * dropped.
     */
    private static void rebuild(QualifiedName name, MaterializedView current, MaterializedView desired,
            PlanContext context, RecipeOutput out) {
        String schema = name.schema();
        QualifiedName beside = QualifiedName.of(schema, context.names().relation(schema, ShortNames.withSuffix(name.name(), NEW_SUFFIX)));
        QualifiedName kept = QualifiedName.of(schema, context.names().relation(schema, ShortNames.withSuffix(name.name(), OLD_SUFFIX)));
        Map<String, String> newIndexes = new LinkedHashMap<>();
        desired.indexes().forEach(i -> newIndexes.put(i.name(), context.names().relation(schema, IndexSql.buildName(i.name()))));
        // Only the old indexes whose names the new ones take step aside; the rest go with the old view.
        Map<String, String> oldIndexes = new LinkedHashMap<>();
        current.indexes().stream().filter(i -> newIndexes.containsKey(i.name())).forEach(i -> oldIndexes.put(i.name(),
                context.names().relation(schema, ShortNames.withSuffix(i.name(), OLD_SUFFIX))));
        MaterializedView besideView = new MaterializedView(beside.name(), desired.query(), desired.populated(),
                desired.indexes().stream().map(i -> rename(i, newIndexes.get(i.name()))).toList(), desired.comment(),
                desired.storageParameters());
        MaterializedView keptView = new MaterializedView(kept.name(), current.query(), current.populated(),
                current.indexes().stream().map(i -> rename(i, oldIndexes.getOrDefault(i.name(), i.name()))).toList(),
                current.comment(), current.storageParameters());
        List<Reader> readers = unchangedReaders(name, context);

        out.gate(GateKind.DEPLOY_READ_SWITCH, "The application works with both the current and the new query of"
                + " materialized view " + name + " (CONTRACT builds the new one and swaps it in).");
        StepDraft build = StepDraft.at(Stage.DROP_VIEW, "build the new query of materialized view " + name + " as " + beside
                        + (desired.indexes().isEmpty() ? "" : " with " + indexNames(besideView)))
                .sql(MaterializedViewStatement.DDL.create(beside, besideView))
                .sql(grants(context.desired(), name, beside))
                .inverse(new MaterializedViewStatement.Drop(beside));
        readLocks(build, beside, desired, context.desired());
        out.add(build.fact(createFact(desired) + " It is built beside " + name + ", which stays readable.")
                .fact(refreshFact(desired)));

        List<Statement> swap = new ArrayList<>();
        swap.add(new MaterializedViewStatement.Rename(name, kept.name()));
        oldIndexes.forEach((from, to) -> swap.add(new IndexStatement.Rename(QualifiedName.of(schema, from), to, false)));
        swap.add(new MaterializedViewStatement.Rename(beside, name.name()));
        newIndexes.forEach((to, from) -> swap.add(new IndexStatement.Rename(QualifiedName.of(schema, from), to, false)));
        readers.forEach(v -> swap.add(new MaterializedViewStatement.RebindView(v.name(), v.definition())));
        List<Statement> back = new ArrayList<>();
        newIndexes.forEach((to, from) -> back.add(new IndexStatement.Rename(QualifiedName.of(schema, to), from, false)));
        back.add(new MaterializedViewStatement.Rename(name, beside.name()));
        oldIndexes.forEach((from, to) -> back.add(new IndexStatement.Rename(QualifiedName.of(schema, to), from, false)));
        back.add(new MaterializedViewStatement.Rename(kept, name.name()));
        readers.forEach(v -> back.add(new MaterializedViewStatement.RebindView(v.name(), v.definition())));
        StepDraft swapStep = StepDraft.at(Stage.DROP_VIEW, "swap in the new materialized view " + name + " (the old one"
                        + " becomes " + kept + (readers.isEmpty() ? "" : "; " + readerNames(readers) + " read the new one") + ")")
                .sql(swap)
                .lock(name, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .lock(beside, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(back)
                .fact("The renames take ACCESS EXCLUSIVE on both materialized views in one short transaction, catalog only:"
                        + " readers wait for it, never see the name missing" + LOCKS + ".");
        readers.forEach(v -> swapStep.lock(v.name(), LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY));
        if (!readers.isEmpty()) {
            swapStep.fact("A view reads a relation, not a name: CREATE OR REPLACE VIEW with its unchanged query points "
                    + readerNames(readers) + " at the new one (ACCESS EXCLUSIVE on each view, briefly); it"
                    + " fails if a column it reads changed type.");
        }
        out.add(swapStep);

        out.add(StepDraft.at(Stage.DROP_VIEW, "drop the old materialized view " + kept
                        + (current.indexes().isEmpty() ? "" : " and its " + indexNames(keptView)))
                .sql(new MaterializedViewStatement.Drop(kept))
                .lock(kept, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(java.util.stream.Stream.concat(MaterializedViewStatement.DDL.create(kept, keptView).stream(),
                        grants(context.current(), name, kept).stream()).toList())
                .fact("No data is lost: the old rows are the old query's; the undo builds it again from that query, and"
                        + " the swap's undo puts it back" + LOCKS + "."));
    }

    /** A view that reads a materialized view being swapped, with its (unchanged) query. */
    private record Reader(QualifiedName name, String definition) {}

    /** Views (in the current catalog, unchanged in the desired one) whose query names {@code view}. */
    private static List<Reader> unchangedReaders(QualifiedName view, PlanContext context) {
        List<Reader> readers = new ArrayList<>();
        for (QualifiedName reader : ViewText.viewsMentioning(context.current(), view, List.of())) {
            Optional<String> now = definition(context.current(), reader);
            if (now.isPresent() && now.equals(definition(context.desired(), reader))) {
                readers.add(new Reader(reader, now.get()));
            }
        }
        return readers;
    }

    private static Optional<String> definition(Catalog catalog, QualifiedName name) {
        return catalog.schema(name.schema()).flatMap(s -> s.views().stream().filter(v -> v.name().equals(name.name()))
                .findFirst()).map(View::definition);
    }

    private static String readerNames(List<Reader> readers) {
        return String.join(", ", readers.stream().map(r -> r.name().toString()).toList());
    }

    private static Index rename(Index index, String name) {
        return new Index(name, index.unique(), index.nullsNotDistinct(), index.method(), index.keys(), index.include(),
                index.where(), index.storageParameters(), index.comment());
    }

    private static String indexNames(MaterializedView view) {
        return (view.indexes().size() == 1 ? "index " : "indexes ")
                + String.join(", ", view.indexes().stream().map(Index::name).toList());
    }

    /** ACCESS SHARE, for the query's duration, on what the query names (by its words) in {@code catalog}. */
    private static void readLocks(StepDraft step, QualifiedName self, MaterializedView view, Catalog catalog) {
        if (!view.populated()) {
            return;
        }
        Set<String> words = ViewText.words(view.query());
        for (Schema schema : catalog.schemas()) {
            List<String> names = new ArrayList<>();
            schema.tables().forEach(t -> names.add(t.name()));
            schema.views().forEach(v -> names.add(v.name()));
            schema.objects(MaterializedView.KIND).forEach(m -> names.add(m.key()));
            for (String n : names) {
                QualifiedName q = QualifiedName.of(schema.name(), n);
                if (words.contains(n) && !q.equals(self)) {
                    step.lock(q, LockMode.ACCESS_SHARE, TableWork.SCAN);
                }
            }
        }
    }

    private static String createFact(MaterializedView view) {
        return view.populated()
                ? "CREATE MATERIALIZED VIEW … WITH DATA runs the query in the step's transaction, holding ACCESS SHARE on"
                        + " what it reads until it commits: writes continue, ALTER TABLE on those tables waits" + LOCKS + "."
                : "CREATE MATERIALIZED VIEW … WITH NO DATA runs no query: it is catalog only, and the view cannot be read"
                        + " until a REFRESH" + LOCKS + ".";
    }

    /** Which unique index lets a later {@code REFRESH … CONCURRENTLY} keep readers reading, or why none does. */
    static String refreshFact(MaterializedView view) {
        return view.refreshKey()
                .map(i -> "REFRESH MATERIALIZED VIEW CONCURRENTLY can keep it current without blocking readers: unique"
                        + " index " + i.name() + " (plain columns, no WHERE) is the one it needs.")
                .orElse("REFRESH MATERIALIZED VIEW CONCURRENTLY needs a unique index on plain columns without WHERE,"
                        + " which it has none of: a REFRESH blocks its readers for the query's duration.");
    }
}
