package dev.strata.rehearse;

import dev.strata.connect.ConnectionSettings;
import dev.strata.model.Catalog;
import dev.strata.model.QualifiedName;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Application traffic on the scratch database while a rehearsal runs the plan, recording every statement's start and
 * end and whether it failed, so {@link StepProbe} can say what the application went through during each step.
 *
 * <ul>
 *   <li>{@link #synthetic}: the OLD application (the schema before the plan) on the touched tables, on a few threads
 *       with their own connections and server-prepared statements ({@link TableShape} says which statements and what
 *       it leaves out);</li>
 *   <li>{@link #pgbench}: the user's own script, run by the {@code pgbench} binary ({@link PgbenchWorkload});</li>
 *   <li>{@link #none}: no traffic; every window is empty.</li>
 * </ul>
 * A statement that fails is counted, never fatal: the old application breaking mid-migration is a finding
 * ({@link #failureMessages()} says how it broke).
 *
 * <p>The baseline a window reports is the median latency of the statements that ended before the rehearsal's first
 * step began ({@link #firstStepAt}, which the probe calls at its first step), so start the workload a moment before
 * the plan; without any such statement it is the median over the whole run.
 */
public final class Workload implements AutoCloseable {

    /** How a workload makes its traffic. */
    interface Driver extends AutoCloseable {
        void start();

        /** Stops the traffic; statements cut short by it are not recorded. */
        @Override
        void close();

        /** What the workload leaves out, for the report. */
        List<String> notes();

        /** Brings the statement log up to date (pgbench writes its own log, read on demand). */
        default void refresh() {}
    }

    private final Driver driver;
    private final StatementLog log;
    private final String description;
    private boolean started;
    private boolean closed;

    private Workload(Driver driver, StatementLog log, String description) {
        this.driver = driver;
        this.log = log;
        this.description = description;
    }

    /**
     * The old application: SELECT, UPDATE and (where a valid row can be made) INSERT by key on the given tables of the
     * CURRENT schema, at {@code transactionsPerSecond} in all, each statement its own transaction. Keys of existing
     * rows are sampled once at {@link #start}. Deterministic choice of statements for a seed (not their timing).
     */
    public static Workload synthetic(ConnectionSettings scratch, Catalog current, Set<QualifiedName> tables,
            double transactionsPerSecond, long seed) {
        StatementLog log = new StatementLog();
        SyntheticWorkload driver = new SyntheticWorkload(scratch, current, tables, transactionsPerSecond, seed, log);
        return new Workload(driver, log, "synthetic workload at " + rate(transactionsPerSecond) + " statements/s on "
                + tables.size() + " table(s)");
    }

    /**
     * The user's pgbench script ({@code -f script -R tps}), run by pgbench from PATH or {@code STRATA_PGBENCH}.
     *
     * @throws dev.strata.diagnostics.StrataException with one line when pgbench or the script cannot be found
     */
    public static Workload pgbench(ConnectionSettings scratch, Path script, double transactionsPerSecond) {
        return pgbench(scratch, script, transactionsPerSecond, System.getenv());
    }

    static Workload pgbench(ConnectionSettings scratch, Path script, double transactionsPerSecond,
            Map<String, String> environment) {
        StatementLog log = new StatementLog();
        PgbenchWorkload driver = PgbenchWorkload.prepare(scratch, script, transactionsPerSecond, environment, log);
        return new Workload(driver, log, "pgbench " + script.getFileName() + " at " + rate(transactionsPerSecond)
                + " transactions/s");
    }

    public static Workload none() {
        return new Workload(new Driver() {
            @Override
            public void start() {}

            @Override
            public void close() {}

            @Override
            public List<String> notes() {
                return List.of();
            }
        }, new StatementLog(), "no workload");
    }

    /** Starts the traffic (once; later calls do nothing). */
    public synchronized void start() {
        if (!started && !closed) {
            started = true;
            driver.start();
        }
    }

    /** What the workload saw between two instants (statements still running count as lasting until now). */
    public WorkloadWindow window(Instant from, Instant to) {
        driver.refresh();
        return log.window(StatementLog.nanos(from), StatementLog.nanos(to), RehearsalClock.epochNanos(RehearsalClock.now()));
    }

    /** The rehearsal's first step begins: statements that ended before it make the baseline. Only the first call counts. */
    public void firstStepAt(Instant at) {
        log.firstStepAt(StatementLog.nanos(at));
    }

    /** Statements run so far. */
    public long statements() {
        return log.statements();
    }

    /** How statements failed, the first few distinct messages in order of appearance, each as "count × message". */
    public List<String> failureMessages() {
        return log.failureLines();
    }

    /** What the workload leaves out (tables without a key, tables it cannot insert into), for the report. */
    public List<String> notes() {
        return driver.notes();
    }

    /** One line saying what the workload is. */
    public String description() {
        return description;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            driver.close();
        }
    }

    private static String rate(double perSecond) {
        return perSecond == Math.rint(perSecond) ? String.valueOf((long) perSecond) : String.valueOf(perSecond);
    }
}
