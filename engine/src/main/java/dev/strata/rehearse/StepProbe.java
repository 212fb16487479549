package dev.strata.rehearse;

import dev.strata.connect.ConnectionSettings;
import dev.strata.diagnostics.StrataException;
import dev.strata.execute.StepListener;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.plan.BackfillStep;
import dev.strata.plan.DdlStep;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockMode;
import dev.strata.plan.LockTarget;
import dev.strata.plan.Step;
import dev.strata.sql.Identifiers;
import org.postgresql.PGConnection;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures each step a rehearsal runs; attach it to the {@link dev.strata.execute.Executor} with
 * {@code withListener(probe)}. On a session of its own it
 * <ul>
 *   <li>samples {@code pg_locks} of the executor's backend every {@code sampleEvery} while a step runs (from
 *       {@link #beforeStep} to {@link #afterStep}): the granted table-level locks on relations the application can see
 *       (not the system catalogs', not Strata's own state tables, and not relations the step created and has not
 *       committed yet, which nobody else can see either), merged into continuous holds ({@link HoldTimeline}); and
 *       the stretches during which it held or waited for a lock that blocks writes on a relation, the longest of
 *       which is {@link StepMeasurement#longestBlockingHold()};</li>
 *   <li>reads before and after the step {@code pg_current_wal_insert_lsn()} (WAL written, by the whole server: the
 *       workload's and Strata's bookkeeping included), and for the relations the step locks (its plan annotations)
 *       {@code pg_table_size}, {@code pg_indexes_size} and {@code relfilenode} (a new one: the table was rewritten).</li>
 * </ul>
 * What the workload saw during each step is asked of it when {@link #measurements()} is called, so a pgbench workload
 * should be closed first (its log is complete only then).
 *
 * <p>What it cannot see: a lock held for less than the sampling period may be missed, every hold is known only to
 * about one period either way, and a release shorter than the period (between two batches of a backfill) is not seen,
 * so holds on either side of it count as one; the scratch database's traffic is the workload's alone, so a step's own lock waits
 * there are short and say nothing of the waits production's long transactions would cause; sizes of the partitions
 * of a partitioned table are not added up (its own size is zero).
 */
public final class StepProbe implements StepListener, AutoCloseable {

    static final String MARKER = "strata rehearse probe";

    /** A sampling period that sees holds of a few milliseconds at a small cost (one pg_locks look per period). */
    public static final Duration DEFAULT_SAMPLE_EVERY = Duration.ofMillis(5);

    private static final String LOCKS = """
            SELECT n.nspname, c.relname, l.mode, l.granted
            FROM pg_locks l
            JOIN pg_class c ON c.oid = l.relation
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE l.pid = ? AND l.locktype = 'relation'
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND n.nspname <> ALL (?) AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
            """;
    private static final String RELATIONS = """
            SELECT c.oid, c.relkind, c.relfilenode, pg_table_size(c.oid), pg_indexes_size(c.oid),
                   coalesce(i.indrelid, 0)
            FROM pg_class c LEFT JOIN pg_index i ON i.indexrelid = c.oid
            WHERE c.oid = ANY (?)
            """;
    private static final String[] HIDDEN_SCHEMAS = {"pg_catalog", "information_schema", Schema.STATE};

    private final ConnectionSettings settings;
    private final Connection session;
    private final int pid;
    private final Workload workload;
    private final Duration sampleEvery;
    private final List<Ran> ran = new ArrayList<>();
    private Optional<Running> running = Optional.empty();
    private boolean firstStep = true;

    private StepProbe(ConnectionSettings settings, Connection session, int pid, Workload workload, Duration sampleEvery) {
        this.settings = settings;
        this.session = session;
        this.pid = pid;
        this.workload = workload;
        this.sampleEvery = sampleEvery;
    }

    /**
     * @param executorConnection the connection the executor will run the plan on (its backend is the one watched)
     * @param sampleEvery        how often to sample pg_locks while a step runs; a few milliseconds
     * @throws StrataException when the probe's own session cannot be opened or the backend not known
     */
    public static StepProbe attach(ConnectionSettings scratch, Connection executorConnection, Workload workload,
            Duration sampleEvery) {
        if (sampleEvery.isNegative() || sampleEvery.isZero()) {
            throw new IllegalArgumentException("the sampling period must be positive: " + sampleEvery);
        }
        int pid;
        try {
            pid = executorConnection.isWrapperFor(PGConnection.class)
                    ? executorConnection.unwrap(PGConnection.class).getBackendPID() : backendPid(executorConnection);
        } catch (SQLException e) {
            throw new StrataException("cannot tell the rehearsal's backend: " + Sessions.firstLine(e, scratch), e);
        }
        Connection session = Sessions.open(scratch, MARKER);
        try (Statement st = session.createStatement()) {
            st.execute("SET statement_timeout = '5s'");
        } catch (SQLException e) {
            Sessions.closeQuietly(session);
            throw new StrataException("the rehearsal's probe session: " + Sessions.firstLine(e, scratch), e);
        }
        return new StepProbe(scratch, session, pid, workload, sampleEvery);
    }

    private static int backendPid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** A lock mode on a relation. */
    record Held(QualifiedName relation, LockMode mode) {}

    /** What was read about one relation at one moment. */
    record Relation(long oid, char kind, long fileNode, long tableBytes, long indexBytes, long tableOid) {}

    /** Before a step: where WAL was, the relations it locks. */
    private record Before(long lsn, Map<QualifiedName, Long> oids, Map<Long, Relation> relations) {}

    /** A step being measured. */
    private final class Running {
        final Step step;
        final Before before;
        final long startNanos;
        final Instant startedAt;
        final HoldTimeline<Held> holds;
        final HoldTimeline<QualifiedName> blocking;
        final Thread sampler;
        volatile boolean stop;

        Running(Step step, Before before) {
            this.step = step;
            this.before = before;
            this.startNanos = System.nanoTime();
            this.startedAt = RehearsalClock.at(startNanos);
            this.holds = new HoldTimeline<>(startNanos);
            this.blocking = new HoldTimeline<>(startNanos);
            this.sampler = new Thread(this::sample, "strata-rehearse-locks");
            this.sampler.setDaemon(true);
        }

        private void sample() {
            long period = sampleEvery.toNanos();
            long next = System.nanoTime();
            Optional<PreparedStatement> query = prepareLocks();
            while (!stop && query.isPresent()) {
                long sent = System.nanoTime();
                Optional<Sample> seen = locks(query.get());
                long at = sent + (System.nanoTime() - sent) / 2;
                seen.ifPresent(sample -> {
                    holds.sample(at, sample.held());
                    blocking.sample(at, sample.blocking());
                });
                next += period;
                long now = System.nanoTime();
                if (next < now) {
                    next = now;
                }
                while (!stop && next - System.nanoTime() > 0) {
                    LockSupport.parkNanos(next - System.nanoTime());
                }
            }
            query.ifPresent(ps -> {
                try {
                    ps.close();
                } catch (SQLException ignored) {
                    // The session's own statement: closing it cannot fail in a way that matters.
                }
            });
        }

        void finish() {
            stop = true;
            LockSupport.unpark(sampler);
            try {
                sampler.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A step measured, before the workload's view of it is added. */
    private record Ran(Step step, Instant from, Instant to, List<HeldLock> locks, Duration longestBlockingHold,
            long walBytes, long tableGrowth, long indexGrowth, boolean rewritten) {}

    @Override
    public synchronized void beforeStep(Step step) {
        // A step that failed never reached afterStep: its sampling stops here, and it is not measured.
        running.ifPresent(Running::finish);
        running = Optional.empty();
        Before before = readBefore(step);
        Running r = new Running(step, before);
        if (firstStep) {
            firstStep = false;
            workload.firstStepAt(r.startedAt);
        }
        running = Optional.of(r);
        r.sampler.start();
    }

    @Override
    public synchronized void afterStep(Step step) {
        if (running.isEmpty() || running.get().step != step) {
            return;
        }
        Running r = running.get();
        running = Optional.empty();
        long endNanos = System.nanoTime();
        r.finish();
        Map<Held, Duration> holds = r.holds.finish(endNanos);
        Duration blocking = r.blocking.finish(endNanos).values().stream().max(Comparator.naturalOrder())
                .orElse(Duration.ZERO);
        List<HeldLock> locks = holds.entrySet().stream()
                .map(e -> new HeldLock(e.getKey().relation(), e.getKey().mode(), e.getValue()))
                .sorted(Comparator.comparing(HeldLock::relation).thenComparing(HeldLock::mode))
                .toList();
        try {
            long lsn = currentLsn();
            Map<Long, Relation> after = relations(allOids(r.before.oids(), targets(step)));
            Growth growth = growth(r.before.relations(), after);
            ran.add(new Ran(step, r.startedAt, RehearsalClock.at(endNanos), locks, blocking, lsn - r.before.lsn(),
                    growth.table(), growth.index(), growth.rewritten()));
        } catch (SQLException e) {
            throw new StrataException("rehearsal: cannot measure step " + step.id() + " after it ran: "
                    + Sessions.firstLine(e, settings), e);
        }
    }

    /** Every step measured so far, in the order they ran, with what the workload saw during each. */
    public synchronized List<StepMeasurement> measurements() {
        List<StepMeasurement> out = new ArrayList<>();
        for (Ran r : ran) {
            WorkloadWindow window = workload.window(r.from(), r.to());
            out.add(new StepMeasurement(r.step().id(), r.step().phase(), r.step().summary(),
                    Duration.between(r.from(), r.to()), r.locks(), r.longestBlockingHold(), window.waitBeyondBaseline(),
                    r.walBytes(), r.tableGrowth(), r.indexGrowth(), r.rewritten(), window.statements(), window.failures()));
        }
        return List.copyOf(out);
    }

    @Override
    public synchronized void close() {
        running.ifPresent(Running::finish);
        running = Optional.empty();
        Sessions.closeQuietly(session);
    }

    /** The relations the plan says the step locks (types are not relations). */
    static Set<QualifiedName> targets(Step step) {
        List<LockHold> locks = switch (step) {
            case DdlStep d -> d.locks();
            case BackfillStep b -> b.locks();
        };
        Set<QualifiedName> names = new LinkedHashSet<>();
        for (LockHold hold : locks) {
            if (hold.target() instanceof LockTarget.Relation r) {
                names.add(r.name());
            }
        }
        return names;
    }

    private Before readBefore(Step step) {
        try {
            long lsn = currentLsn();
            Map<QualifiedName, Long> oids = oids(targets(step));
            return new Before(lsn, oids, relations(Set.copyOf(oids.values())));
        } catch (SQLException e) {
            throw new StrataException("rehearsal: cannot measure step " + step.id() + " before it runs: "
                    + Sessions.firstLine(e, settings), e);
        }
    }

    /** The oids of the relations the step locked before, and of those it names that exist only now. */
    private Set<Long> allOids(Map<QualifiedName, Long> before, Set<QualifiedName> names) throws SQLException {
        Set<Long> oids = new HashSet<>(before.values());
        Set<QualifiedName> missing = new LinkedHashSet<>(names);
        missing.removeAll(before.keySet());
        oids.addAll(oids(missing).values());
        return oids;
    }

    /**
     * Where WAL is being inserted: the write position ({@code pg_current_wal_lsn}) lags behind it by whatever sits in
     * the WAL buffers (without synchronous commit, up to the WAL writer's next round), which made a step's WAL show up
     * in the next step's figure or not at all.
     */
    private long currentLsn() throws SQLException {
        try (Statement st = session.createStatement();
                ResultSet rs = st.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
            rs.next();
            return lsn(rs.getString(1));
        }
    }

    /** {@code 16/B374D848}: the high and low 32 bits of a WAL position, in hex. */
    static long lsn(String text) {
        int slash = text.indexOf('/');
        return (Long.parseLong(text.substring(0, slash), 16) << 32) | Long.parseLong(text.substring(slash + 1), 16);
    }

    private Map<QualifiedName, Long> oids(Set<QualifiedName> names) throws SQLException {
        Map<QualifiedName, Long> oids = new HashMap<>();
        try (PreparedStatement ps = session.prepareStatement("SELECT to_regclass(?)::oid")) {
            for (QualifiedName name : names) {
                ps.setString(1, Identifiers.qualified(name));
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getObject(1) != null) {
                        oids.put(name, rs.getLong(1));
                    }
                }
            }
        }
        return oids;
    }

    private Map<Long, Relation> relations(Set<Long> oids) throws SQLException {
        Map<Long, Relation> found = new HashMap<>();
        if (oids.isEmpty()) {
            return found;
        }
        try (PreparedStatement ps = session.prepareStatement(RELATIONS)) {
            Array array = session.createArrayOf("oid", oids.toArray());
            ps.setArray(1, array);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getLong(1), new Relation(rs.getLong(1), rs.getString(2).charAt(0), rs.getLong(3),
                            rs.getLong(4), rs.getLong(5), rs.getLong(6)));
                }
            }
        }
        return found;
    }

    record Growth(long table, long index, boolean rewritten) {}

    /**
     * Table growth: the tables' (and materialized views') pg_table_size; index growth: their pg_indexes_size, plus the
     * size of an index the step locks whose table it does not lock (that table's indexes are not otherwise counted).
     * A relation that exists on one side only counts as size zero on the other. Rewritten: a table kept its oid but
     * got a new relfilenode.
     */
    static Growth growth(Map<Long, Relation> before, Map<Long, Relation> after) {
        Set<Long> all = new HashSet<>(before.keySet());
        all.addAll(after.keySet());
        Set<Long> tables = new HashSet<>();
        for (long oid : all) {
            Relation r = Optional.ofNullable(after.get(oid)).orElse(before.get(oid));
            if (r.kind() != 'i' && r.kind() != 'I') {
                tables.add(oid);
            }
        }
        long table = 0;
        long index = 0;
        boolean rewritten = false;
        for (long oid : all) {
            Optional<Relation> was = Optional.ofNullable(before.get(oid));
            Optional<Relation> is = Optional.ofNullable(after.get(oid));
            Relation r = is.or(() -> was).orElseThrow();
            if (tables.contains(oid)) {
                table += is.map(Relation::tableBytes).orElse(0L) - was.map(Relation::tableBytes).orElse(0L);
                index += is.map(Relation::indexBytes).orElse(0L) - was.map(Relation::indexBytes).orElse(0L);
                rewritten |= was.isPresent() && is.isPresent() && was.get().fileNode() != 0
                        && was.get().fileNode() != is.get().fileNode();
            } else if (!tables.contains(r.tableOid())) {
                index += is.map(Relation::tableBytes).orElse(0L) - was.map(Relation::tableBytes).orElse(0L);
            }
        }
        return new Growth(table, index, rewritten);
    }

    /**
     * What one look at pg_locks saw: the locks the executor's backend holds, and the relations on which it holds or
     * waits for a lock that blocks writes (traffic queues behind a waiting request too: a later request that conflicts
     * with it waits for it, not only for the holder).
     */
    record Sample(Set<Held> held, Set<QualifiedName> blocking) {}

    private Optional<PreparedStatement> prepareLocks() {
        try {
            PreparedStatement ps = session.prepareStatement(LOCKS);
            ps.setInt(1, pid);
            ps.setArray(2, session.createArrayOf("text", HIDDEN_SCHEMAS));
            return Optional.of(ps);
        } catch (SQLException e) {
            // Without the query the step goes unwatched; its other figures are still read.
            return Optional.empty();
        }
    }

    /** The relation locks of the executor's backend right now; empty when the look failed. */
    private static Optional<Sample> locks(PreparedStatement query) {
        Set<Held> held = new HashSet<>();
        Set<QualifiedName> blocking = new HashSet<>();
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                QualifiedName name = QualifiedName.of(rs.getString(1), rs.getString(2));
                boolean granted = rs.getBoolean(4);
                mode(rs.getString(3)).ifPresent(m -> {
                    if (granted) {
                        held.add(new Held(name, m));
                    }
                    if (m.blocksWrites()) {
                        blocking.add(name);
                    }
                });
            }
            return Optional.of(new Sample(held, blocking));
        } catch (SQLException | RuntimeException e) {
            // A failed look only leaves a gap in what is known; the step itself is unaffected.
            return Optional.empty();
        }
    }

    /** {@code ShareUpdateExclusiveLock} → SHARE_UPDATE_EXCLUSIVE; other kinds of lock (SIReadLock) are not table locks. */
    static Optional<LockMode> mode(String pgLocksMode) {
        if (!pgLocksMode.endsWith("Lock")) {
            return Optional.empty();
        }
        String words = pgLocksMode.substring(0, pgLocksMode.length() - 4).replaceAll("([a-z])([A-Z])", "$1_$2")
                .toUpperCase(java.util.Locale.ROOT);
        for (LockMode mode : LockMode.values()) {
            if (mode.name().equals(words)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
