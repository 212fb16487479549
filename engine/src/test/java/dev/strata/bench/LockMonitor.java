package dev.strata.bench;

import dev.strata.testing.TestDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;

/**
 * Samples, every {@code periodMillis} from its own connection, (1) which locks that block reads or
 * writes the migration's sessions hold on the table and (2) how long the longest workload statement
 * currently waiting on a lock has been running, split by what it waits for: a table lock (queued
 * behind DDL) or a row (a backfill batch holding the row until it commits). A hold counts from the first sample that saw it to the
 * first sample that did not, so it is overestimated by up to one period; a hold shorter than one
 * period may go unseen.
 */
final class LockMonitor {

    private static final String SAMPLE = """
            SELECT (SELECT string_agg(DISTINCT l.mode, ',')
                      FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
                     WHERE l.locktype = 'relation' AND l.relation = ?::regclass AND l.granted
                       AND l.mode IN ('AccessExclusiveLock', 'ExclusiveLock', 'ShareRowExclusiveLock', 'ShareLock')
                       AND a.application_name = ?),
                   (SELECT coalesce(max(extract(epoch FROM clock_timestamp() - a.query_start)) * 1000, 0)
                      FROM pg_catalog.pg_stat_activity a
                     WHERE a.wait_event_type = 'Lock' AND a.wait_event = 'relation' AND a.state = 'active'
                       AND a.application_name = ?),
                   (SELECT coalesce(max(extract(epoch FROM clock_timestamp() - a.query_start)) * 1000, 0)
                      FROM pg_catalog.pg_stat_activity a
                     WHERE a.wait_event_type = 'Lock' AND a.wait_event <> 'relation' AND a.state = 'active'
                       AND a.application_name = ?)
            """;

    /** What one monitored interval showed. */
    record Result(long samples, double meanPeriodMillis, double longestHoldMillis, String modes,
            double longestTableWaitMillis, double longestRowWaitMillis) {}

    private final TestDatabase db;
    private final String table;
    private final String migrationApplication;
    private final long periodNanos;
    private Thread thread;
    private volatile boolean stop;
    private Result result;

    LockMonitor(TestDatabase db, String table, String migrationApplication, int periodMillis) {
        this.db = db;
        this.table = table;
        this.migrationApplication = migrationApplication;
        this.periodNanos = periodMillis * 1_000_000L;
    }

    void start() {
        thread = Thread.ofPlatform().daemon().name("bench-lock-monitor").start(this::loop);
    }

    Result stop() {
        stop = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return result;
    }

    private void loop() {
        long samples = 0;
        long begin = System.nanoTime();
        long holdStart = -1;
        long longestHold = 0;
        double longestTableWait = 0;
        double longestRowWait = 0;
        TreeSet<String> modes = new TreeSet<>();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(SAMPLE)) {
            c.setClientInfo("ApplicationName", "strata bench monitor");
            ps.setString(1, table);
            ps.setString(2, migrationApplication);
            ps.setString(3, Workload.APPLICATION);
            ps.setString(4, Workload.APPLICATION);
            long next = System.nanoTime();
            while (!stop) {
                long now = System.nanoTime();
                String held;

                try (var rs = ps.executeQuery()) {
                    rs.next();
                    held = rs.getString(1);
                    longestTableWait = Math.max(longestTableWait, rs.getDouble(2));
                    longestRowWait = Math.max(longestRowWait, rs.getDouble(3));
                }
                samples++;
                if (held != null) {
                    modes.addAll(java.util.List.of(held.split(",")));
                    if (holdStart < 0) {
                        holdStart = now;
                    }
                } else if (holdStart >= 0) {
                    longestHold = Math.max(longestHold, now - holdStart);
                    holdStart = -1;
                }
                next += periodNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                } else {
                    next = System.nanoTime();
                }
            }
            if (holdStart >= 0) {
                longestHold = Math.max(longestHold, System.nanoTime() - holdStart);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("lock monitor failed: " + e.getMessage(), e);
        }
        double elapsed = (System.nanoTime() - begin) / 1e6;
        result = new Result(samples, samples == 0 ? 0 : elapsed / samples, longestHold / 1e6,
                modes.isEmpty() ? "none" : String.join(", ", modes), longestTableWait, longestRowWait);
    }
}
