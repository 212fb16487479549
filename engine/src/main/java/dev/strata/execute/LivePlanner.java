package dev.strata.execute;

import dev.strata.catalog.CatalogReader;
import dev.strata.catalog.PulledCatalog;
import dev.strata.catalog.TableStats;
import dev.strata.catalog.ServerCanonicalizer;
import dev.strata.expr.Equivalence;
import dev.strata.model.Catalog;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.UnmanagedObject;
import dev.strata.plan.Plan;
import dev.strata.plan.PlanRequest;
import dev.strata.plan.Planner;
import dev.strata.plan.TableFacts;
import dev.strata.yaml.ExpressionDiagnostics;
import dev.strata.yaml.LoadedSchema;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Plans against a live database: the one path shared by {@code strata plan --url} and {@code strata apply
 * --desired}, so what is applied is what would have been reviewed.
 */
public final class LivePlanner {

    private LivePlanner() {}

    /**
     * Reads the catalog of the desired schemas and table sizes, plans, and stamps the plan with the
     * {@link #catalogFingerprint} of the database.
     *
     * @param description how the plan names the database (a redacted URL)
     */
    public static Plan plan(Connection connection, LoadedSchema wanted, String description) {
        List<String> schemas = wanted.catalog().schemas().stream().map(Schema::name).toList();
        PulledCatalog pulled = CatalogReader.read(connection, schemas);
        List<QualifiedName> tables = new ArrayList<>();
        pulled.catalog().schemas().forEach(s -> s.tables().forEach(t -> tables.add(QualifiedName.of(s.name(), t.name()))));
        Map<QualifiedName, TableFacts> facts = new TreeMap<>();
        TableStats.read(connection, tables).forEach((name, size) ->
                facts.put(name, new TableFacts(size.bytes(), size.estimatedRows(), size.empty())));
        LoadedSchema canonical = new LoadedSchema(ServerCanonicalizer.canonical(connection, wanted.catalog()), wanted.sources());
        return plan(pulled.catalog(), canonical, pulled.version().major(), facts, description, pulled.unmanaged())
                .withCatalogFingerprint(catalogFingerprint(connection));
    }

    /** Plans without a database (the offline path of {@code strata plan --from}). */
    public static Plan plan(Catalog before, LoadedSchema wanted, int major, Map<QualifiedName, TableFacts> facts,
            String description, List<UnmanagedObject> unmanaged) {
        Plan plan = Planner.plan(new PlanRequest(before, wanted.catalog(), major, facts, description, unmanaged,
                Equivalence::same));
        if (plan.isEmpty()) {
            return plan;
        }
        List<String> warnings = new ArrayList<>(plan.warnings());
        warnings.addAll(ExpressionDiagnostics.passthroughNotes(wanted));
        return new Plan(plan.current(), plan.catalogFingerprint(), plan.pgMajor(), plan.changes(), plan.steps(),
                plan.dualWrites(), plan.tableFacts(), warnings, plan.unmanaged(), plan.violations());
    }

    /**
     * The fingerprint of everything Strata manages in the database (every schema but PostgreSQL's own, extension
     * ones and {@code strata}): a saved plan stays valid only while none of it changes.
     */
    public static String catalogFingerprint(Connection connection) {
        return Fingerprints.of(CatalogReader.read(connection, List.of()).catalog());
    }
}
