package dev.strata.compat;

import dev.strata.ddl.CreateDdl;
import dev.strata.execute.ApplyOptions;
import dev.strata.execute.ApplyResult;
import dev.strata.execute.Executor;
import dev.strata.execute.PhaseSelection;
import dev.strata.execute.PlanSource;
import dev.strata.execute.Progress;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.SchemaFiles;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs a {@link Scenario} on a fresh database: the old application version from the start until the read-switch
 * gate, the new one from the dual-write gate to the end, both writing all along, while the {@link Executor} applies
 * the plan phase by phase. Every statement's outcome is counted; every acknowledged write is checked at the end.
 *
 * <p>No wall-clock assertion bounds the blocking: application sessions run with {@code lock_timeout} set to Strata's
 * lock timeout plus a margin, so a statement a phase blocks for longer fails, and a failed statement fails the run.
 * Every unit of work is its own explicit transaction, so PgJDBC never silently re-runs a statement that failed
 * (it heals a stale cached plan by itself only in autocommit mode); {@code prepareThreshold=1} makes every
 * PreparedStatement server-prepared from its first use.
 */
final class CompatRun {

    /** {@code -Dstrata.compat.long=true}: about 10,000 writes per application version and change kind. */
    static final boolean LONG = Boolean.getBoolean("strata.compat.long");

    private static final int CLIENTS = 2;
    private static final int SEED_ROWS = LONG ? 3_000 : 300;
    /** Writes each running version makes between two steps of the migration (3 stretches per version). */
    private static final int WRITES_PER_STRETCH = LONG ? 3_400 : 60;
    private static final Duration STRATA_LOCK_TIMEOUT = Duration.ofMillis(200);
    private static final Duration APP_LOCK_TIMEOUT = STRATA_LOCK_TIMEOUT.plusSeconds(2);
    private static final ApplyOptions OPTIONS = ApplyOptions.defaults().withLockTimeout(STRATA_LOCK_TIMEOUT)
            .withMaxAttempts(50).withBatchSize(LONG ? 500 : 100).withConfirmGates(true).withAllowDataLoss(true);

    /** A row's last acknowledged values, by attribute, and which version owns (writes) it. */
    record Written(boolean oldOwner, Map<String, Object> values) {}

    /** A row as the version that writes it names it. */
    record Key(String table, long id) {}

    private CompatRun() {}

    static void run(Scenario s, int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.statements(SchemaFiles.parse(Map.of("current.yaml", s.current)).catalog()).toArray(String[]::new));
            s.setup.forEach(db::execute);
            PlanSource desired = new PlanSource.Desired(SchemaFiles.parse(Map.of("desired.yaml", s.desired)), "test database");
            Map<Key, Written> expected = new ConcurrentHashMap<>();
            List<Long> seeded = seed(db, s.oldApp, expected);
            boolean shared = s.oldApp.table().equals(s.newApp.table());
            Application oldApp = new Application("old", s.oldApp, true, db, expected);
            Application newApp = new Application("new", s.newApp, false, db, expected);
            for (long id : seeded) {
                boolean toOld = !shared || id % 2 == 0;
                long slot = shared ? id / 2 : id;
                (toOld ? oldApp : newApp).own((int) (slot % CLIENTS), id, toOld);
                if (!toOld) {
                    expected.computeIfPresent(new Key(s.oldApp.table(), id), (k, w) -> new Written(false, w.values()));
                }
            }
            try {
                oldApp.start();
                oldApp.awaitMoreWrites(WRITES_PER_STRETCH);
                apply(db, desired, PhaseSelection.EXPAND);
                newApp.start();
                awaitBoth(oldApp, newApp);
                apply(db, desired, PhaseSelection.BACKFILL);
                awaitBoth(oldApp, newApp);
                oldApp.stop();
                List<String> oldRowsBeforeContract = oldApp.checkOwnRows();
                apply(db, desired, PhaseSelection.CONTRACT);
                newApp.awaitMoreWrites(WRITES_PER_STRETCH);
                newApp.stop();
                assertEquals(List.of(), oldRowsBeforeContract, s.kind + ": the old version's rows, read by it at the read-switch gate");
            } finally {
                oldApp.stop();
                newApp.stop();
            }
            List<String> wrong = new ArrayList<>();
            int[] verified = verify(db, s, expected, wrong);
            System.out.printf("compat: %-38s PG %d | old: %6d statements, %d failed, %6d writes | new: %6d statements, %d failed,"
                            + " %6d writes | rows verified %5d of %5d%n",
                    s.kind, db.major(), oldApp.statements.get(), oldApp.failed.get(), oldApp.writes.get(),
                    newApp.statements.get(), newApp.failed.get(), newApp.writes.get(), verified[0], verified[1]);
            assertEquals(List.of(), oldApp.problems, s.kind + ": statements of the old version failed or read a wrong value");
            assertEquals(List.of(), newApp.problems, s.kind + ": statements of the new version failed or read a wrong value");
            assertEquals(List.of(), wrong, s.kind + ": lost or stale writes");
            assertEquals(ApplyResult.Outcome.NOTHING_TO_DO, apply(db, desired, PhaseSelection.ALL).outcome(),
                    s.kind + ": the database does not match the desired schema after CONTRACT");
        }
    }

    private static void awaitBoth(Application a, Application b) throws InterruptedException {
        long targetA = a.writes.get() + WRITES_PER_STRETCH;
        long targetB = b.writes.get() + WRITES_PER_STRETCH;
        a.awaitWrites(targetA);
        b.awaitWrites(targetB);
    }

    private static ApplyResult apply(TestDatabase db, PlanSource source, PhaseSelection phases) throws SQLException {
        try (Connection c = db.connect()) {
            return new Executor(c, OPTIONS, line -> { }).withProgress(Progress.NONE).apply(source, phases);
        }
    }

    /** Existing rows, written through the old version's own insert. */
    private static List<Long> seed(TestDatabase db, App app, Map<Key, Written> expected) throws SQLException {
        List<Long> ids = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(1);
        try (Connection c = db.connect(); PreparedStatement insert = c.prepareStatement(app.insertSql())) {
            c.setAutoCommit(false);
            for (int n = 1; n <= SEED_ROWS; n++) {
                Map<String, Object> values = values(app, random, "seed", n);
                bind(insert, app, values);
                try (ResultSet rs = insert.executeQuery()) {
                    rs.next();
                    long id = rs.getLong("id");
                    ids.add(id);
                    expected.put(new Key(app.table(), id), new Written(true, values));
                }
            }
            c.commit();
            try (Statement st = c.createStatement()) {
                c.setAutoCommit(true);
                st.execute("ANALYZE " + app.table());
            }
        }
        return ids;
    }

    private static Map<String, Object> values(App app, SplittableRandom random, String writer, long n) {
        Map<String, Object> values = new HashMap<>();
        for (AppField f : app.fields()) {
            values.put(f.attr(), f.values().next(random, writer, n));
        }
        return values;
    }

    private static void bind(PreparedStatement ps, App app, Map<String, Object> values) throws SQLException {
        int i = 0;
        for (AppField f : app.fields()) {
            f.binding().bind(ps, ++i, values.get(f.attr()));
        }
    }

    /** Compares what a version reads back with what it wrote; returns the differences. */
    private static List<String> mismatches(ResultSet rs, App app, Map<String, Object> written) throws SQLException {
        List<String> out = new ArrayList<>();
        for (AppField f : app.fields()) {
            Object value = written.get(f.attr());
            String want = Objects.toString(value, null);
            String stored = Objects.toString(f.seen().apply(value), null);
            String got = rs.getString(f.column());
            if (!Objects.equals(want, got) && !Objects.equals(stored, got)) {
                out.add(f.column() + " = " + got + ", wrote " + value + (Objects.equals(want, stored) ? "" : " (stored as " + stored + ")"));
            }
        }
        return out;
    }

    /**
     * Every row in the table its owner's version ends in, with each attribute in its final form; returns the rows
     * verified and the rows expected.
     */
    private static int[] verify(TestDatabase db, Scenario s, Map<Key, Written> expected, List<String> wrong) {
        Map<String, Integer> rowsPerTable = new HashMap<>();
        Map<String, Map<Long, List<String>>> tables = new HashMap<>();
        int verified = 0;
        for (var e : expected.entrySet()) {
            var view = e.getValue().oldOwner() ? s.oldRowsEnd : Optional.of(s.newRowsEnd);
            if (view.isEmpty()) {
                continue;
            }
            Scenario.FinalView v = view.get();
            rowsPerTable.merge(v.table(), 1, Integer::sum);
            Map<Long, List<String>> rows = tables.computeIfAbsent(v.table(), t -> read(db, v));
            List<String> row = rows.get(e.getKey().id());
            if (row == null) {
                wrong.add("id " + e.getKey() + " is missing from " + v.table() + ", last written " + e.getValue().values());
                continue;
            }
            boolean ok = true;
            for (int i = 0; i < v.columns().size(); i++) {
                Scenario.FinalColumn col = v.columns().get(i);
                Object written = e.getValue().values().getOrDefault(col.attr(), Scenario.ABSENT);
                String want = Objects.toString(col.form().apply(written, e.getValue().values()), null);
                if (!Objects.equals(want, row.get(i))) {
                    ok = false;
                    wrong.add("id " + e.getKey() + ": " + v.table() + "." + col.column() + " = " + row.get(i) + ", expected "
                            + want + " (last written " + written + ")");
                }
            }
            if (ok) {
                verified++;
            }
        }
        int rowsExpected = rowsPerTable.values().stream().mapToInt(Integer::intValue).sum();
        rowsPerTable.forEach((table, n) -> {
            int actual = tables.get(table).size();
            if (actual != n) {
                wrong.add(table + " holds " + actual + " rows, " + n + " were written");
            }
        });
        return new int[] {verified, rowsExpected};
    }

    private static Map<Long, List<String>> read(TestDatabase db, Scenario.FinalView v) {
        String columns = String.join(", ", v.columns().stream().map(Scenario.FinalColumn::column).toList());
        Map<Long, List<String>> rows = new HashMap<>();
        for (List<String> row : db.query("SELECT id, " + columns + " FROM " + v.table())) {
            rows.put(Long.parseLong(row.get(0)), row.subList(1, row.size()));
        }
        return rows;
    }

    /** {@link #CLIENTS} threads of one application version; each owns the rows it writes. */
    private static final class Application {

        final String name;
        final App app;
        final boolean old;
        final TestDatabase db;
        final Map<Key, Written> expected;
        final AtomicLong statements = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong writes = new AtomicLong();
        final List<String> problems = new CopyOnWriteArrayList<>();
        final List<List<Long>> owned = new ArrayList<>();
        final List<List<Long>> readable = new ArrayList<>();
        final List<Thread> threads = new ArrayList<>();
        volatile boolean stop;

        Application(String name, App app, boolean old, TestDatabase db, Map<Key, Written> expected) {
            this.name = name;
            this.app = app;
            this.old = old;
            this.db = db;
            this.expected = expected;
            for (int i = 0; i < CLIENTS; i++) {
                owned.add(new ArrayList<>());
                readable.add(new ArrayList<>());
            }
        }

        /** Gives an existing row to a client; it reads the row only once it wrote it, unless its own version seeded it. */
        void own(int client, long id, boolean writtenByThisVersion) {
            owned.get(client).add(id);
            if (writtenByThisVersion) {
                readable.get(client).add(id);
            }
        }

        void start() {
            for (int i = 0; i < CLIENTS; i++) {
                int client = i;
                threads.add(Thread.ofPlatform().daemon().name("compat-" + name + client).start(() -> client(client)));
            }
        }

        void awaitMoreWrites(long n) throws InterruptedException {
            awaitWrites(writes.get() + n);
        }

        void awaitWrites(long target) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofMinutes(LONG ? 10 : 2).toNanos();
            while (writes.get() < target) {
                assertTrue(System.nanoTime() < deadline, "the " + name + " version stopped writing: " + problems);
                assertTrue(threads.stream().anyMatch(Thread::isAlive), "the " + name + " version's clients died: " + problems);
                Thread.sleep(5);
            }
        }

        void stop() throws InterruptedException {
            stop = true;
            for (Thread t : threads) {
                t.join();
            }
        }

        /** This version's own rows, read back through its own SELECT (at the read-switch gate, before CONTRACT). */
        List<String> checkOwnRows() throws SQLException {
            List<String> out = new ArrayList<>();
            try (Connection c = connect(); PreparedStatement select = c.prepareStatement(app.selectSql())) {
                for (var e : expected.entrySet()) {
                    if (e.getValue().oldOwner() != old) {
                        continue;
                    }
                    if (!e.getKey().table().equals(app.table())) {
                        continue;
                    }
                    select.setLong(1, e.getKey().id());
                    try (ResultSet rs = select.executeQuery()) {
                        if (!rs.next()) {
                            out.add("id " + e.getKey() + " is gone");
                        } else {
                            mismatches(rs, app, e.getValue().values()).forEach(m -> out.add("id " + e.getKey() + ": " + m));
                        }
                    }
                }
            }
            return out;
        }

        private Connection connect() throws SQLException {
            Properties props = new Properties();
            props.setProperty("user", db.user());
            props.setProperty("password", db.password());
            props.setProperty("prepareThreshold", "1");
            props.setProperty("ApplicationName", "compat-" + name);
            Connection c = DriverManager.getConnection(db.jdbcUrl(), props);
            try (Statement st = c.createStatement()) {
                st.execute("SET lock_timeout = '" + APP_LOCK_TIMEOUT.toMillis() + "ms'");
            }
            c.setAutoCommit(false);
            return c;
        }

        private void problem(String text) {
            if (problems.size() < 20) {
                problems.add(text);
            }
        }

        private void client(int client) {
            String me = name + client;
            SplittableRandom random = new SplittableRandom(31L * client + (old ? 1 : 2));
            List<Long> mine = owned.get(client);
            List<Long> mayRead = readable.get(client);
            try (Connection c = connect();
                    PreparedStatement insert = c.prepareStatement(app.insertSql());
                    PreparedStatement update = c.prepareStatement(app.updateSql());
                    PreparedStatement select = c.prepareStatement(app.selectSql());
                    Statement star = c.createStatement()) {
                long n = 0;
                while (!stop) {
                    n++;
                    int op = mine.isEmpty() ? 0 : random.nextInt(20);
                    if (op >= 10 && mayRead.isEmpty()) {
                        op = 5;
                    }
                    String what = op < 3 ? "insert" : op < 10 ? "update" : op < 16 ? "select" : "select *";
                    statements.incrementAndGet();
                    try {
                        if (op < 3) {
                            Map<String, Object> values = values(app, random, me, n);
                            bind(insert, app, values);
                            long id;
                            List<String> seen;
                            try (ResultSet rs = insert.executeQuery()) {
                                rs.next();
                                id = rs.getLong("id");
                                seen = mismatches(rs, app, values);
                            }
                            c.commit();
                            expected.put(new Key(app.table(), id), new Written(old, values));
                            mine.add(id);
                            mayRead.add(id);
                            writes.incrementAndGet();
                            seen.forEach(m -> problem(me + " insert returned " + m));
                        } else if (op < 10) {
                            long id = mine.get(random.nextInt(mine.size()));
                            Map<String, Object> values = values(app, random, me, n);
                            bind(update, app, values);
                            update.setLong(app.fields().size() + 1, id);
                            int count = update.executeUpdate();
                            c.commit();
                            if (count != 1) {
                                problem(me + " update of id " + id + " changed " + count + " rows");
                                continue;
                            }
                            expected.put(new Key(app.table(), id), new Written(old, values));
                            if (!mayRead.contains(id)) {
                                mayRead.add(id);
                            }
                            writes.incrementAndGet();
                        } else {
                            long id = mayRead.get(random.nextInt(mayRead.size()));
                            boolean prepared = op < 16;
                            if (prepared) {
                                select.setLong(1, id);
                            }
                            try (ResultSet rs = prepared ? select.executeQuery() : star.executeQuery(app.starSql(id))) {
                                if (!rs.next()) {
                                    problem(me + " " + what + " found no row " + id);
                                } else {
                                    mismatches(rs, app, expected.get(new Key(app.table(), id)).values()).forEach(m -> problem(me + " " + what + " of id " + id + ": " + m));
                                }
                            }
                            c.commit();
                        }
                    } catch (SQLException e) {
                        failed.incrementAndGet();
                        problem(me + " " + what + " failed: " + e.getSQLState() + " " + e.getMessage());
                        try {
                            c.rollback();
                        } catch (SQLException ignored) {
                            // the next statement reports a broken connection
                        }
                    }
                    Thread.sleep(1);
                }
            } catch (SQLException e) {
                failed.incrementAndGet();
                problem(me + " lost its connection: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
