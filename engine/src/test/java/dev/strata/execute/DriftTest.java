package dev.strata.execute;

import dev.strata.diagnostics.StrataException;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.LoadedSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

import static dev.strata.execute.ExecutorFixture.apply;
import static dev.strata.execute.ExecutorFixture.desired;
import static dev.strata.execute.ExecutorFixture.yaml;
import static dev.strata.execute.ExecutorFixture.yes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A migration stays open between phases, possibly for days: a hand change to its tables, or a changed desired schema,
 * in that time must stop it before anything runs, naming the change and the two ways forward, never let its recorded
 * steps run into a schema nobody planned.
 */
class DriftTest {

    private static final String NOTES = """
              notes:
                columns:
                  id: { type: bigint, nullable: false }
                  body: text
                primary_key: [id]
            """;
    private static final LoadedSchema BEFORE = yaml("""
            tables:
              items:
                columns:
                  id: { type: bigint, nullable: false }
                  qty: integer
                primary_key: [id]
            """ + NOTES);
    /** A rewriting type change: shadow column and sync trigger in EXPAND, backfill, swap in CONTRACT. */
    private static final LoadedSchema AFTER = yaml("""
            tables:
              items:
                columns:
                  id: { type: bigint, nullable: false }
                  qty: bigint
                primary_key: [id]
            """ + NOTES);
    private static final LoadedSchema AFTER_WITH_NOTE = yaml("""
            tables:
              items:
                columns:
                  id: { type: bigint, nullable: false }
                  qty: bigint
                  note: text
                primary_key: [id]
            """ + NOTES);

    private static final String STEPS = "SELECT count(*) FROM strata.step";

    private static void createItems(TestDatabase db, int rows) {
        ExecutorFixture.create(db, BEFORE);
        db.execute("INSERT INTO public.items SELECT g, g FROM generate_series(1, " + rows + ") g");
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void handChangesToTheMigratingTableBetweenExpandAndBackfillAreRefusedByNameBeforeAnythingRuns(int major)
            throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            createItems(db, 200);
            apply(db, yes(), desired(AFTER), PhaseSelection.EXPAND);
            List<List<String>> stepsBefore = db.query(STEPS);
            db.execute("ALTER TABLE public.items ADD COLUMN note text",
                    "ALTER TABLE public.items ALTER COLUMN id TYPE numeric");

            StrataException e = assertThrows(StrataException.class,
                    () -> apply(db, yes(), desired(AFTER), PhaseSelection.BACKFILL));

            String message = e.getMessage();
            assertTrue(message.contains("add column public.items.note text"), message);
            assertTrue(message.contains("change type of column public.items.id from bigint to numeric"), message);
            assertTrue(message.contains("nothing was run"), message);
            assertTrue(message.contains("strata abandon"), message);
            assertEquals(stepsBefore, db.query(STEPS));
            assertEquals(List.of(), db.query("SELECT * FROM strata.backfill"));
            try (Connection c = db.connect()) {
                List<String> status = MigrationStatus.read(c).orElseThrow().describe();
                assertTrue(status.contains("changed outside Strata since its step expand-2 (strata apply refuses to"
                        + " continue until this is undone, or strata abandon):"), status.toString());
                assertTrue(status.contains("  add column public.items.note text"), status.toString());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aHandChangeWhileApplyRunsStopsItBeforeTheNextStep(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            createItems(db, 100);
            StepListener meddler = new StepListener() {
                @Override
                public void afterStep(dev.strata.plan.Step step) {
                    if (step.id().equals("expand-1")) {
                        db.execute("ALTER TABLE public.items ADD COLUMN note text");
                    }
                }
            };

            StrataException e = assertThrows(StrataException.class,
                    () -> apply(db, yes(), desired(AFTER), PhaseSelection.ALL, meddler, new ArrayList<>()));

            assertTrue(e.getMessage().startsWith("the tables of migration 1 were changed outside Strata since its step"
                    + " expand-1, so nothing after expand-1 was run:\n  add column public.items.note text\n"), e.getMessage());
            assertEquals(List.of(List.of("expand-1")), db.query("SELECT step_id FROM strata.step"));
        }
    }

    /**
     * The snapshot is saved after a step commits (never under its locks), so a crash in between leaves an earlier
     * one: the next apply must take the step's own work for what it is, not for a hand change, and watch on from there.
     */
    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aSnapshotOlderThanTheLastDoneStepIsReplacedNotReportedAsDrift(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            createItems(db, 100);
            StepListener keepStart = new StepListener() {
                @Override
                public void beforeStep(dev.strata.plan.Step step) {
                    if (step.id().equals("expand-1")) {
                        db.execute("CREATE TABLE public.start_snapshot AS SELECT snapshot, snapshot_after FROM strata.migration");
                    }
                }
            };
            apply(db, yes(), desired(AFTER), PhaseSelection.EXPAND, keepStart, new ArrayList<>());
            // As if the process died after each step's commit, before its snapshot.
            db.execute("UPDATE strata.migration m SET snapshot = s.snapshot, snapshot_after = s.snapshot_after"
                    + " FROM public.start_snapshot s", "DROP TABLE public.start_snapshot");

            apply(db, yes(), desired(AFTER), PhaseSelection.BACKFILL);

            assertEquals(List.of(List.of("expand-2")), db.query("SELECT snapshot_after FROM strata.migration"));
            db.execute("ALTER TABLE public.items ADD COLUMN note text");
            StrataException e = assertThrows(StrataException.class,
                    () -> apply(db, yes(), desired(AFTER), PhaseSelection.CONTRACT));
            assertTrue(e.getMessage().contains("add column public.items.note text"), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void droppingTheShadowColumnBetweenBackfillAndContractIsRefusedByNameBeforeAnythingRuns(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            createItems(db, 200);
            apply(db, yes(), desired(AFTER), PhaseSelection.EXPAND);
            apply(db, yes(), desired(AFTER), PhaseSelection.BACKFILL);
            String shadow = db.query("SELECT attname FROM pg_attribute WHERE attrelid = 'public.items'::regclass"
                    + " AND attnum > 0 AND NOT attisdropped AND attname NOT IN ('id', 'qty')").getFirst().getFirst();
            List<List<String>> stepsBefore = db.query(STEPS);
            db.execute("ALTER TABLE public.items DROP COLUMN " + shadow + " CASCADE");

            StrataException e = assertThrows(StrataException.class,
                    () -> apply(db, yes().withAllowDataLoss(true), desired(AFTER), PhaseSelection.CONTRACT));

            assertTrue(e.getMessage().contains("drop column public.items." + shadow), e.getMessage());
            assertEquals(stepsBefore, db.query(STEPS));
            assertEquals(List.of(List.of("integer")), db.query(
                    "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'public.items'::regclass"
                            + " AND attname = 'qty'"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aChangedDesiredSchemaBetweenExpandAndContractIsRefusedNamingTheExtraChangeAndAbandonThenConverges(int major)
            throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            createItems(db, 200);
            apply(db, yes(), desired(AFTER), PhaseSelection.EXPAND);
            List<List<String>> stepsBefore = db.query(STEPS);

            StrataException e = assertThrows(StrataException.class,
                    () -> apply(db, yes(), desired(AFTER_WITH_NOTE), PhaseSelection.CONTRACT));

            String message = e.getMessage();
            assertTrue(message.contains("add column public.items.note text"), message);
            assertTrue(message.contains("strata abandon"), message);
            assertFalse(message.contains("change type of column public.items.qty"), message);
            assertEquals(stepsBefore, db.query(STEPS));
            dev.strata.plan.Plan saved;
            try (Connection c = db.connect()) {
                saved = PlanService.plan(c, AFTER_WITH_NOTE, "test");
            }
            String other = assertThrows(StrataException.class,
                    () -> apply(db, yes(), new PlanSource.Saved(saved), PhaseSelection.CONTRACT)).getMessage();
            assertTrue(other.contains("is applying another plan, so nothing was run") && other.contains(
                    "\n  add column public.items.note text\n"), other);
            assertEquals(stepsBefore, db.query(STEPS));

            try (Connection c = db.connect()) {
                Executor.abandon(c);
            }
            assertEquals(ApplyResult.Outcome.MIGRATION_DONE,
                    apply(db, yes(), desired(AFTER_WITH_NOTE), PhaseSelection.ALL).outcome());
            try (Connection c = db.connect()) {
                assertTrue(PlanService.plan(c, AFTER_WITH_NOTE, "test").isEmpty());
            }
            assertEquals(List.of(List.of("200", "20100")), db.query("SELECT count(*), sum(qty) FROM public.items"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void rowsWrittenBetweenPhasesAndAHandChangeToAnUnrelatedTableDoNotStopTheMigration(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            createItems(db, 200);
            apply(db, yes(), desired(AFTER), PhaseSelection.EXPAND);
            db.execute("INSERT INTO public.items SELECT g, g FROM generate_series(201, 300) g",
                    "UPDATE public.items SET qty = qty + 1 WHERE id <= 10",
                    "ALTER TABLE public.notes ADD COLUMN author text");
            apply(db, yes(), desired(AFTER), PhaseSelection.BACKFILL);
            db.execute("DELETE FROM public.items WHERE id > 290", "CREATE INDEX notes_body ON public.notes (body)");

            assertEquals(ApplyResult.Outcome.MIGRATION_DONE,
                    apply(db, yes(), desired(AFTER), PhaseSelection.CONTRACT).outcome());
            assertEquals(List.of(List.of("290", String.valueOf(290 * 291 / 2 + 10))),
                    db.query("SELECT count(*), sum(qty) FROM public.items"));
        }
    }

    /** A concurrent build runs outside a transaction: the index it finished before the crash is its own, not drift. */
    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void anIndexBuiltConcurrentlyBeforeACrashThatKeptItsRecordIsNotDriftAndTheRerunFinishes(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            createItems(db, 50);
            LoadedSchema indexed = yaml("""
                    tables:
                      items:
                        columns:
                          id: { type: bigint, nullable: false }
                          qty: integer
                        primary_key: [id]
                        indexes:
                          - { name: items_qty, columns: [qty] }
                    """ + NOTES);
            StepListener crash = new StepListener() {
                @Override
                public void inStatement(dev.strata.plan.Step step) {
                    throw new IllegalStateException("crash after " + step.id());
                }
            };
            assertThrows(IllegalStateException.class,
                    () -> apply(db, yes(), desired(indexed), PhaseSelection.ALL, crash, new ArrayList<>()));
            assertEquals(List.of(List.of("1")), db.query("SELECT count(*) FROM pg_indexes WHERE indexname = 'items_qty'"));

            assertEquals(ApplyResult.Outcome.MIGRATION_DONE, apply(db, yes(), desired(indexed), PhaseSelection.ALL).outcome());
        }
    }

    @Test
    void aMigrationRecordedBeforeSnapshotsExistedContinues() throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(18)) {
            createItems(db, 50);
            apply(db, yes(), desired(AFTER), PhaseSelection.EXPAND);
            // The state tables as Strata wrote them before drift checks: no snapshot columns.
            db.execute("ALTER TABLE strata.migration DROP COLUMN IF EXISTS desired_catalog,"
                    + " DROP COLUMN IF EXISTS snapshot, DROP COLUMN IF EXISTS snapshot_after");
            try (Connection c = db.connect()) {
                assertTrue(MigrationStatus.read(c).orElseThrow().drift().isEmpty());
            }
            List<String> log = new ArrayList<>();

            ApplyResult result = apply(db, yes(), desired(AFTER), PhaseSelection.ALL, StepListener.NONE, log);

            assertEquals(ApplyResult.Outcome.MIGRATION_DONE, result.outcome(), log.toString());
        }
    }
}
