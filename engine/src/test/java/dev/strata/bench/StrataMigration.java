package dev.strata.bench;

import dev.strata.catalog.CatalogReader;
import dev.strata.catalog.PulledCatalog;
import dev.strata.expr.Equivalence;
import dev.strata.plan.BackfillSql;
import dev.strata.plan.BackfillStep;
import dev.strata.plan.DdlStep;
import dev.strata.plan.GateStep;
import dev.strata.plan.Phase;
import dev.strata.plan.Plan;
import dev.strata.plan.PlanRequest;
import dev.strata.plan.Planner;
import dev.strata.plan.Step;
import dev.strata.testing.TestDatabase;
import dev.strata.yaml.SchemaFiles;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Plans and runs the Strata migration of one database, phase by phase, the way the executor does:
 * each transactional step in one transaction under a lock timeout, retried with jittered backoff
 * when the lock is not available; each backfill batch its own transaction.
 * Stand-in until the executor (dev.strata.execute) is merged; then this class delegates to it.
 */
final class StrataMigration {

    static final String APPLICATION = "strata apply";
    private static final int LOCK_TIMEOUT_MILLIS = 2000;

    private final TestDatabase db;
    private final Plan plan;
    private final int batchSize;

    StrataMigration(TestDatabase db, Path desired, int batchSize) {
        this.db = db;
        this.batchSize = batchSize;
        try (Connection c = db.connect()) {
            PulledCatalog pulled = CatalogReader.read(c, List.of("public"));
            this.plan = Planner.plan(new PlanRequest(pulled.catalog(), SchemaFiles.read(desired).catalog(),
                    pulled.version().major(), Map.of(), db.name(), pulled.unmanaged(), Equivalence::same));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    Plan plan() {
        return plan;
    }

    /** Runs the steps of one phase; returns the rows the backfills wrote. */
    long run(Phase phase) {
        long rows = 0;
        for (Step step : plan.steps()) {
            if (step.phase() != phase) {
                continue;
            }
            rows += switch (step) {
                case DdlStep ddl -> ddl(ddl);
                case BackfillStep b -> backfill(b);
                case GateStep g -> 0L;
            };
        }
        return rows;
    }

    private long ddl(DdlStep step) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = db.connect()) {
                c.setClientInfo("ApplicationName", APPLICATION);
                c.setAutoCommit(!step.transactional());
                try (var st = c.createStatement()) {
                    st.execute((step.transactional() ? "SET LOCAL" : "SET") + " lock_timeout = " + LOCK_TIMEOUT_MILLIS);
                    for (String sql : step.statements()) {
                        st.execute(sql);
                    }
                }
                if (step.transactional()) {
                    c.commit();
                }
                return 0;
            } catch (SQLException e) {
                if (!"55P03".equals(e.getSQLState()) || attempt == 10) {
                    throw new IllegalStateException("step " + step.id() + " failed: " + e.getMessage(), e);
                }
                long cap = Math.min(10_000, 200L << (attempt - 1));
                sleep(ThreadLocalRandom.current().nextLong(cap + 1));
            }
        }
    }

    private long backfill(BackfillStep step) {
        long rows = 0;
        String[] last = null;
        try (Connection c = db.connect();
                PreparedStatement first = c.prepareStatement(BackfillSql.batchStatement(step, true));
                PreparedStatement next = c.prepareStatement(BackfillSql.batchStatement(step, false))) {
            c.setClientInfo("ApplicationName", APPLICATION);
            while (true) {
                PreparedStatement ps = last == null ? first : next;
                int p = 1;
                if (last != null) {
                    for (String key : last) {
                        ps.setObject(p++, key, Types.OTHER);
                    }
                }
                ps.setInt(p, batchSize);
                try (var rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return rows;
                    }
                    rows += rs.getLong(1);
                    last = new String[step.key().size()];
                    for (int i = 0; i < last.length; i++) {
                        last[i] = rs.getString(i + 2);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("backfill " + step.id() + " failed: " + e.getMessage(), e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
