package dev.strata.bench;

import dev.strata.execute.PhaseSelection;
import dev.strata.plan.Step;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * Measures what Strata's phased migration costs and what it spares the application, against the
 * one-statement way, on one PostgreSQL server. See docs/benchmarks.md for the command and results.
 *
 * <ol>
 *   <li>Backfill throughput: Strata's batched backfill of amount integer → bigint versus one
 *       {@code UPDATE} over a fresh copy of the same data, no concurrent load.</li>
 *   <li>Latency of a fixed-rate write workload: idle, during Strata's full migration, during the
 *       naive {@code ALTER COLUMN ... TYPE bigint}.</li>
 *   <li>The longest hold of a lock that blocks reads or writes by the migration, and the longest
 *       lock wait of a workload statement, during each migration.</li>
 * </ol>
 */
public final class MigrationBenchmark {

    private static final String NAIVE_APPLICATION = "strata bench naive";

    private MigrationBenchmark() {}

    record Options(long rows, int batchSize, double rate, int threads, int idleSeconds, int pgMajor, int samplePeriodMillis) {

        static Options parse(String[] args) {
            long rows = 1_000_000;
            int batch = 5_000;
            double rate = 200;
            int threads = 4;
            int idle = 10;
            int major = TestPostgres.NEWEST_MAJOR;
            int period = 2;
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : "";
                switch (args[i]) {
                    case "--rows" -> rows = Long.parseLong(value.replace("_", ""));
                    case "--batch-size" -> batch = Integer.parseInt(value);
                    case "--rate" -> rate = Double.parseDouble(value);
                    case "--threads" -> threads = Integer.parseInt(value);
                    case "--idle-seconds" -> idle = Integer.parseInt(value);
                    case "--pg" -> major = Integer.parseInt(value);
                    case "--sample-ms" -> period = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; options: --rows N --batch-size N --rate OPS_PER_S --threads N --idle-seconds S --pg 14|18 --sample-ms MS");
                }
                i++;
            }
            return new Options(rows, batch, rate, threads, idle, major, period);
        }
    }

    record Throughput(long rows, double seconds) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    record Migration(Latencies latencies, LockMonitor.Result locks, double seconds) {}

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Path desired = Accounts.desiredDirectory();
        log("creating %,d-row copies of accounts on PostgreSQL %d", o.rows(), o.pgMajor());

        Throughput strataBackfill;
        String pgVersion;
        List<String> planSteps;
        try (TestDatabase db = TestPostgres.newDatabase(o.pgMajor())) {
            pgVersion = db.query("SHOW server_version").get(0).get(0);
            Accounts.create(db, o.rows());
            StrataMigration m = new StrataMigration(db, desired, o.batchSize());
            planSteps = m.plan().steps().stream().map(MigrationBenchmark::describe).toList();
            m.run(PhaseSelection.EXPAND);
            long t0 = System.nanoTime();
            m.run(PhaseSelection.BACKFILL);
            long rows = m.filledRows();
            strataBackfill = new Throughput(rows, seconds(t0));
            log("strata backfill: %,d rows in %.1f s", rows, strataBackfill.seconds());
        }
        Throughput naiveUpdate;
        try (TestDatabase db = TestPostgres.newDatabase(o.pgMajor())) {
            Accounts.create(db, o.rows());
            db.execute("ALTER TABLE accounts ADD COLUMN amount_new bigint");
            long t0 = System.nanoTime();
            long rows = update(db, "UPDATE accounts SET amount_new = amount::bigint");
            naiveUpdate = new Throughput(rows, seconds(t0));
            log("single UPDATE: %,d rows in %.1f s", rows, naiveUpdate.seconds());
        }

        Latencies idle;
        Migration strata;
        Throughput strataUnderLoad;
        try (TestDatabase db = TestPostgres.newDatabase(o.pgMajor())) {
            Accounts.create(db, o.rows());
            StrataMigration m = new StrataMigration(db, desired, o.batchSize());
            Workload w = new Workload(db, o.threads(), o.rate(), o.rows());
            w.start();
            // The first second warms connections and prepared statements up; it is not counted.
            pause(1000);
            long idleStart = System.nanoTime();
            pause(o.idleSeconds() * 1000L);
            long idleEnd = System.nanoTime();
            LockMonitor monitor = new LockMonitor(db, "accounts", StrataMigration.APPLICATION, o.samplePeriodMillis());
            monitor.start();
            long start = System.nanoTime();
            m.run(PhaseSelection.EXPAND);
            long b0 = System.nanoTime();
            m.run(PhaseSelection.BACKFILL);
            strataUnderLoad = new Throughput(m.filledRows(), seconds(b0));
            m.run(PhaseSelection.CONTRACT);
            long end = System.nanoTime();
            LockMonitor.Result locks = monitor.stop();
            pause(500);
            List<Workload.Sample> samples = w.stop();
            idle = Latencies.of(window(samples, idleStart, idleEnd));
            strata = new Migration(Latencies.of(window(samples, start, end)), locks, (end - start) / 1e9);
            requireBigint(db);
            log("strata migration under load: %.1f s", strata.seconds());
        }
        Migration naive;
        try (TestDatabase db = TestPostgres.newDatabase(o.pgMajor())) {
            Accounts.create(db, o.rows());
            Workload w = new Workload(db, o.threads(), o.rate(), o.rows());
            w.start();
            pause(1000);
            LockMonitor monitor = new LockMonitor(db, "accounts", NAIVE_APPLICATION, o.samplePeriodMillis());
            monitor.start();
            long start = System.nanoTime();
            try (Connection c = db.connect(); var st = c.createStatement()) {
                c.setClientInfo("ApplicationName", NAIVE_APPLICATION);
                st.execute("ALTER TABLE accounts ALTER COLUMN amount TYPE bigint");
            }
            long end = System.nanoTime();
            LockMonitor.Result locks = monitor.stop();
            pause(500);
            List<Workload.Sample> samples = w.stop();
            naive = new Migration(Latencies.of(window(samples, start, end)), locks, (end - start) / 1e9);
            requireBigint(db);
            log("naive ALTER under load: %.1f s", naive.seconds());
        }

        System.out.println(Report.render(o, Machine.describe(), pgVersion, planSteps, strataBackfill, naiveUpdate,
                strataUnderLoad, idle, strata, naive));
    }

    private static String describe(Step step) {
        return step.id() + ": " + step.summary();
    }

    private static List<Workload.Sample> window(List<Workload.Sample> samples, long from, long to) {
        return samples.stream().filter(s -> s.scheduledNanos() >= from && s.scheduledNanos() < to).toList();
    }

    private static long update(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); var st = c.createStatement()) {
            return st.executeLargeUpdate(sql);
        }
    }

    private static void requireBigint(TestDatabase db) {
        String type = db.query("SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                + "WHERE attrelid = 'accounts'::regclass AND attname = 'amount'").get(0).get(0);
        if (!type.equals("bigint")) {
            throw new IllegalStateException("the migration did not make accounts.amount bigint: " + type);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void pause(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    static void log(String format, Object... args) {
        System.err.println("[bench] " + String.format(Locale.ROOT, format, args));
    }
}
