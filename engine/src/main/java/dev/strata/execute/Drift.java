package dev.strata.execute;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.catalog.CatalogReader;
import dev.strata.diagnostics.InvalidInputException;
import dev.strata.diagnostics.StrataException;
import dev.strata.diff.Change;
import dev.strata.diff.Differ;
import dev.strata.diff.ExpressionEquality;
import dev.strata.diff.IndexChange;
import dev.strata.expr.Equivalence;
import dev.strata.model.Catalog;
import dev.strata.model.QualifiedName;
import dev.strata.plan.BackfillStep;
import dev.strata.plan.DdlStep;
import dev.strata.plan.LockHold;
import dev.strata.plan.Plan;
import dev.strata.plan.Step;
import dev.strata.yaml.SchemaFiles;
import dev.strata.yaml.SchemaWriter;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What changed under an open migration. After each DDL step the executor records a snapshot of the catalog as Strata
 * left it (the {@code strata pull} files of the schemas the plan touches, the one form in which equal catalogs are
 * equal text); before each step it reads the catalog again and compares.
 *
 * <p>Only changes to the plan's own objects count: the tables, indexes, sequences, views and types its steps lock or
 * backfill. A hand change elsewhere cannot make a recorded step fail or land differently, and refusing it would stop
 * a days-long migration for every unrelated deploy. Data is never compared: rows written by the application are the
 * point of dual writes. Strata's scaffolding is not drift either: a snapshot is taken after the step that made it, so
 * shadow columns are in both sides, and triggers are not part of the model.
 */
public final class Drift {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Drift() {}

    /**
     * What was changed outside Strata since the migration's last snapshot.
     *
     * @param since   {@code "it started"} or {@code "its step expand-2"}
     * @param changes one line per change, never empty
     */
    public record Found(String since, List<String> changes) {

        public Found {
            changes = List.copyOf(changes);
        }
    }

    /**
     * The changes to the plan's objects since the last snapshot; empty when there are none, or when the migration was
     * recorded by an older Strata and has no snapshot yet.
     *
     * @param next the step about to run (see {@link #changes} for why it matters)
     */
    static Optional<Found> find(Connection connection, StateStore state, Migration migration, Optional<Step> next)
            throws SQLException {
        Optional<StateStore.Snapshot> last = state.snapshot(migration.id());
        if (last.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> lastDone = lastDoneDdlStep(migration.plan(), state.doneSteps(migration.id()).keySet());
        if (!lastDone.orElse("start").equals(last.get().after())) {
            // The snapshot is saved after the step commits; a crash in between leaves an earlier step's, against which
            // the step's own work would look like drift. Hand changes made in that window go unseen.
            state.saveSnapshot(migration.id(), lastDone.orElseThrow(), read(connection, migration.plan()));
            return Optional.empty();
        }
        Set<String> ownIndexes = next.filter(s -> s instanceof DdlStep).map(s -> DdlRunner.indexesNamedBy((DdlStep) s))
                .orElse(Set.of());
        List<String> changes = changes(last.get().files(), read(connection, migration.plan()), migration.plan(), ownIndexes);
        if (changes.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Found(last.get().after().equals("start") ? "it started" : "its step " + last.get().after(),
                changes));
    }

    /** The DDL step run last: steps run in plan order, so the last done one in that order. */
    static Optional<String> lastDoneDdlStep(Plan plan, Set<String> done) {
        return plan.steps().stream().filter(s -> s instanceof DdlStep && done.contains(s.id())).map(Step::id)
                .reduce((first, second) -> second);
    }

    /** The plan's own objects: every relation and type a step locks, and every backfilled table. */
    static Set<QualifiedName> watched(Plan plan) {
        Set<QualifiedName> names = new TreeSet<>();
        plan.steps().forEach(step -> {
            switch (step) {
                case DdlStep d -> d.locks().stream().map(LockHold::target).forEach(t -> names.add(t.name()));
                case BackfillStep b -> names.add(b.table());
            }
        });
        return names;
    }

    /** The snapshot of the live catalog: the pulled files of the schemas holding the plan's objects. */
    static SortedMap<String, String> read(Connection connection, Plan plan) throws SQLException {
        List<String> schemas = watched(plan).stream().map(QualifiedName::schema).distinct().sorted().toList();
        if (schemas.isEmpty()) {
            return new TreeMap<>();
        }
        try {
            return SchemaWriter.files(CatalogReader.read(connection, schemas).catalog());
        } catch (StrataException e) {
            // Inside a step, the executor's own handling (a lost connection, a failed step) needs the SQL failure.
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw e;
        }
    }

    /**
     * The changes that turn the recorded snapshot into the live one, on the plan's objects, one line each; empty when
     * nothing the plan touches changed.
     *
     * @param ownIndexes indexes the next step builds or drops outside a transaction: a crash before its record may
     *                   have left them done, and its rerun (idempotent) finishes the job
     */
    static List<String> changes(SortedMap<String, String> recorded, SortedMap<String, String> live, Plan plan,
            Set<String> ownIndexes) {
        if (recorded.equals(live)) {
            return List.of();
        }
        Set<QualifiedName> watched = watched(plan);
        try {
            // Both sides are PostgreSQL's own canonical text: equal expressions are equal strings.
            return Differ.diff(parse(recorded), parse(live), ExpressionEquality.TEXTUAL).changes().stream()
                    .filter(c -> watched.contains(c.subject()) && !ownIndex(c, ownIndexes)).map(Change::describe).toList();
        } catch (InvalidInputException e) {
            return changedFiles(recorded, live);
        }
    }

    private static boolean ownIndex(Change change, Set<String> ownIndexes) {
        return switch (change) {
            case IndexChange.CreateIndex c -> ownIndexes.contains(c.index().name());
            case IndexChange.DropIndex d -> ownIndexes.contains(d.index().name());
            default -> false;
        };
    }

    /** What {@code wanted} changes beyond the desired schema recorded as {@code files}, one line each. */
    static List<String> desiredChanges(SortedMap<String, String> recorded, Catalog wanted) {
        try {
            return Differ.diff(parse(recorded), wanted, Equivalence::same).changes().stream().map(Change::describe).toList();
        } catch (InvalidInputException e) {
            return changedFiles(recorded, SchemaWriter.files(wanted));
        }
    }

    /** When a side cannot be read back into the model: the files that differ, which still name the tables. */
    private static List<String> changedFiles(SortedMap<String, String> before, SortedMap<String, String> after) {
        Set<String> paths = new TreeSet<>(before.keySet());
        paths.addAll(after.keySet());
        List<String> lines = new ArrayList<>();
        for (String path : paths) {
            if (!before.containsKey(path)) {
                lines.add("new: " + path + " (as strata pull writes it)");
            } else if (!after.containsKey(path)) {
                lines.add("gone: " + path + " (as strata pull writes it)");
            } else if (!before.get(path).equals(after.get(path))) {
                lines.add("changed: " + path + " (as strata pull writes it)");
            }
        }
        return lines;
    }

    private static Catalog parse(SortedMap<String, String> files) {
        return SchemaFiles.parse(files).catalog();
    }

    static String json(SortedMap<String, String> files) {
        ObjectNode root = MAPPER.createObjectNode();
        files.forEach(root::put);
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serializes", e);
        }
    }

    static SortedMap<String, String> files(String json) {
        try {
            SortedMap<String, String> files = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = MAPPER.readTree(json).fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                files.put(field.getKey(), field.getValue().asText());
            }
            return files;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("strata.migration holds JSON Strata wrote: " + e.getOriginalMessage(), e);
        }
    }
}
