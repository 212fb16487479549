package dev.strata.execute;

import dev.strata.testing.Items;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.SchemaFiles;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLongArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The application keeps running while Strata migrates {@link Items}: clients written for the old schema (qty
 * integer, label) insert, update and read through EXPAND and BACKFILL; after the read switch, clients written for
 * the new one (qty bigint, title) do the same through CONTRACT. No application statement may fail, and every row
 * must end with the last values written to it.
 *
 * <p>Each client owns the keys with {@code id % CLIENTS == its number}, so "the last value written" to a row is
 * well defined and known in memory; a client also reads its own rows back and checks it sees its last write.
 */
class ApplyUnderLoadTest {

    private static final int CLIENTS = 4;
    private static final int ROWS = 4_000;

    @TempDir
    Path desiredDir;

    /** What a row must hold, as the client that owns it last wrote it. */
    record Expected(long qty, String text) {}

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {TestPostgres.OLDEST_MAJOR, TestPostgres.NEWEST_MAJOR})
    void noApplicationStatementFailsAndNoWriteIsLost(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            Items.create(db, ROWS);
            Map<Long, Expected> expected = new ConcurrentHashMap<>();
            for (List<String> row : db.query("SELECT id, qty, label FROM items")) {
                expected.put(Long.parseLong(row.get(0)), new Expected(Long.parseLong(row.get(1)), row.get(2)));
            }
            List<String> failures = new CopyOnWriteArrayList<>();
            PlanSource source = new PlanSource.Desired(SchemaFiles.read(Items.desired(desiredDir)), "test database");

            Clients old = new Clients(db, "label", expected, failures, 1);
            old.awaitMoreWrites(100);
            apply(db, source, PhaseSelection.EXPAND);
            apply(db, source, PhaseSelection.BACKFILL);
            old.awaitMoreWrites(100);
            old.stop();
            assertEquals(List.of(), failures, "statements of the old application failed");
            assertEquals(List.of(List.of("0")), db.query("SELECT count(*) FROM items WHERE title IS DISTINCT FROM label"),
                    "title is not in step with label after the backfill");

            Clients fresh = new Clients(db, "title", expected, failures, 2);
            fresh.awaitMoreWrites(100);
            apply(db, source, PhaseSelection.CONTRACT);
            fresh.awaitMoreWrites(100);
            fresh.stop();
            assertEquals(List.of(), failures, "statements of the new application failed");

            List<String> wrong = new ArrayList<>();
            List<List<String>> rows = db.query("SELECT id, qty, title FROM items ORDER BY id");
            for (List<String> row : rows) {
                Expected want = expected.get(Long.parseLong(row.get(0)));
                Expected got = new Expected(Long.parseLong(row.get(1)), row.get(2));
                if (!got.equals(want)) {
                    wrong.add("id " + row.get(0) + ": " + got + ", last written " + want);
                }
            }
            assertEquals(expected.size(), rows.size(), "rows lost or invented");
            assertEquals(List.of(), wrong, "stale or lost writes");
        }
    }

    private static void apply(TestDatabase db, PlanSource source, PhaseSelection phases) throws SQLException {
        try (Connection c = db.connect()) {
            ApplyOptions options = ApplyOptions.defaults().withConfirmGates(true).withAllowDataLoss(true).withBatchSize(200);
            new Executor(c, options, line -> { }).withProgress(Progress.NONE).apply(source, phases);
        }
    }

    /** CLIENTS threads of one application version, naming the text column {@code textColumn}. */
    private static final class Clients {

        private final List<Thread> threads = new ArrayList<>();
        private final AtomicLongArray writes = new AtomicLongArray(CLIENTS);
        private volatile boolean stop;

        Clients(TestDatabase db, String textColumn, Map<Long, Expected> expected, List<String> failures, int version) {
            for (int i = 0; i < CLIENTS; i++) {
                int client = i;
                threads.add(Thread.ofPlatform().daemon().start(
                        () -> run(db, textColumn, expected, failures, client, version)));
            }
        }

        private long writes() {
            long sum = 0;
            for (int i = 0; i < CLIENTS; i++) {
                sum += writes.get(i);
            }
            return sum;
        }

        /** Lets the clients write at least {@code n} more times, so every phase runs under load. */
        void awaitMoreWrites(long n) throws InterruptedException {
            long target = writes() + n;
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (writes() < target) {
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

        private void run(TestDatabase db, String text, Map<Long, Expected> expected, List<String> failures, int client,
                int version) {
            SplittableRandom random = new SplittableRandom(31L * client + version);
            List<Long> mine = new ArrayList<>(expected.keySet().stream().filter(id -> id % CLIENTS == client).toList());
            try (Connection c = db.connect();
                    PreparedStatement insert = c.prepareStatement("INSERT INTO items (qty, " + text + ") VALUES (?, ?) RETURNING id");
                    PreparedStatement update = c.prepareStatement("UPDATE items SET qty = ?, " + text + " = ? WHERE id = ?");
                    PreparedStatement select = c.prepareStatement("SELECT qty, " + text + " FROM items WHERE id = ?")) {
                long n = 0;
                while (!stop) {
                    n++;
                    long qty = random.nextInt(1_000_000);
                    String value = random.nextInt(8) == 0 ? null : "v" + version + "-" + client + "-" + n;
                    try {
                        int op = random.nextInt(10);
                        if (op == 0) {
                            insert.setLong(1, qty);
                            insert.setString(2, value);
                            try (var rs = insert.executeQuery()) {
                                rs.next();
                                long id = rs.getLong(1);
                                // Rows the identity hands out may belong to another client; only own keys are written again.
                                expected.put(id, new Expected(qty, value));
                                if (id % CLIENTS == client) {
                                    mine.add(id);
                                }
                            }
                            writes.incrementAndGet(client);
                        } else if (op < 6) {
                            long id = mine.get(random.nextInt(mine.size()));
                            update.setLong(1, qty);
                            update.setString(2, value);
                            update.setLong(3, id);
                            assertEquals(1, update.executeUpdate());
                            expected.put(id, new Expected(qty, value));
                            writes.incrementAndGet(client);
                        } else {
                            long id = mine.get(random.nextInt(mine.size()));
                            select.setLong(1, id);
                            try (var rs = select.executeQuery()) {
                                rs.next();
                                Expected seen = new Expected(rs.getLong(1), rs.getString(2));
                                if (!Objects.equals(seen, expected.get(id))) {
                                    failures.add("client " + client + " read " + seen + " from id " + id + ", wrote " + expected.get(id));
                                }
                            }
                        }
                    } catch (SQLException | AssertionError e) {
                        failures.add("client " + client + " (" + text + "): " + e.getMessage());
                    }
                    Thread.sleep(1);
                }
            } catch (SQLException e) {
                failures.add("client " + client + " could not connect: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
