package dev.strata.bench;

import dev.strata.catalog.CatalogReader;
import dev.strata.catalog.PulledCatalog;
import dev.strata.execute.ApplyOptions;
import dev.strata.execute.ApplyResult;
import dev.strata.execute.Executor;
import dev.strata.execute.PhaseSelection;
import dev.strata.execute.PlanSource;
import dev.strata.execute.Progress;
import dev.strata.expr.Equivalence;
import dev.strata.plan.Plan;
import dev.strata.plan.PlanRequest;
import dev.strata.plan.Planner;
import dev.strata.testing.TestDatabase;
import dev.strata.yaml.LoadedSchema;
import dev.strata.yaml.SchemaFiles;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** Runs the Strata migration of one database phase by phase through the executor, as {@code strata apply} does. */
final class StrataMigration {

    /** The executor names its session so (pg_stat_activity.application_name). */
    static final String APPLICATION = "strata apply";

    private final TestDatabase db;
    private final LoadedSchema desired;
    private final ApplyOptions options;

    StrataMigration(TestDatabase db, Path desired, int batchSize) {
        this.db = db;
        this.desired = SchemaFiles.read(desired);
        this.options = ApplyOptions.defaults().withConfirmGates(true).withBatchSize(batchSize);
    }

    /** The plan the executor will make, for the report. */
    Plan plan() {
        try (Connection c = db.connect()) {
            PulledCatalog pulled = CatalogReader.read(c, List.of("public"));
            return Planner.plan(new PlanRequest(pulled.catalog(), desired.catalog(), pulled.version().major(), Map.of(),
                    db.name(), pulled.unmanaged(), Equivalence::same));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void run(PhaseSelection phases) {
        try (Connection c = db.connect()) {
            ApplyResult result = new Executor(c, options, line -> { }).withProgress(Progress.NONE)
                    .apply(new PlanSource.Desired(desired, db.name()), phases);
            if (result.outcome() == ApplyResult.Outcome.WAITING_AT_GATE) {
                throw new IllegalStateException("the executor stopped at a gate");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rows of accounts whose new column the backfill filled (all of them once it is done). */
    long filledRows() {
        return Long.parseLong(db.query("SELECT rows_done FROM strata.backfill ORDER BY migration_id DESC LIMIT 1").get(0).get(0));
    }
}
