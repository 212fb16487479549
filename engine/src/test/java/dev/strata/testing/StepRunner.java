package dev.strata.testing;

import dev.strata.plan.BackfillStep;
import dev.strata.plan.DdlStep;
import dev.strata.plan.Phase;
import dev.strata.plan.Plan;
import dev.strata.plan.Step;
import dev.strata.sql.Identifiers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs plan steps against a test database the simple way: each transactional DDL step in its own
 * transaction, others in autocommit, backfills in keyset batches. Not the executor (that one adds
 * lock timeouts, retries and state); enough to check what plans do to a real database.
 */
public final class StepRunner {

    private StepRunner() {}

    public static void runAll(TestDatabase db, Plan plan) {
        for (Step step : plan.steps()) {
            run(db, step);
        }
    }

    public static void runPhase(TestDatabase db, Plan plan, Phase phase) {
        for (Step step : plan.steps()) {
            if (step.phase() == phase) {
                run(db, step);
            }
        }
    }

    public static void run(TestDatabase db, Step step) {
        try (Connection c = db.connect()) {
            switch (step) {
                case DdlStep ddl -> runDdl(c, ddl.sql(), ddl.transactional());
                case BackfillStep b -> runBackfill(c, b, 50);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("step " + step.id() + " (" + step.summary() + ") failed: " + e.getMessage(), e);
        }
    }

    /** Runs statements (e.g. a step's inverse). */
    public static void runDdl(TestDatabase db, List<String> statements, boolean transactional) {
        try (Connection c = db.connect()) {
            runDdl(c, statements, transactional);
        } catch (SQLException e) {
            throw new IllegalStateException("statements failed: " + e.getMessage() + "\n" + String.join(";\n", statements), e);
        }
    }

    private static void runDdl(Connection c, List<String> statements, boolean transactional) throws SQLException {
        c.setAutoCommit(!transactional);
        try (var st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
        if (transactional) {
            c.commit();
        }
    }

    private static void runBackfill(Connection c, BackfillStep b, int batchSize) throws SQLException {
        c.setAutoCommit(true);
        String table = Identifiers.qualified(b.table());
        String keyList = b.key().stream().map(Identifiers::quote).collect(Collectors.joining(", "));
        if (!(b.batch() instanceof BackfillStep.Batch.Assign assign)) {
            var archive = (BackfillStep.Batch.Archive) b.batch();
            String columns = keyList + ", " + Identifiers.quote(archive.column());
            try (var st = c.createStatement()) {
                st.execute("INSERT INTO " + Identifiers.qualified(archive.archive()) + " (" + columns + ") SELECT " + columns
                        + " FROM " + table + " ON CONFLICT DO NOTHING");
            }
            return;
        }
        String set = assign.assignments().stream()
                .map(a -> Identifiers.quote(a.column()) + " = (" + a.expression() + ")")
                .collect(Collectors.joining(", "));
        List<Object> last = null;
        while (true) {
            String lower = last == null ? "TRUE" : "(" + keyList + ") > (" + "?, ".repeat(b.key().size() - 1) + "?)";
            String select = "SELECT " + keyList + " FROM " + table + " WHERE " + lower + " ORDER BY " + keyList + " LIMIT " + batchSize;
            List<List<Object>> keys = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(select)) {
                if (last != null) {
                    for (int i = 0; i < last.size(); i++) {
                        ps.setObject(i + 1, last.get(i));
                    }
                }
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        List<Object> key = new ArrayList<>();
                        for (int i = 1; i <= b.key().size(); i++) {
                            key.add(rs.getObject(i));
                        }
                        keys.add(key);
                    }
                }
            }
            if (keys.isEmpty()) {
                return;
            }
            String match = "(" + keyList + ") = (" + "?, ".repeat(b.key().size() - 1) + "?)";
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET " + set + " WHERE " + match + " AND (" + assign.pending() + ")")) {
                for (List<Object> key : keys) {
                    for (int i = 0; i < key.size(); i++) {
                        ps.setObject(i + 1, key.get(i));
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            last = keys.get(keys.size() - 1);
        }
    }
}
