package dev.strata.plan.recipe;

import dev.strata.ddl.CreateDdl;
import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.model.Table;
import dev.strata.plan.BackfillStep;
import dev.strata.plan.DdlStep;
import dev.strata.plan.GateKind;
import dev.strata.plan.Phase;
import dev.strata.plan.Plan;
import dev.strata.plan.PlanningException;
import dev.strata.plan.Undo;
import dev.strata.testing.StepRunner;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;

import static dev.strata.testing.TestCatalogs.*;
import static dev.strata.plan.recipe.ColumnRecipeFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

class SetNotNullRecipeTest {

    private static final Catalog BEFORE = catalog(table(Column.of("email", TEXT)));
    private static final Catalog AFTER = catalog(table(Column.of("email", TEXT).withNullable(false)));

    @Test
    void onPg18TheNotNullConstraintIsAddedNotValidThenValidatedInContract() {
        Plan plan = plan(BEFORE, AFTER, 18);
        assertEquals(List.of("gate-read-switch", "contract-1", "contract-2"), ids(plan));
        assertEquals(List.of("ALTER TABLE public.t ADD CONSTRAINT t_email_not_null NOT NULL email NOT VALID"), step(plan, "contract-1").sql());
        assertEquals(List.of("ALTER TABLE public.t VALIDATE CONSTRAINT t_email_not_null"), step(plan, "contract-2").sql());
        assertEquals(List.of("The application writes a non-null value to public.t.email on every insert and update (CONTRACT makes it NOT NULL)."),
                plan.gates().getFirst().instructions());
        assertTrue(plan.violations().isEmpty());
    }

    @Test
    void onPg18TheNotValidConstraintIsUndoneByDroppingItAndItsValidationHasNothingToUndo() {
        Plan plan = plan(BEFORE, AFTER, 18);
        assertEquals(Optional.of(List.of("ALTER TABLE public.t DROP CONSTRAINT IF EXISTS t_email_not_null")), step(plan, "contract-1").inverseSql());
        assertEquals(new Undo.Nothing(), step(plan, "contract-2").undo());
    }

    @Test
    void beforePg18EveryTighteningStepCanBeUndone() {
        Plan plan = plan(BEFORE, AFTER, 17);
        assertEquals(Optional.of(List.of("ALTER TABLE public.t DROP CONSTRAINT IF EXISTS t_email_strata_nn")), step(plan, "contract-1").inverseSql());
        assertEquals(new Undo.Nothing(), step(plan, "contract-2").undo());
        assertEquals(Optional.of(List.of("ALTER TABLE public.t ALTER COLUMN email DROP NOT NULL",
                "ALTER TABLE public.t ADD CONSTRAINT t_email_strata_nn CHECK (email IS NOT NULL) NOT VALID")), step(plan, "contract-3").inverseSql());
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void undoingContractStepByStepLeavesTheColumnNullableAsBefore(int major) {
        try (var db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(BEFORE), "INSERT INTO t SELECT g, 'n' || g, g || '@x' FROM generate_series(1, 20) g");
            Plan plan = plan(BEFORE, AFTER, major);
            StepRunner.runPhase(db, plan, Phase.CONTRACT);
            List<DdlStep> contract = ddl(plan).stream().filter(d -> d.phase() == Phase.CONTRACT).toList();
            for (DdlStep d : contract.reversed()) {
                StepRunner.runDdl(db, d.inverseSql().orElseThrow(() -> new AssertionError(d.id() + " cannot be undone")), d.transactional());
            }
            assertEquals(List.of("f"), rows(db, "SELECT attnotnull FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'email'"));
            assertEquals(List.of(), rows(db, "SELECT conname FROM pg_constraint WHERE conrelid = 't'::regclass AND conname LIKE '%email%'"));
            assertConverged(db, BEFORE);
        }
    }

    @Test
    void beforePg18AValidatedCheckLetsSetNotNullSkipItsScan() {
        Plan plan = plan(BEFORE, AFTER, 17);
        assertEquals(List.of("gate-read-switch", "contract-1", "contract-2", "contract-3"), ids(plan));
        assertEquals(List.of("ALTER TABLE public.t ALTER COLUMN email SET NOT NULL",
                "ALTER TABLE public.t DROP CONSTRAINT IF EXISTS t_email_strata_nn"), step(plan, "contract-3").sql());
        assertTrue(plan.violations().isEmpty());
    }

    @Test
    void aBackfillHintFillsTheNullsFirstWhileATriggerFillsNullWritesUntilContract() {
        // A comment change gives the plan an EXPAND phase, so the dual-write gate is emitted.
        Catalog commented = catalog(table(Column.of("email", TEXT).withNullable(false).withComment(Optional.of("contact"))
                .withBackfill(Optional.of("'unknown@example.com'"))));
        Plan plan = plan(BEFORE, commented, 18);
        assertEquals(List.of("expand-1", "expand-2", "gate-dual-write", "backfill-1", "gate-read-switch", "contract-1", "contract-2",
                "contract-3"), ids(plan));
        assertTrue(step(plan, "expand-1").sql().getFirst().contains("IF NEW.email IS NULL THEN\n    NEW.email := (SELECT ('unknown@example.com')"),
                step(plan, "expand-1").sql().getFirst());
        BackfillStep fill = (BackfillStep) plan.steps(dev.strata.plan.Phase.BACKFILL).getFirst();
        assertEquals(List.of(new BackfillStep.Assignment("email", "'unknown@example.com'")), ((BackfillStep.Batch.Assign) fill.batch()).assignments());
        assertEquals("email IS NULL", ((BackfillStep.Batch.Assign) fill.batch()).pending());
        assertEquals(List.of("DROP TRIGGER IF EXISTS strata_sync_t_email ON public.t", "DROP FUNCTION IF EXISTS public.strata_sync_t_email()"),
                step(plan, "contract-3").sql());
        // Instances not yet updated may write NULL until the read switch: the trigger covers them, as it does for renames.
        var readSwitch = plan.gates().stream().filter(g -> g.kind() == GateKind.DEPLOY_READ_SWITCH).findFirst().orElseThrow();
        assertTrue(readSwitch.instructions().getFirst().startsWith("The application writes a non-null value to public.t.email"));
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void anOldWriterThatStillWritesNullAfterTheBackfillDoesNotStopContract(int major) {
        Catalog desired = catalog(table(Column.of("email", TEXT).withNullable(false).withBackfill(Optional.of("name || '@unknown'"))));
        try (var db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(BEFORE), "INSERT INTO t SELECT g, 'n' || g, CASE WHEN g % 2 = 0 THEN 'kept' END FROM generate_series(1, 60) g");
            Plan plan = plan(BEFORE, desired, major);
            assertExpandReversible(db, plan);
            StepRunner.runPhase(db, plan, Phase.EXPAND);
            StepRunner.runPhase(db, plan, Phase.BACKFILL);
            db.execute("INSERT INTO t VALUES (100, 'late', NULL)", "UPDATE t SET email = NULL WHERE id = 2");
            StepRunner.runPhase(db, plan, Phase.CONTRACT);
            assertEquals(List.of("2|n2@unknown", "100|late@unknown"), rows(db, "SELECT id || '|' || email FROM t WHERE id IN (2, 100) ORDER BY id"));
            assertEquals(List.of(), rows(db, "SELECT proname FROM pg_proc WHERE proname LIKE 'strata%'"));
            assertConverged(db, desired);
        }
    }

    @Test
    void aBackfillHintOnATableWithoutKeyIsRefused() {
        Table before = Table.of("t", List.of(Column.of("email", TEXT)));
        Table after = Table.of("t", List.of(Column.of("email", TEXT).withNullable(false).withBackfill(Optional.of("'x'"))));
        var e = assertThrows(PlanningException.class, () -> plan(catalog(before), catalog(after)));
        assertTrue(e.reasons().getFirst().startsWith("set not null on public.t.email: the backfill of its NULL rows needs a primary key"));
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void tighteningLeavesTheColumnNotNullWithNoHelperLeftAndConverges(int major) {
        try (var db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(BEFORE), "INSERT INTO t SELECT g, 'n' || g, g || '@x' FROM generate_series(1, 80) g");
            StepRunner.runAll(db, plan(BEFORE, AFTER, major));
            assertEquals(List.of("t"), rows(db, "SELECT attnotnull FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'email'"));
            assertEquals(List.of(), rows(db, "SELECT conname FROM pg_constraint WHERE conname LIKE '%strata%'"));
            assertEquals(List.of("80"), rows(db, "SELECT count(*) FROM t WHERE email = id || '@x'"));
            assertConverged(db, AFTER);
        }
    }

    @Test
    void onPg18TheValidatedConstraintIsTheColumnsOwnNotNullConstraint() {
        try (var db = TestPostgres.newDatabase(18)) {
            db.execute(CreateDdl.script(BEFORE), "INSERT INTO t SELECT g, 'n', 'e' FROM generate_series(1, 10) g");
            StepRunner.runAll(db, plan(BEFORE, AFTER, 18));
            assertEquals(List.of("t_email_not_null|n|t"), rows(db,
                    "SELECT conname, contype, convalidated FROM pg_constraint WHERE conrelid = 't'::regclass AND contype = 'n' AND conname LIKE '%email%'"));
            var e = assertThrows(IllegalStateException.class, () -> db.execute("INSERT INTO t VALUES (99, 'n', NULL)"));
            assertTrue(e.getMessage().contains("null value in column \"email\""), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void validationFailsWhileARowStillHoldsNull(int major) {
        try (var db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(BEFORE), "INSERT INTO t VALUES (1, 'n', NULL)");
            Plan plan = plan(BEFORE, AFTER, major);
            StepRunner.run(db, plan.steps(Phase.CONTRACT).getFirst());
            assertThrows(IllegalStateException.class, () -> StepRunner.run(db, plan.steps(Phase.CONTRACT).get(1)));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void backfillHintReplacesTheNullsBeforeTightening(int major) {
        Catalog desired = catalog(table(Column.of("email", TEXT).withNullable(false).withBackfill(Optional.of("name || '@unknown'"))));
        try (var db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(BEFORE),
                    "INSERT INTO t SELECT g, 'n' || g, CASE WHEN g % 2 = 0 THEN 'kept' END FROM generate_series(1, 60) g");
            StepRunner.runAll(db, plan(BEFORE, desired, major));
            assertEquals(List.of("kept|30", "n1@unknown|1"), rows(db,
                    "SELECT email, count(*) FROM t WHERE email IN ('kept', 'n1@unknown') GROUP BY email ORDER BY email"));
            assertConverged(db, desired);
        }
    }
}
