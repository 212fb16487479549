package dev.strata.execute;

import dev.strata.diagnostics.StrataException;
import dev.strata.plan.BackfillStep;
import dev.strata.plan.Plan;
import dev.strata.plan.Step;
import dev.strata.testing.DedicatedPostgres;
import dev.strata.testing.Items;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.LoadedSchema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static dev.strata.execute.ExecutorFixture.desired;
import static dev.strata.execute.ExecutorFixture.yes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults beyond a killed Strata process (cli's ApplyFaultTest has those): the server restarting, Strata's backend
 * terminated while a step waits or a batch runs, a batch failing (disk full, statement timeout), and a half-done
 * migration abandoned and planned afresh. Each fails with a message that says what happened and how to go on, and
 * leaves a state from which apply converges on the desired schema with no value changed. The migration is
 * {@link Items}': a rewriting type change and a rename, each with a batched backfill.
 */
class FaultConvergenceTest {

    private static final int ROWS = 2_000;
    private static final int BATCH = 200;
    private static final LoadedSchema DESIRED = ExecutorFixture.yaml(Items.DESIRED_YAML);
    private static final String TERMINATED = "the server terminated Strata's connection (";
    private static final String LOST = "the connection to the server was lost (";

    private static ApplyOptions options() {
        return yes().withAllowDataLoss(true).withBatchSize(BATCH);
    }

    /**
     * CI runs each fault on one major, the cases alternating between 14 and 18: how Strata reports a fault and resumes
     * after it is its own code, the same on both (the catalog and lock behaviour it relies on have tests on both).
     * {@code -Dstrata.faults.long=true} runs every case on both, as cli's ApplyFaultTest does.
     */
    private static final boolean EVERY_CASE_ON_BOTH = Boolean.getBoolean("strata.faults.long");

    private static IntStream majors(int inCi) {
        return EVERY_CASE_ON_BOTH ? IntStream.of(TestPostgres.OLDEST_MAJOR, TestPostgres.NEWEST_MAJOR) : IntStream.of(inCi);
    }

    static IntStream restartMajors() {
        return majors(TestPostgres.OLDEST_MAJOR);
    }

    static IntStream ddlWaitMajors() {
        return majors(TestPostgres.NEWEST_MAJOR);
    }

    static IntStream rowLockMajors() {
        return majors(TestPostgres.OLDEST_MAJOR);
    }

    static Stream<Arguments> batchFaults() {
        return Stream.of(Arguments.of(14, "disk full"), Arguments.of(18, "statement timeout"),
                Arguments.of(18, "disk full"), Arguments.of(14, "statement timeout")).limit(EVERY_CASE_ON_BOTH ? 4 : 2);
    }

    static Stream<Arguments> abandonPoints() {
        return Stream.of(Arguments.of(18, "backfill public.items.title from label"),
                Arguments.of(14, "swap public.items.qty to bigint"),
                Arguments.of(14, "backfill public.items.title from label"),
                Arguments.of(18, "swap public.items.qty to bigint")).limit(EVERY_CASE_ON_BOTH ? 4 : 2);
    }

    @ParameterizedTest
    @MethodSource("restartMajors")
    void serverRestartedWhileABatchIsInFlightLosesOnlyThatBatchAndTheRerunConverges(int major) {
        try (DedicatedPostgres server = DedicatedPostgres.start(major); TestDatabase db = server.newDatabase()) {
            Items.create(db, ROWS);

            List<String> log = new ArrayList<>();
            StrataException e = assertThrows(StrataException.class, () -> ExecutorFixture.apply(db, options(),
                    desired(DESIRED), PhaseSelection.ALL, inBatch("backfill-2", 3, server::restartFast), log));

            assertClear(e, "step backfill-2 (backfill public.items.qty__strata_new from qty; Backfill phase, batch 3): ");
            assertTrue(e.getMessage().contains(TERMINATED) || e.getMessage().contains(LOST), e.getMessage());
            assertTrue(e.getMessage().endsWith("the 400 rows backfilled before it are kept; rerun strata apply to resume"
                    + " after them"), e.getMessage());
            assertEquals(List.of(List.of("400", "400")), backfilled(db));
            assertTrue(log.stream().noneMatch(line -> line.contains("Exception") || line.contains("\tat ")), log.toString());
            assertConverges(db, 8);
        }
    }

    @ParameterizedTest
    @MethodSource("ddlWaitMajors")
    void backendTerminatedWhileADdlStepWaitsForItsLockAndTheRerunConverges(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major); Connection blocker = db.connect()) {
            Items.create(db, ROWS);
            Terminator terminator = new Terminator(db);
            StepListener holdTheTable = beforeStep("swap public.items.qty to bigint", () -> {
                sql(blocker, "BEGIN", "LOCK TABLE items IN ACCESS SHARE MODE");
                terminator.start();
            });

            StrataException e = assertThrows(StrataException.class, () -> apply(db, options(), holdTheTable));
            assertTrue(terminator.terminated(), "nothing waited for a lock");
            sql(blocker, "ROLLBACK");

            String swap = e.getMessage().substring(0, e.getMessage().indexOf(' ', 5));
            assertClear(e, swap + " (swap public.items.qty to bigint; Contract phase): ");
            assertTrue(e.getMessage().contains(TERMINATED) || e.getMessage().contains(LOST), e.getMessage());
            assertTrue(e.getMessage().endsWith("it is not recorded as done; rerun strata apply to resume from it"),
                    e.getMessage());
            assertEquals(List.of(), db.query("SELECT step_id FROM strata.step WHERE step_id = '" + swap.substring(5) + "'"));
            assertConverges(db, 0);
        }
    }

    @ParameterizedTest
    @MethodSource("rowLockMajors")
    void backendTerminatedWhileABatchWaitsForARowLockLosesOnlyThatBatchAndTheRerunConverges(int major)
            throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major); Connection blocker = db.connect()) {
            Items.create(db, ROWS);
            Terminator terminator = new Terminator(db);
            // Row 500 is in the third batch.
            StepListener holdARow = beforeStep("backfill public.items.qty__strata_new from qty", () -> {
                sql(blocker, "BEGIN", "SELECT 1 FROM items WHERE id = 500 FOR UPDATE");
                terminator.start();
            });

            StrataException e = assertThrows(StrataException.class, () -> apply(db, options(), holdARow));
            assertTrue(terminator.terminated(), "nothing waited for a lock");
            sql(blocker, "ROLLBACK");

            assertClear(e, "step backfill-2 (backfill public.items.qty__strata_new from qty; Backfill phase, batch 3): ");
            assertTrue(e.getMessage().contains(TERMINATED) || e.getMessage().contains(LOST), e.getMessage());
            assertEquals(List.of(List.of("400", "400")), backfilled(db));
            assertConverges(db, 8);
        }
    }

    @ParameterizedTest
    @MethodSource("batchFaults")
    void aBatchThatFailsRollsBackAloneAndTheRerunResumesAfterTheCommittedBatches(int major, String fault) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            Items.create(db, ROWS);
            ApplyOptions options = options();
            // Row 1300 is in the seventh batch; the trigger waits for the shadow column's backfill to reach it.
            String action;
            if (fault.equals("disk full")) {
                action = "RAISE EXCEPTION USING ERRCODE = 'disk_full', MESSAGE = 'could not extend file \"base/1/2\":"
                        + " No space left on device'";
            } else {
                action = "PERFORM pg_sleep(1)";
                options = new ApplyOptions(options.lockTimeout(), options.maxAttempts(), options.ddlStatementTimeout(),
                        Duration.ofMillis(300), options.batchSize(), options.batchPause(), options.rowsPerSecond(),
                        options.allowDataLoss(), options.allowBlocking(), options.confirmGates());
            }
            StepListener fault1300 = beforeStep("backfill public.items.qty__strata_new from qty", () -> db.execute("""
                    CREATE FUNCTION fault() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                      IF NEW.id = 1300 AND NEW.qty__strata_new IS NOT NULL THEN %s; END IF;
                      RETURN NEW;
                    END $$""".formatted(action),
                    "CREATE TRIGGER fault BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION fault()"));
            ApplyOptions failing = options;

            StrataException e = assertThrows(StrataException.class, () -> apply(db, failing, fault1300));

            String cause = fault.equals("disk full")
                    ? "ERROR: could not extend file \"base/1/2\": No space left on device"
                    : "ERROR: canceling statement due to statement timeout";
            assertEquals("step backfill-2 (backfill public.items.qty__strata_new from qty; Backfill phase, batch 7)"
                    + " failed: " + cause + "\nthe 1200 rows backfilled before it are kept; fix the cause and rerun"
                    + " strata apply to resume after them", e.getMessage());
            assertEquals(List.of(List.of("1200", "1200")), backfilled(db));
            db.execute("DROP TRIGGER fault ON items", "DROP FUNCTION fault()");
            assertConverges(db, 4);
        }
    }

    @ParameterizedTest
    @MethodSource("abandonPoints")
    void abandonedHalfwayThenPlannedAfreshConvergesWithoutTheAbandonedMigrationsHelpers(int major, String stopAfter)
            throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            Items.create(db, ROWS);
            // The run stops after batch 3 of a backfill, or after a step.
            StepListener stop = new StepListener() {
                @Override
                public void afterBatch(BackfillStep step, int batch) {
                    if (step.summary().equals(stopAfter) && batch == 3) {
                        throw new IllegalStateException("stopped");
                    }
                }

                @Override
                public void afterStep(Step step) {
                    if (step.summary().equals(stopAfter)) {
                        throw new IllegalStateException("stopped");
                    }
                }
            };
            assertThrows(IllegalStateException.class, () -> apply(db, options(), stop));

            AbandonResult abandoned;
            try (Connection c = db.connect()) {
                abandoned = Executor.abandon(c);
            }
            assertTrue(abandoned.abandoned().isPresent() && abandoned.kept().isEmpty(), abandoned.toString());
            // The half-filled new column of the rename goes with its sync trigger: label holds every value.
            assertTrue(abandoned.removed().stream().anyMatch(r -> r.contains("column public.items.title of the"
                    + " unfinished rename of label (label holds every value)")), abandoned.removed().toString());
            // After the swap, the old copy of qty: qty holds every value, converted and checked; left in place the
            // fresh plan would drop it as data loss.
            assertEquals(stopAfter.startsWith("swap "), abandoned.removed().stream()
                    .anyMatch(r -> r.contains("shadow column public.items.qty__strata_old")), abandoned.removed().toString());
            assertEquals(List.of(), db.query("SELECT attname FROM pg_attribute WHERE attrelid = 'items'::regclass"
                    + " AND attname LIKE '%strata%' AND NOT attisdropped"));

            ApplyResult fresh = apply(db, options(), StepListener.NONE);
            assertEquals(ApplyResult.Outcome.MIGRATION_DONE, fresh.outcome(), fresh.toString());
            assertEquals(List.of(List.of("abandoned"), List.of("done")),
                    db.query("SELECT status FROM strata.migration ORDER BY id"));
            assertConverged(db);
        }
    }

    /** Applies the desired schema on a connection of its own. */
    private static ApplyResult apply(TestDatabase db, ApplyOptions options, StepListener listener) {
        return ExecutorFixture.apply(db, options, desired(DESIRED), PhaseSelection.ALL, listener, new ArrayList<>());
    }

    /**
     * A rerun finishes the migration, running {@code batches} batches of backfill-2 (so it resumed rather than
     * started over); the database then matches the desired schema, nothing of the migration is left, and every row
     * holds the values it held before.
     */
    static void assertConverges(TestDatabase db, int batches) {
        Map<String, Integer> ran = new HashMap<>();
        StepListener counting = new StepListener() {
            @Override
            public void afterBatch(BackfillStep step, int batch) {
                ran.merge(step.id(), 1, Integer::sum);
            }
        };
        ApplyResult result = apply(db, options(), counting);
        assertEquals(ApplyResult.Outcome.MIGRATION_DONE, result.outcome(), result.toString());
        assertEquals(batches, ran.getOrDefault("backfill-2", 0), ran.toString());
        assertConverged(db);
    }

    /** The database matches the desired schema, no migration's helper is left, and no value changed. */
    static void assertConverged(TestDatabase db) {
        try (Connection c = db.connect()) {
            Plan plan = PlanService.plan(c, DESIRED, "test");
            // The type change appends the new column: the one warning a converged database keeps.
            assertTrue(plan.isEmpty() && plan.warnings().stream().allMatch(w -> w.contains("the columns will be in the"
                    + " order ")), "not converged: " + plan.steps() + plan.warnings());
            assertEquals(List.of(), Leftovers.find(c));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        assertEquals(List.of(List.of("id"), List.of("qty"), List.of("title")), db.query("SELECT attname FROM pg_attribute"
                + " WHERE attrelid = 'items'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attname"));
        assertEquals(List.of(), db.query("SELECT tgname FROM pg_trigger WHERE tgrelid = 'items'::regclass"));
        assertEquals(List.of(), db.query("SELECT conname FROM pg_constraint WHERE NOT convalidated"));
        assertEquals(0, Items.valuesChangedAfter(db, ROWS));
    }

    /** The message of a failure: what failed and why on the first line, how to go on on the second, no trace. */
    private static void assertClear(StrataException e, String start) {
        String message = e.getMessage();
        assertTrue(message.startsWith(start), message);
        assertTrue(message.lines().count() <= 2, message);
        assertFalse(message.contains("Exception") || message.contains("\tat ") || message.contains("connection has been"
                + " closed"), message);
    }

    /** backfill-2's committed position and the shadow column's values: the same when no batch half-happened. */
    private static List<List<String>> backfilled(TestDatabase db) {
        return db.query("SELECT b.rows_done, (SELECT count(qty__strata_new) FROM items) FROM strata.backfill b"
                + " WHERE b.step_id = 'backfill-2'");
    }

    /** Runs {@code action} inside batch {@code n} of backfill {@code id}: its update ran, its commit has not. */
    private static StepListener inBatch(String id, int n, Runnable action) {
        return new StepListener() {
            private int batch;

            @Override
            public void inStatement(Step step) {
                if (step.id().equals(id) && ++batch == n) {
                    action.run();
                }
            }
        };
    }

    private interface Action {
        void run() throws Exception;
    }

    /** Runs {@code action} before the step that does {@code summary}. */
    private static StepListener beforeStep(String summary, Action action) {
        return new StepListener() {
            @Override
            public void beforeStep(Step step) {
                if (step.summary().equals(summary)) {
                    try {
                        action.run();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
    }

    private static void sql(Connection c, String... statements) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    /** From another session: waits until a backend of the database waits for a lock, then terminates it. */
    private static final class Terminator {
        private final TestDatabase db;
        private CompletableFuture<Boolean> done = CompletableFuture.completedFuture(false);

        Terminator(TestDatabase db) {
            this.db = db;
        }

        void start() {
            done = CompletableFuture.supplyAsync(() -> {
                try (Connection c = db.connect(); Statement st = c.createStatement()) {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    while (System.nanoTime() < deadline) {
                        try (var rs = st.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                                + " WHERE datname = current_database() AND wait_event_type = 'Lock'"
                                + " AND pid <> pg_backend_pid()")) {
                            if (rs.next()) {
                                return true;
                            }
                        }
                        Thread.sleep(10);
                    }
                    return false;
                } catch (SQLException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        boolean terminated() throws Exception {
            return done.get(30, TimeUnit.SECONDS);
        }
    }
}
