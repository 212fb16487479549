package dev.strata.rehearse;

import dev.strata.connect.ConnectionSettings;
import dev.strata.model.Catalog;
import dev.strata.model.QualifiedName;
import org.postgresql.PGConnection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The old application on a few threads, each with its own connection. Each thread runs its share of the rate on a
 * fixed schedule; a thread held up by a lock does not make up for the statements it missed afterwards (that burst
 * would be traffic no application sends), it resumes the schedule from where it is. Statements are prepared on the
 * server from their first execution, as a connection pool's statement cache does, so a plan that changes what a
 * prepared statement reads shows up as the old application's failures.
 */
final class SyntheticWorkload implements Workload.Driver {

    static final String MARKER = "strata rehearse workload";
    private static final int KEYS_SAMPLED = 1000;
    private static final int MAX_THREADS = 4;
    /** Statements per second one thread is given before a second thread is added. */
    private static final double RATE_PER_THREAD = 10;

    private final ConnectionSettings settings;
    private final List<TableShape> shapes;
    private final double rate;
    private final long seed;
    private final StatementLog log;
    private final List<String> notes = new ArrayList<>();
    private final List<Runner> runners = new ArrayList<>();
    private volatile boolean running;

    SyntheticWorkload(ConnectionSettings settings, Catalog current, Set<QualifiedName> tables, double rate, long seed,
            StatementLog log) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("the workload's rate must be a positive number of statements per second: " + rate);
        }
        this.settings = settings;
        this.shapes = new TreeSet<>(tables).stream().map(t -> TableShape.of(t, current.table(t))).toList();
        this.rate = rate;
        this.seed = seed;
        this.log = log;
        shapes.forEach(s -> notes.addAll(s.notes()));
    }

    /** One table with the keys of some of its rows. */
    private record Target(TableShape shape, List<String[]> keys) {}

    @Override
    public synchronized void start() {
        List<Target> targets = new ArrayList<>();
        Connection first = open();
        try {
            for (TableShape shape : shapes) {
                if (!shape.runs()) {
                    continue;
                }
                List<String[]> keys = sampleKeys(first, shape);
                if (keys.isEmpty()) {
                    notes.add(shape.table() + " has no rows: no workload on it");
                } else {
                    targets.add(new Target(shape, keys));
                }
            }
        } catch (SQLException e) {
            Sessions.closeQuietly(first);
            throw new dev.strata.diagnostics.StrataException("the workload cannot read keys to use: "
                    + Sessions.firstLine(e, settings), e);
        }
        if (targets.isEmpty()) {
            Sessions.closeQuietly(first);
            return;
        }
        int threads = (int) Math.clamp((long) Math.ceil(rate / RATE_PER_THREAD), 1, MAX_THREADS);
        long interval = (long) (threads * 1e9 / rate);
        List<Connection> connections = new ArrayList<>(List.of(first));
        try {
            while (connections.size() < threads) {
                connections.add(open());
            }
        } catch (RuntimeException e) {
            connections.forEach(Sessions::closeQuietly);
            throw e;
        }
        running = true;
        for (int i = 0; i < threads; i++) {
            runners.add(new Runner(i, connections.get(i), targets, new Random(seed + i), interval, interval * i / threads));
        }
        log.runningFrom(() -> runners.stream().mapToLong(r -> r.inFlightSince).filter(s -> s != 0).boxed().toList());
        for (Runner runner : runners) {
            runner.thread.start();
        }
    }

    /** A session of the workload, whose statements are prepared on the server from their first execution. */
    private Connection open() {
        Connection connection = Sessions.open(settings, MARKER);
        try {
            connection.unwrap(PGConnection.class).setPrepareThreshold(1);
            return connection;
        } catch (SQLException e) {
            Sessions.closeQuietly(connection);
            throw new dev.strata.diagnostics.StrataException("the workload's session: " + Sessions.firstLine(e, settings), e);
        }
    }

    /**
     * Up to {@value #KEYS_SAMPLED} keys, from a TABLESAMPLE of about twice that many rows' pages (a small table is
     * read whole), so a large table is not scanned before the rehearsal starts.
     */
    private static List<String[]> sampleKeys(Connection c, TableShape shape) throws SQLException {
        double rows;
        try (PreparedStatement ps = c.prepareStatement("SELECT reltuples FROM pg_class WHERE oid = ?::regclass")) {
            ps.setString(1, dev.strata.sql.Identifiers.qualified(shape.table()));
            try (ResultSet rs = ps.executeQuery()) {
                rows = rs.next() ? rs.getDouble(1) : -1;
            }
        }
        List<String[]> keys = new ArrayList<>();
        if (rows > 20 * KEYS_SAMPLED) {
            keys = keys(c, shape.sampleKeys(Math.min(100, 100.0 * 2 * KEYS_SAMPLED / rows), KEYS_SAMPLED), shape);
        }
        return keys.isEmpty() ? keys(c, shape.firstKeys(KEYS_SAMPLED), shape) : keys;
    }

    private static List<String[]> keys(Connection c, String sql, TableShape shape) throws SQLException {
        List<String[]> keys = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                String[] key = new String[shape.key().size()];
                for (int i = 0; i < key.length; i++) {
                    key[i] = rs.getString(i + 1);
                }
                keys.add(key);
            }
        }
        return keys;
    }

    @Override
    public void close() {
        List<Runner> stopping;
        synchronized (this) {
            running = false;
            stopping = List.copyOf(runners);
        }
        for (Runner runner : stopping) {
            runner.cancel();
        }
        for (Runner runner : stopping) {
            try {
                runner.thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Sessions.closeQuietly(runner.connection);
        }
    }

    @Override
    public synchronized List<String> notes() {
        return List.copyOf(notes);
    }

    private enum Kind { SELECT, UPDATE, INSERT }

    private final class Runner implements Runnable {
        private final Thread thread;
        private final List<Target> targets;
        private final Random random;
        private final long interval;
        private final long offset;
        private final Map<String, PreparedStatement> prepared = new HashMap<>();
        private volatile Connection connection;
        private volatile PreparedStatement current;
        /** Epoch nanoseconds at which the statement in flight started; 0 when none is. */
        volatile long inFlightSince;

        Runner(int index, Connection connection, List<Target> targets, Random random, long interval, long offset) {
            this.connection = connection;
            this.targets = targets;
            this.random = random;
            this.interval = interval;
            this.offset = offset;
            this.thread = new Thread(this, "strata-rehearse-workload-" + index);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            long next = System.nanoTime() + offset;
            while (running) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(Math.min(wait, 50_000_000L));
                    continue;
                }
                Target target = targets.get(random.nextInt(targets.size()));
                Kind kind = kind(target.shape());
                String[] key = target.keys().get(random.nextInt(target.keys().size()));
                execute(target.shape(), kind, key);
                next += interval;
                long now = System.nanoTime();
                if (next < now - interval) {
                    next = now;
                }
            }
        }

        /** Mostly reads, as applications do: 6 SELECT, 3 UPDATE, 1 INSERT in 10 where the table has them all. */
        private Kind kind(TableShape shape) {
            int draw = random.nextInt(10);
            if (draw >= 9 && shape.insert().isPresent()) {
                return Kind.INSERT;
            }
            if (draw >= 6 && shape.update().isPresent()) {
                return Kind.UPDATE;
            }
            return Kind.SELECT;
        }

        private void execute(TableShape shape, Kind kind, String[] key) {
            String sql = switch (kind) {
                case SELECT -> shape.select().orElseThrow();
                case UPDATE -> shape.update().orElseThrow();
                case INSERT -> shape.insert().orElseThrow();
            };
            long start = System.nanoTime();
            inFlightSince = RehearsalClock.epochNanos(RehearsalClock.at(start));
            Optional<String> failure = Optional.empty();
            try {
                PreparedStatement ps = statement(sql);
                for (int i = 0; i < key.length; i++) {
                    // Typed by the server from the column it is compared with, as the old application's own values are.
                    ps.setObject(i + 1, key[i], Types.OTHER);
                }
                current = ps;
                if (kind == Kind.SELECT) {
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            // Reading the row is part of the statement.
                        }
                    }
                } else {
                    ps.executeUpdate();
                }
            } catch (SQLException | RuntimeException e) {
                failure = Optional.of(kind + " " + shape.table() + ": " + (e instanceof SQLException s
                        ? Sessions.firstLine(s, settings) : settings.scrub(String.valueOf(e.getMessage()))));
                if (e instanceof SQLException s && broken(s)) {
                    reconnect();
                }
            } finally {
                current = null;
            }
            long end = System.nanoTime();
            inFlightSince = 0;
            if (running) {
                log.record(RehearsalClock.epochNanos(RehearsalClock.at(start)), RehearsalClock.epochNanos(RehearsalClock.at(end)),
                        failure);
            }
        }

        private PreparedStatement statement(String sql) throws SQLException {
            if (connection == null) {
                reconnect();
                if (connection == null) {
                    throw new SQLException("cannot reconnect to " + settings.redacted(), "08001");
                }
            }
            PreparedStatement ps = prepared.get(sql);
            if (ps == null) {
                ps = connection.prepareStatement(sql);
                prepared.put(sql, ps);
            }
            return ps;
        }

        private boolean broken(SQLException e) {
            try {
                return e.getSQLState() != null && e.getSQLState().startsWith("08") || connection == null
                        || connection.isClosed();
            } catch (SQLException closed) {
                return true;
            }
        }

        private void reconnect() {
            Sessions.closeQuietly(connection);
            connection = null;
            prepared.clear();
            if (!running) {
                return;
            }
            try {
                connection = open();
            } catch (RuntimeException e) {
                // Counted as the next statement's failure; the schedule goes on.
            }
        }

        void cancel() {
            PreparedStatement ps = current;
            if (ps != null) {
                try {
                    ps.cancel();
                } catch (SQLException ignored) {
                    // The statement ended meanwhile, or the connection is gone: nothing left to stop.
                }
            }
        }
    }
}
