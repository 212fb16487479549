package dev.strata.bench;

import dev.strata.testing.TestDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop write workload: each thread issues single-row UPDATEs (80 %) and INSERTs (20 %) on
 * a fixed schedule, whatever happened to earlier statements. A statement's latency counts from
 * the time it was scheduled, not from when it was sent, so a thread stuck behind a lock is charged
 * for every statement it could not send meanwhile (no coordinated omission).
 */
final class Workload {

    static final String APPLICATION = "strata bench workload";

    /** One statement: when it was due (System.nanoTime), how long until it completed, whether it failed. */
    record Sample(long scheduledNanos, long latencyNanos, boolean failed) {}

    private final TestDatabase db;
    private final int threads;
    private final double ratePerSecond;
    private final long maxId;
    private final List<Thread> running = new ArrayList<>();
    private final List<List<Sample>> results = new ArrayList<>();
    private volatile boolean stop;

    Workload(TestDatabase db, int threads, double ratePerSecond, long maxId) {
        this.db = db;
        this.threads = threads;
        this.ratePerSecond = ratePerSecond;
        this.maxId = maxId;
    }

    void start() {
        long interval = (long) (threads * 1e9 / ratePerSecond);
        long origin = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            List<Sample> samples = new ArrayList<>();
            results.add(samples);
            long first = origin + i * interval / threads;
            int seed = i;
            Thread t = Thread.ofPlatform().daemon().name("bench-workload-" + i).start(() -> loop(first, interval, seed, samples));
            running.add(t);
        }
    }

    /** Stops the threads and returns every sample, in no particular order. */
    List<Sample> stop() {
        stop = true;
        List<Sample> all = new ArrayList<>();
        for (int i = 0; i < running.size(); i++) {
            try {
                running.get(i).join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            all.addAll(results.get(i));
        }
        return all;
    }

    private void loop(long first, long interval, int seed, List<Sample> samples) {
        SplittableRandom random = new SplittableRandom(seed);
        try (Connection c = db.connect();
                PreparedStatement update = c.prepareStatement(
                        "UPDATE accounts SET amount = amount + 1, updated_at = now() WHERE id = ?");
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO accounts (amount, note, updated_at) VALUES (?, ?, now())")) {
            c.setClientInfo("ApplicationName", APPLICATION);
            long due = first;
            while (!stop) {
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                boolean failed = false;
                try {
                    if (random.nextInt(5) == 0) {
                        insert.setInt(1, random.nextInt(100_000));
                        insert.setString(2, "inserted by the workload");
                        insert.executeUpdate();
                    } else {
                        update.setLong(1, 1 + random.nextLong(maxId));
                        update.executeUpdate();
                    }
                } catch (SQLException e) {
                    failed = true;
                }
                samples.add(new Sample(due, System.nanoTime() - due, failed));
                due += interval;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("workload connection failed: " + e.getMessage(), e);
        }
    }
}
