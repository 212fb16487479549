package dev.strata.execute;

import dev.strata.ddl.CreateDdl;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.SchemaFiles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rename of examples/users ({@code username} → {@code handle}) applied phase by phase while the
 * application writes: the old version (username) through EXPAND and BACKFILL, the new one (handle)
 * through CONTRACT. No application statement may fail and every row must end with the last login
 * name written to it, under whichever column name the writer used.
 */
class UsersRenameUnderLoadTest {

    private static final Path EXAMPLES = Path.of("..", "examples", "users");
    private static final int CLIENTS = 3;
    private static final int ROWS = 3_000;

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {TestPostgres.OLDEST_MAJOR, TestPostgres.NEWEST_MAJOR})
    void theUsersRenameRunsUnderWriteLoadWithoutErrorsAndEveryRowCorrect(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(SchemaFiles.read(EXAMPLES.resolve("before")).catalog()));
            db.execute("INSERT INTO users (username, email) SELECT 'user' || g, 'u' || g || '@example.com' FROM generate_series(1, " + ROWS + ") g");
            Map<Long, String> expected = new ConcurrentHashMap<>();
            db.query("SELECT id, username FROM users").forEach(r -> expected.put(Long.parseLong(r.get(0)), r.get(1)));
            List<String> failures = new CopyOnWriteArrayList<>();
            PlanSource desired = new PlanSource.Desired(SchemaFiles.read(EXAMPLES.resolve("after")), "test database");

            Clients oldApp = new Clients(db, "username", expected, failures, "old");
            oldApp.awaitWrites(150);
            apply(db, desired, PhaseSelection.EXPAND);
            oldApp.awaitWrites(150);
            apply(db, desired, PhaseSelection.BACKFILL);
            oldApp.awaitWrites(150);
            oldApp.stop();

            Clients newApp = new Clients(db, "handle", expected, failures, "new");
            newApp.awaitWrites(150);
            apply(db, desired, PhaseSelection.CONTRACT);
            newApp.awaitWrites(150);
            newApp.stop();

            assertEquals(List.of(), failures, "application statements failed or read stale values");
            List<List<String>> rows = db.query("SELECT id, handle FROM users ORDER BY id");
            assertEquals(expected.size(), rows.size(), "rows lost or invented");
            List<String> wrong = new ArrayList<>();
            for (List<String> row : rows) {
                String want = expected.get(Long.parseLong(row.get(0)));
                if (!row.get(1).equals(want)) {
                    wrong.add("id " + row.get(0) + ": handle " + row.get(1) + ", last written " + want);
                }
            }
            assertEquals(List.of(), wrong, "stale or lost writes");
            assertEquals(List.of(List.of("0")), db.query("SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'username'"));
        }
    }

    private static void apply(TestDatabase db, PlanSource source, PhaseSelection phase) throws SQLException {
        try (Connection c = db.connect()) {
            ApplyOptions options = ApplyOptions.defaults().withConfirmGates(true).withBatchSize(250);
            new Executor(c, options, line -> { }).withProgress(Progress.NONE).apply(source, phase);
        }
    }

    /** Application instances that know the login column as {@code column}; each owns the ids it inserts. */
    private static final class Clients {

        private final List<Thread> threads = new ArrayList<>();
        private final AtomicLong writes = new AtomicLong();
        private volatile boolean stop;

        Clients(TestDatabase db, String column, Map<Long, String> expected, List<String> failures, String version) {
            for (int i = 0; i < CLIENTS; i++) {
                int client = i;
                threads.add(Thread.ofPlatform().daemon().start(() -> run(db, column, expected, failures, version + client)));
            }
        }

        void awaitWrites(long n) throws InterruptedException {
            long target = writes.get() + n;
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (writes.get() < target) {
                assertTrue(System.nanoTime() < deadline, "the clients stopped writing");
                Thread.sleep(5);
            }
        }

        void stop() throws InterruptedException {
            stop = true;
            for (Thread t : threads) {
                t.join();
            }
        }

        private void run(TestDatabase db, String column, Map<Long, String> expected, List<String> failures, String me) {
            List<Long> mine = new ArrayList<>();
            try (Connection c = db.connect();
                    PreparedStatement insert = c.prepareStatement("INSERT INTO users (" + column + ", email) VALUES (?, ?) RETURNING id");
                    PreparedStatement update = c.prepareStatement("UPDATE users SET " + column + " = ? WHERE id = ?");
                    PreparedStatement select = c.prepareStatement("SELECT " + column + " FROM users WHERE id = ?")) {
                long n = 0;
                while (!stop) {
                    n++;
                    String login = me + "-" + n;
                    try {
                        if (mine.isEmpty() || n % 3 == 0) {
                            insert.setString(1, login);
                            insert.setString(2, login + "@example.com");
                            try (var rs = insert.executeQuery()) {
                                rs.next();
                                long id = rs.getLong(1);
                                expected.put(id, login);
                                mine.add(id);
                            }
                        } else {
                            long id = mine.get((int) (n % mine.size()));
                            update.setString(1, login);
                            update.setLong(2, id);
                            assertEquals(1, update.executeUpdate());
                            expected.put(id, login);
                            select.setLong(1, id);
                            try (var rs = select.executeQuery()) {
                                rs.next();
                                if (!login.equals(rs.getString(1))) {
                                    failures.add(me + " wrote " + login + " to id " + id + " but read " + rs.getString(1));
                                }
                            }
                        }
                        writes.incrementAndGet();
                    } catch (SQLException | AssertionError e) {
                        failures.add(me + " (" + column + "): " + e.getMessage());
                    }
                    Thread.sleep(2);
                }
            } catch (SQLException e) {
                failures.add(me + " could not connect: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
