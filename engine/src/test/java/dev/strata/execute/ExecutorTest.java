package dev.strata.execute;

import dev.strata.diagnostics.StrataException;
import dev.strata.plan.BackfillStep;
import dev.strata.plan.Phase;
import dev.strata.plan.Step;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

import static dev.strata.execute.ExecutorFixture.after;
import static dev.strata.execute.ExecutorFixture.apply;
import static dev.strata.execute.ExecutorFixture.createUsers;
import static dev.strata.execute.ExecutorFixture.desired;
import static dev.strata.execute.ExecutorFixture.yes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The users rename applied by the executor on real PostgreSQL: phases, gates, resume. */
class ExecutorTest {

    private static final String CHECKSUM = "SELECT md5(string_agg(id || ':' || %s, ',' ORDER BY id)) FROM public.users";

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void usersRenameAppliedPhaseByPhaseReachesTheDesiredSchemaAndKeepsEveryValue(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            createUsers(db, 2500);
            String before = db.query(CHECKSUM.formatted("username")).getFirst().getFirst();

            assertEquals(ApplyResult.Outcome.PHASES_DONE, apply(db, yes(), desired(after()), PhaseSelection.EXPAND).outcome());
            assertEquals(ApplyResult.Outcome.WAITING_AT_GATE,
                    apply(db, ApplyOptions.defaults(), desired(after()), PhaseSelection.BACKFILL).outcome());
            assertEquals(ApplyResult.Outcome.PHASES_DONE, apply(db, yes(), desired(after()), PhaseSelection.BACKFILL).outcome());
            assertEquals(ApplyResult.Outcome.WAITING_AT_GATE,
                    apply(db, ApplyOptions.defaults(), desired(after()), PhaseSelection.CONTRACT).outcome());
            assertEquals(ApplyResult.Outcome.MIGRATION_DONE, apply(db, yes(), desired(after()), PhaseSelection.CONTRACT).outcome());

            try (Connection c = db.connect()) {
                assertTrue(PlanService.plan(c, after(), "test").isEmpty(), "the database equals the desired schema");
            }
            assertEquals(before, db.query(CHECKSUM.formatted("handle")).getFirst().getFirst());
            assertEquals(List.of(List.of("done")), db.query("SELECT status FROM strata.migration"));
        }
    }

    @Test
    void phaseAllStopsAtTheFirstGateWithoutConfirmation() {
        try (TestDatabase db = TestPostgres.newDatabase(18)) {
            createUsers(db, 10);
            List<String> log = new ArrayList<>();

            ApplyResult result = apply(db, ApplyOptions.defaults(), desired(after()), PhaseSelection.ALL,
                    StepListener.NONE, log);

            assertEquals(ApplyResult.Outcome.WAITING_AT_GATE, result.outcome());
            assertEquals(List.of("expand-1", "expand-2"), result.stepsRun());
            assertTrue(log.stream().anyMatch(l -> l.startsWith("stopped at gate")), log.toString());
        }
    }

    @Test
    void aNewMigrationCountsItsStepsAndItsGatesApart() {
        try (TestDatabase db = TestPostgres.newDatabase(18)) {
            createUsers(db, 10);
            List<String> log = new ArrayList<>();

            apply(db, ApplyOptions.defaults(), desired(after()), PhaseSelection.EXPAND, StepListener.NONE, log);

            assertTrue(log.stream().anyMatch(l -> l.matches("started migration \\d+: 7 steps, 2 gates")), log.toString());
        }
    }

    @Test
    void backfillIsRefusedUntilExpandIsDone() {
        try (TestDatabase db = TestPostgres.newDatabase(18)) {
            createUsers(db, 10);
            assertThrows(IllegalStateException.class, () -> apply(db, yes(), desired(after()), PhaseSelection.EXPAND,
                    failBefore("expand-2"), new ArrayList<>()));

            StrataException e = assertThrows(StrataException.class,
                    () -> apply(db, yes(), desired(after()), PhaseSelection.BACKFILL));

            assertTrue(e.getMessage().contains("needs Expand done first (pending: expand-2)"), e.getMessage());
        }
    }

    @Test
    void rerunAfterAnInterruptionContinuesWithoutRepeatingFinishedSteps() {
        try (TestDatabase db = TestPostgres.newDatabase(18)) {
            createUsers(db, 10);
            ExecutorFixture.Counting first = new ExecutorFixture.Counting();
            assertThrows(IllegalStateException.class, () -> apply(db, yes(), desired(after()), PhaseSelection.ALL,
                    first.andThen(failBefore("expand-2")), new ArrayList<>()));
            assertEquals(List.of(List.of("expand-1")), db.query("SELECT step_id FROM strata.step"));

            ExecutorFixture.Counting second = new ExecutorFixture.Counting();
            ApplyResult result = apply(db, yes(), desired(after()), PhaseSelection.ALL, second, new ArrayList<>());

            assertEquals(ApplyResult.Outcome.MIGRATION_DONE, result.outcome());
            assertTrue(!second.started.containsKey("expand-1"), second.started.toString());
            assertTrue(second.started.values().stream().allMatch(n -> n == 1), second.started.toString());
            assertEquals(List.of(List.of("1")),
                    db.query("SELECT count(*) FROM strata.step WHERE step_id = 'expand-1'"));
        }
    }

    @Test
    void backfillRestartsAfterTheLastCommittedBatchAndUpdatesEveryRowOnce() {
        try (TestDatabase db = TestPostgres.newDatabase(18)) {
            createUsers(db, 1000);
            // Outside public, so the desired schema (public only) does not see the counter as a table to drop.
            db.execute("CREATE SCHEMA audit", "CREATE TABLE audit.updates (id bigint PRIMARY KEY, n int NOT NULL)",
                    "CREATE FUNCTION audit.count_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                            + " INSERT INTO audit.updates VALUES (NEW.id, 1) ON CONFLICT (id) DO UPDATE SET n = updates.n + 1;"
                            + " RETURN NEW; END $$");
            ApplyOptions options = yes().withBatchSize(100);
            apply(db, options, desired(after()), PhaseSelection.EXPAND);
            // Only the backfill's updates are counted: the trigger goes on once EXPAND is done.
            db.execute("CREATE TRIGGER count_update AFTER UPDATE ON public.users FOR EACH ROW EXECUTE FUNCTION audit.count_update()");

            assertThrows(IllegalStateException.class, () -> apply(db, options, desired(after()), PhaseSelection.BACKFILL,
                    failAfterBatch(3), new ArrayList<>()));
            assertEquals(List.of(List.of("300", "{300}", "f")),
                    db.query("SELECT rows_done, last_key, finished FROM strata.backfill"));

            apply(db, options, desired(after()), PhaseSelection.BACKFILL);

            assertEquals(List.of(List.of("1000", "t")), db.query("SELECT rows_done, finished FROM strata.backfill"));
            assertEquals(List.of(List.of("1000", "1", "1")), db.query("SELECT count(*), min(n), max(n) FROM audit.updates"));
        }
    }

    @Test
    void statusShowsDoneAndPendingStepsAndTheNextGate() throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(18)) {
            createUsers(db, 10);
            apply(db, yes(), desired(after()), PhaseSelection.EXPAND);

            MigrationStatus status;
            try (Connection c = db.connect()) {
                status = MigrationStatus.read(c).orElseThrow();
            }

            assertEquals(Phase.BACKFILL, status.phase().orElseThrow());
            assertTrue(status.pending().contains("backfill-1"), status.pending().toString());
            String text = String.join("\n", status.describe());
            assertTrue(text.contains("done    expand-1"), text);
            assertTrue(text.contains("next gate gate-dual-write (deploy dual-write) asks:"), text);
        }
    }

    @Test
    void abandonMarksTheMigrationAndKeepsTheStepsDoneButRemovesTheSyncTriggerAndTheRenamesNewColumn() throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(18)) {
            createUsers(db, 10);
            apply(db, yes(), desired(after()), PhaseSelection.EXPAND);

            try (Connection c = db.connect()) {
                AbandonResult result = Executor.abandon(c);
                MigrationStatus abandoned = result.abandoned().orElseThrow();
                assertTrue(abandoned.done().containsKey("expand-1"));
                assertEquals(1, result.removed().size(), result.removed().toString());
                assertTrue(result.removed().getFirst().matches("sync trigger \\S+ and its function on public\\.users,"
                        + " column public\\.users\\.handle of the unfinished rename of username \\(username holds every"
                        + " value\\)"), result.removed().toString());
            }

            assertEquals(List.of(List.of("abandoned")), db.query("SELECT status FROM strata.migration"));
            // handle was a copy of username the backfill had not filled; username keeps every value.
            assertEquals(List.of(List.of("0", "10")), db.query("SELECT (SELECT count(*) FROM information_schema.columns"
                    + " WHERE table_name = 'users' AND column_name = 'handle'), count(username) FROM public.users"));
        }
    }

    static StepListener failBefore(String stepId) {
        return new StepListener() {
            @Override
            public void beforeStep(Step step) {
                if (step.id().equals(stepId)) {
                    throw new IllegalStateException("injected failure before " + stepId);
                }
            }
        };
    }

    static StepListener failAfterBatch(int n) {
        return new StepListener() {
            @Override
            public void afterBatch(BackfillStep step, int batch) {
                if (batch == n) {
                    throw new IllegalStateException("injected failure after batch " + n);
                }
            }
        };
    }
}
