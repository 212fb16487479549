package dev.strata.execute;

import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.SchemaFiles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A long transaction holds ACCESS SHARE on the table, so apply's ADD COLUMN cannot get ACCESS EXCLUSIVE. Apply
 * must give up after its lock_timeout and retry later instead of waiting in the lock queue, where every reader
 * that arrives after it would queue behind it.
 *
 * <p>The bound on the probe's latency is not a performance assertion: a reader can be stuck behind apply's
 * queued lock request for at most one lock_timeout per attempt; without the timeout it would be stuck for as long
 * as the long transaction lives (seconds here). The 500 ms margin absorbs scheduling noise on a loaded machine and
 * is still far below the hold time, so the test tells the two behaviours apart.
 */
class ApplyContentionTest {

    private static final Duration LOCK_TIMEOUT = Duration.ofMillis(300);
    private static final long HOLD_MILLIS = 2_500;
    private static final String DESIRED = """
            tables:
              accounts:
                columns:
                  id: { type: bigint }
                  balance: { type: integer }
                  note: text
                primary_key: [id]
            """;

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {TestPostgres.OLDEST_MAJOR, TestPostgres.NEWEST_MAJOR})
    void applyRetriesInsteadOfQueueingReadersBehindItsLock(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE TABLE accounts (id bigint PRIMARY KEY, balance integer)",
                    "INSERT INTO accounts SELECT i, i FROM generate_series(1, 1000) AS i");
            List<String> log = new CopyOnWriteArrayList<>();
            AtomicLong worstProbeNanos = new AtomicLong();
            AtomicLong probes = new AtomicLong();
            AtomicReference<Throwable> applyFailure = new AtomicReference<>();
            try (Connection longTransaction = db.connect()) {
                longTransaction.setAutoCommit(false);
                long holder;
                try (var st = longTransaction.createStatement()) {
                    st.executeQuery("SELECT * FROM accounts LIMIT 1").close();
                    var rs = st.executeQuery("SELECT pg_backend_pid()");
                    rs.next();
                    holder = rs.getLong(1);
                }
                Thread probe = Thread.ofPlatform().daemon().start(() -> probe(db, worstProbeNanos, probes));
                Thread apply = Thread.ofPlatform().start(() -> {
                    try (Connection c = db.connect()) {
                        ApplyOptions options = ApplyOptions.defaults().withConfirmGates(true).withLockTimeout(LOCK_TIMEOUT)
                                .withMaxAttempts(100);
                        ApplyResult result = new Executor(c, options, log::add).withProgress(Progress.NONE)
                                .apply(new PlanSource.Desired(SchemaFiles.parse(java.util.Map.of("accounts.yaml", DESIRED)),
                                        "test database"), PhaseSelection.ALL);
                        assertEquals(ApplyResult.Outcome.MIGRATION_DONE, result.outcome());
                    } catch (Throwable e) {
                        applyFailure.set(e);
                    }
                });
                Thread.sleep(HOLD_MILLIS);
                assertTrue(apply.isAlive(), "apply finished while the table was locked: " + log);
                longTransaction.commit();
                apply.join(Duration.ofSeconds(60));
                probe.interrupt();
                probe.join();

                assertEquals(null, applyFailure.get(), () -> "apply failed: " + applyFailure.get() + "\n" + log);
                assertTrue(log.stream().anyMatch(l -> l.contains("lock not available") && l.contains("pid " + holder)),
                        "no retry naming the blocking session " + holder + ": " + log);
            }
            assertEquals(List.of(List.of("note")), db.query("SELECT attname FROM pg_attribute "
                    + "WHERE attrelid = 'accounts'::regclass AND attname = 'note' AND NOT attisdropped"));
            assertTrue(probes.get() > 20, "the probe hardly ran: " + probes.get());
            long worstMillis = worstProbeNanos.get() / 1_000_000;
            assertTrue(worstMillis < LOCK_TIMEOUT.toMillis() + 500,
                    "a reader waited " + worstMillis + " ms: apply queued traffic behind its lock request");
        }
    }

    private static void probe(TestDatabase db, AtomicLong worst, AtomicLong count) {
        try (Connection c = db.connect(); var ps = c.prepareStatement("SELECT count(*) FROM accounts")) {
            while (!Thread.currentThread().isInterrupted()) {
                long start = System.nanoTime();
                ps.executeQuery().close();
                worst.accumulateAndGet(System.nanoTime() - start, Math::max);
                count.incrementAndGet();
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
