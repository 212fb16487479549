package dev.strata.execute;

import dev.strata.catalog.CatalogReader;
import dev.strata.catalog.PulledCatalog;
import dev.strata.catalog.RecoveryFacts;
import dev.strata.catalog.TableStats;
import dev.strata.catalog.ServerCanonicalizer;
import dev.strata.diagnostics.StrataException;
import dev.strata.expr.Equivalence;
import dev.strata.model.Catalog;
import dev.strata.model.Dependent;
import dev.strata.model.Grant;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.TakenNames;
import dev.strata.model.UnmanagedObject;
import dev.strata.plan.Plan;
import dev.strata.plan.PlanRequest;
import dev.strata.plan.Recovery;
import dev.strata.plan.RestoreRate;
import dev.strata.plan.Planner;
import dev.strata.plan.TableFacts;
import dev.strata.yaml.ExpressionDiagnostics;
import dev.strata.yaml.LoadedSchema;


import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The planning service: gathers what the pure {@link Planner} needs and calls it, for every plan Strata makes. Against
 * a live database (catalog, table sizes, the server's spelling of expressions, leftovers, recovery facts, the catalog
 * fingerprint) it is the one path shared by {@code strata plan --url} and {@code strata apply --desired}, so what is
 * applied is what would have been reviewed; against a YAML directory it serves {@code strata plan --from}.
 */
public final class PlanService {

    private PlanService() {}

    /**
     * Reads the catalog of the desired schemas and table sizes, plans, and stamps the plan with the
     * {@link #catalogFingerprint} of the database.
     *
     * @param description how the plan names the database (a redacted URL)
     */
    public static Plan plan(Connection connection, LoadedSchema wanted, String description) {
        return plan(connection, wanted, description, RestoreRate.DEFAULT);
    }

    /**
     * As {@link #plan(Connection, LoadedSchema, String)}, with the {@link Recovery} facts of the database and a restore
     * estimate at {@code restoreBytesPerSecond}.
     */
    public static Plan plan(Connection connection, LoadedSchema wanted, String description, long restoreBytesPerSecond) {
        return plan(connection, wanted, description, restoreBytesPerSecond, false);
    }

    /** As {@link #plan(Connection, LoadedSchema, String, long)}; {@code dropNow} destroys dropped tables ({@code --drop-now}). */
    public static Plan plan(Connection connection, LoadedSchema wanted, String description, long restoreBytesPerSecond,
            boolean dropNow) {
        return plan(connection, wanted, description, restoreBytesPerSecond, dropNow, true);
    }

    /**
     * As {@link #plan(Connection, LoadedSchema, String, long, boolean)}; {@code saved}: the plan is saved (JSON) or
     * applied, so it carries the {@link #catalogFingerprint}. A plan only for reading (text, Markdown, SQL) does not
     * need one, and then the catalog is read once; so it is for a saved plan too, unless the database has schemas
     * Strata manages beyond the desired ones (the fingerprint covers them all, so they are read as well).
     */
    public static Plan plan(Connection connection, LoadedSchema wanted, String description, long restoreBytesPerSecond,
            boolean dropNow, boolean saved) {
        try {
            Session.standardStrings(connection);
        } catch (SQLException e) {
            throw new StrataException("cannot set standard_conforming_strings: " + e.getMessage(), e);
        }
        List<String> schemas = wanted.catalog().schemas().stream().map(Schema::name).toList();
        // Kinds a project opts out of are read (and reported as unmanaged below); those only an opt-in manages are not.
        java.util.Set<String> skipped = new java.util.HashSet<>(Grant.OPT_IN_KINDS);
        skipped.retainAll(wanted.unmanagedKinds());
        PulledCatalog pulled = CatalogReader.read(connection, schemas, skipped);
        Roles.requireExisting(connection, wanted.catalog().withoutKinds(wanted.unmanagedKinds()));
        Map<QualifiedName, TableFacts> facts = tableFacts(connection, pulled.catalog());
        LoadedSchema canonical = new LoadedSchema(ServerCanonicalizer.canonical(connection, wanted.catalog()), wanted.sources(),
                wanted.unmanagedKinds());
        Plan plan = plan(pulled.catalog(), canonical, pulled.version().major(), facts, description, pulled.unmanaged(),
                pulled.taken(), pulled.dependents(), dropNow);
        String fingerprint = !saved ? ""
                : fingerprint(pulled.everySchema() ? pulled : CatalogReader.read(connection, List.of()));
        return plan.withWarnings(leftovers(connection)).withCatalogFingerprint(fingerprint)
                .withRecovery(RecoveryFacts.read(connection, restoreBytesPerSecond));
    }

    /** What the live catalog says of each table of {@code current}: its size, whether it is empty, and standalone. */
    public static Map<QualifiedName, TableFacts> tableFacts(Connection connection, Catalog current) {
        List<QualifiedName> tables = new ArrayList<>();
        current.schemas().forEach(s -> s.tables().forEach(t -> tables.add(QualifiedName.of(s.name(), t.name()))));
        Map<QualifiedName, TableFacts> facts = new TreeMap<>();
        TableStats.read(connection, tables).forEach((name, size) ->
                facts.put(name, new TableFacts(size.bytes(), size.estimatedRows(), size.empty(), size.standalone())));
        return facts;
    }

    /**
     * What unfinished or abandoned migrations left behind, as warnings: the model does not show triggers or INVALID
     * indexes, so without them a plan could say "no changes" while a leftover sync trigger fails every write.
     */
    private static List<String> leftovers(Connection connection) {
        try {
            List<Leftover> found = Leftovers.find(connection);
            if (found.isEmpty()) {
                return List.of();
            }
            StateStore state = new StateStore(connection);
            Optional<Migration> running = state.exists() ? state.running() : Optional.empty();
            String note = running.map(m -> " (migration " + m.id() + " is running: it may still need it; strata status"
                    + " shows where it stands)").orElse("");
            return found.stream().map(l -> l.describe() + note).toList();
        } catch (SQLException e) {
            // The plan itself stands; say what could not be checked rather than fail it.
            return List.of("could not look for what earlier migrations left behind (" + Executor.firstLine(e) + ")");
        }
    }

    /** Plans without a database (the offline path of {@code strata plan --from}). */
    public static Plan plan(Catalog before, LoadedSchema wanted, int major, Map<QualifiedName, TableFacts> facts,
            String description, List<UnmanagedObject> unmanaged) {
        return plan(before, wanted, major, facts, description, unmanaged, false);
    }

    /** As above; {@code dropNow} destroys dropped tables ({@code plan --from … --drop-now}). */
    public static Plan plan(Catalog before, LoadedSchema wanted, int major, Map<QualifiedName, TableFacts> facts,
            String description, List<UnmanagedObject> unmanaged, boolean dropNow) {
        return plan(before, wanted, major, facts, description, unmanaged, TakenNames.none(), List.of(), dropNow);
    }

    private static Plan plan(Catalog before, LoadedSchema wanted, int major, Map<QualifiedName, TableFacts> facts,
            String description, List<UnmanagedObject> unmanaged, TakenNames taken, List<Dependent> dependents,
            boolean dropNow) {
        // A kind the project opts out of is left alone on both sides, and reported as it was before Strata managed it.
        List<UnmanagedObject> reported = new ArrayList<>(unmanaged);
        before.schemas().forEach(s -> s.objects().stream().filter(o -> wanted.unmanagedKinds().contains(o.kind())
                        && !Grant.OPT_IN_KINDS.contains(o.kind()))
                .forEach(o -> reported.add(new UnmanagedObject(o.kind(), s.name() + "." + o.key()))));
        Plan plan = Planner.plan(new PlanRequest(before.withoutKinds(wanted.unmanagedKinds()),
                wanted.catalog().withoutKinds(wanted.unmanagedKinds()), major, facts, description, reported,
                Equivalence::same, taken, dependents, dropNow));
        if (plan.isEmpty()) {
            return plan;
        }
        return plan.withWarnings(ExpressionDiagnostics.passthroughNotes(wanted));
    }

    /**
     * The fingerprint of everything Strata manages in the database (every schema but PostgreSQL's own, extension
     * ones and {@code strata}), and of what depends on it beyond the model: a saved plan stays valid only while none
     * of it changes.
     */
    public static String catalogFingerprint(Connection connection) {
        return fingerprint(CatalogReader.read(connection, List.of()));
    }

    /**
     * Grants and default privileges are left out whether the project manages them or not, so a saved plan's
     * fingerprint means the same for every project (a GRANT made meanwhile does not make a saved plan stale: the
     * plan's own GRANT and REVOKE steps hold whatever else was granted).
     */
    private static String fingerprint(PulledCatalog all) {
        return Fingerprints.catalog(all.catalog().withoutKinds(Grant.OPT_IN_KINDS), all.dependents());
    }

    /**
     * Whether a saved plan's {@code fingerprint} is of the database's catalog as it is now, in the form this Strata
     * writes or in the one older versions wrote ({@link Fingerprints#legacyCatalog}).
     */
    public static boolean madeFor(Connection connection, String fingerprint) {
        PulledCatalog all = CatalogReader.read(connection, List.of());
        return fingerprint(all).equals(fingerprint)
                || Fingerprints.legacyCatalog(all.catalog().withoutKinds(Grant.OPT_IN_KINDS), all.dependents()).equals(fingerprint);
    }
}
