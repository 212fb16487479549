package dev.strata.plan.recipe;

import dev.strata.ddl.CreateDdl;
import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.model.DataType;
import dev.strata.model.Identity;
import dev.strata.model.SequenceOptions;
import dev.strata.model.Table;
import dev.strata.plan.BackfillStep;
import dev.strata.plan.DdlStep;
import dev.strata.plan.DualWrite;
import dev.strata.plan.Gate;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockMode;
import dev.strata.plan.Phase;
import dev.strata.plan.Plan;
import dev.strata.plan.PlanningException;
import dev.strata.plan.TableWork;
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

class AddColumnRecipeTest {

    private static final Catalog BEFORE = catalog(table());

    private static Catalog with(Column column) {
        return catalog(table(column));
    }

    private static Plan planAdding(Column column, int major) {
        return plan(BEFORE, with(column), major);
    }

    // ---- pure ----

    @Test
    void nullableColumnWithoutDefaultIsOneCatalogOnlyExpandStepUndoneByDrop() {
        Plan plan = planAdding(Column.of("note", TEXT), 18);
        assertEquals(List.of("expand-1"), ids(plan));
        DdlStep add = step(plan, "expand-1");
        assertEquals(List.of("ALTER TABLE public.t ADD COLUMN IF NOT EXISTS note text"), add.sql());
        assertEquals(List.of(new LockHold(T, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)), add.locks());
        assertEquals(Optional.of(List.of("ALTER TABLE public.t DROP COLUMN IF EXISTS note")), add.inverseSql());
        assertEquals(Optional.empty(), add.dataLoss());
    }

    @Test
    void constantDefaultWithNotNullIsOneStepWithNoBackfill() {
        Plan plan = planAdding(Column.of("status", TEXT).withNullable(false).withDefault(Optional.of("'new'")), 14);
        assertEquals(List.of("expand-1"), ids(plan));
        assertEquals(List.of("ALTER TABLE public.t ADD COLUMN IF NOT EXISTS status text DEFAULT ('new') NOT NULL"),
                step(plan, "expand-1").sql());
        assertTrue(plan.violations().isEmpty());
    }

    @Test
    void nowIsANonVolatileDefault() {
        Plan plan = planAdding(Column.of("created", DataType.builtin("timestamp with time zone")).withNullable(false)
                .withDefault(Optional.of("now()")), 18);
        assertEquals(List.of("expand-1"), ids(plan));
    }

    @Test
    void volatileDefaultIsAddedNullableThenBackfilledThenMadeNotNullOnPg18() {
        Plan plan = planAdding(Column.of("token", DataType.builtin("uuid")).withNullable(false)
                .withDefault(Optional.of("gen_random_uuid()")), 18);
        assertEquals(List.of("expand-1", "gate-dual-write", "backfill-1", "gate-read-switch", "contract-1", "contract-2"), ids(plan));
        assertEquals(List.of("ALTER TABLE public.t ADD COLUMN IF NOT EXISTS token uuid",
                "ALTER TABLE public.t ALTER COLUMN token SET DEFAULT (gen_random_uuid())"), step(plan, "expand-1").sql());
        BackfillStep fill = (BackfillStep) plan.steps(Phase.BACKFILL).getFirst();
        assertEquals(List.of("id"), fill.key());
        assertEquals(List.of(new BackfillStep.Assignment("token", "gen_random_uuid()")), ((BackfillStep.Batch.Assign) fill.batch()).assignments());
        assertEquals("token IS NULL", ((BackfillStep.Batch.Assign) fill.batch()).pending());
        assertEquals(List.of("ALTER TABLE public.t ADD CONSTRAINT t_token_not_null NOT NULL token NOT VALID"),
                step(plan, "contract-1").sql());
        assertEquals(List.of(new LockHold(T, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)), step(plan, "contract-1").locks());
        assertEquals(List.of("ALTER TABLE public.t VALIDATE CONSTRAINT t_token_not_null"), step(plan, "contract-2").sql());
        assertEquals(List.of(new LockHold(T, LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.SCAN)), step(plan, "contract-2").locks());
        assertTrue(plan.violations().isEmpty());
    }

    @Test
    void volatileDefaultOnPg14IsMadeNotNullThroughAHelperCheck() {
        Plan plan = planAdding(Column.of("token", DataType.builtin("uuid")).withNullable(false)
                .withDefault(Optional.of("gen_random_uuid()")), 14);
        assertEquals(List.of("ALTER TABLE public.t ADD CONSTRAINT t_token_strata_nn CHECK (token IS NOT NULL) NOT VALID"),
                step(plan, "contract-1").sql());
        assertEquals(List.of("ALTER TABLE public.t VALIDATE CONSTRAINT t_token_strata_nn"), step(plan, "contract-2").sql());
        assertEquals(List.of("ALTER TABLE public.t ALTER COLUMN token SET NOT NULL",
                "ALTER TABLE public.t DROP CONSTRAINT IF EXISTS t_token_strata_nn"), step(plan, "contract-3").sql());
        assertEquals(List.of(new LockHold(T, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)), step(plan, "contract-3").locks());
    }

    @Test
    void notNullWithoutDefaultOrBackfillIsRefused() {
        var e = assertThrows(PlanningException.class, () -> planAdding(Column.of("c", TEXT).withNullable(false), 18));
        assertEquals(List.of("column public.t.c is NOT NULL with no default: existing rows have no value. Give it a default, "
                + "or a backfill expression (`backfill:` in the YAML), or make it nullable. (Planned with --url against an empty table, it is added directly.)"), e.reasons());
    }

    @Test
    void backfillReadingAColumnIsComputedByASyncTriggerUntilContract() {
        Plan plan = planAdding(Column.of("lname", TEXT).withNullable(false).withBackfill(Optional.of("lower(name)")), 18);
        assertEquals(List.of("expand-1", "expand-2", "gate-dual-write", "backfill-1", "gate-read-switch",
                "contract-1", "contract-2", "contract-3"), ids(plan));
        assertEquals(List.of("ALTER TABLE public.t ADD COLUMN IF NOT EXISTS lname text"), step(plan, "expand-1").sql());
        DdlStep trigger = step(plan, "expand-2");
        assertEquals(List.of(new LockHold(T, LockMode.SHARE_ROW_EXCLUSIVE, TableWork.CATALOG_ONLY)), trigger.locks());
        assertTrue(trigger.sql().get(1).startsWith("CREATE OR REPLACE TRIGGER strata_sync_t_lname BEFORE INSERT OR UPDATE ON public.t"));
        assertEquals(List.of("DROP TRIGGER IF EXISTS strata_sync_t_lname ON public.t", "DROP FUNCTION IF EXISTS public.strata_sync_t_lname()"),
                step(plan, "contract-3").sql());
        assertEquals(List.of(new DualWrite(DualWrite.Kind.DERIVED_COLUMN, T, List.of("id"), "name", TEXT, "lname", TEXT, "lname",
                "lower(name)", Optional.empty())), plan.dualWrites());
        Gate readSwitch = plan.gates().get(1);
        assertTrue(readSwitch.instructions().contains("The application writes public.t.lname itself (CONTRACT drops the trigger that computes it)."));
    }

    @Test
    void constantBackfillWithoutDefaultIsATemporaryDefaultDroppedInContract() {
        Plan plan = planAdding(Column.of("tier", TEXT).withNullable(false).withBackfill(Optional.of("'basic'")), 18);
        assertEquals(List.of("expand-1", "gate-read-switch", "contract-1"), ids(plan));
        assertEquals(List.of("ALTER TABLE public.t ADD COLUMN IF NOT EXISTS tier text DEFAULT ('basic') NOT NULL"),
                step(plan, "expand-1").sql());
        assertEquals(List.of("ALTER TABLE public.t ALTER COLUMN tier DROP DEFAULT"), step(plan, "contract-1").sql());
    }

    @Test
    void constantBackfillWithADifferentDefaultReplacesItInTheSameStep() {
        Plan plan = planAdding(Column.of("tier", TEXT).withNullable(false).withDefault(Optional.of("'trial'"))
                .withBackfill(Optional.of("'basic'")), 18);
        assertEquals(List.of("expand-1"), ids(plan));
        assertEquals(List.of("ALTER TABLE public.t ADD COLUMN IF NOT EXISTS tier text DEFAULT ('basic') NOT NULL",
                "ALTER TABLE public.t ALTER COLUMN tier SET DEFAULT ('trial')"), step(plan, "expand-1").sql());
    }

    @Test
    void volatileFillOnATableWithoutKeyIsRefused() {
        Table keyless = Table.of("t", List.of(Column.of("name", TEXT)));
        Column token = Column.of("token", DataType.builtin("uuid")).withDefault(Optional.of("gen_random_uuid()"));
        var e = assertThrows(PlanningException.class,
                () -> plan(catalog(keyless), catalog(keyless.withColumns(List.of(Column.of("name", TEXT), token)))));
        assertTrue(e.reasons().getFirst().contains("needs a primary key or a NOT NULL unique key on public.t"), e.reasons().getFirst());
    }

    @Test
    void identityColumnIsNumberedFromATemporarySequenceThenBecomesAnIdentity() {
        Column number = Column.of("number", BIGINT).withNullable(false)
                .withIdentity(Optional.of(new Identity(Identity.Generation.ALWAYS, SequenceOptions.defaultsFor(BIGINT))));
        Plan plan = planAdding(number, 18);
        assertEquals(List.of("expand-1", "expand-2", "gate-dual-write", "backfill-1", "gate-read-switch",
                "contract-1", "contract-2", "contract-3", "contract-4"), ids(plan));
        assertEquals(List.of("CREATE SEQUENCE public.t_number_strata_seq"), step(plan, "expand-1").sql());
        assertEquals(List.of("ALTER TABLE public.t ADD COLUMN IF NOT EXISTS number bigint",
                "ALTER TABLE public.t ALTER COLUMN number SET DEFAULT (nextval('public.t_number_strata_seq'::regclass))"),
                step(plan, "expand-2").sql());
        assertEquals(List.of("ALTER TABLE public.t ALTER COLUMN number DROP DEFAULT",
                "ALTER TABLE public.t ALTER COLUMN number ADD GENERATED ALWAYS AS IDENTITY",
                "SELECT setval((SELECT d.objid::regclass FROM pg_depend d JOIN pg_attribute a ON a.attrelid = d.refobjid"
                        + " AND a.attnum = d.refobjsubid WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass"
                        + " AND d.refobjid = 'public.t'::regclass AND a.attname = 'number' AND d.deptype = 'i'), last_value, is_called)"
                        + " FROM public.t_number_strata_seq"),
                step(plan, "contract-3").sql());
        assertEquals(List.of("DROP SEQUENCE IF EXISTS public.t_number_strata_seq"), step(plan, "contract-4").sql());
        assertTrue(plan.violations().isEmpty());
    }

    @Test
    void storedGeneratedColumnIsAnHonestRewriteThatThePolicyRefuses() {
        Plan plan = planAdding(Column.of("upper_name", TEXT).withGeneratedAs(Optional.of("upper(name)")), 18);
        DdlStep add = step(plan, "expand-1");
        assertEquals(List.of("ALTER TABLE public.t ADD COLUMN IF NOT EXISTS upper_name text GENERATED ALWAYS AS (upper(name)) STORED"),
                add.sql());
        assertEquals(List.of(new LockHold(T, LockMode.ACCESS_EXCLUSIVE, TableWork.REWRITE)), add.locks());
        assertEquals(1, plan.violations().size());
        assertTrue(plan.warnings().stream().anyMatch(w -> w.startsWith("add generated column public.t.upper_name: the table is rewritten")));
    }

    @Test
    void commentOfTheNewColumnIsSetInExpand() {
        Plan plan = planAdding(Column.of("note", TEXT).withComment(Optional.of("free text")), 18);
        assertEquals(List.of("COMMENT ON COLUMN public.t.note IS 'free text'"), step(plan, "expand-2").sql());
        assertEquals(Phase.EXPAND, step(plan, "expand-2").phase());
    }

    // ---- real database ----

    private static void seed(dev.strata.testing.TestDatabase db) {
        db.execute(CreateDdl.script(BEFORE), "INSERT INTO t (id, name) SELECT g, 'Name' || g FROM generate_series(1, 120) g");
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void constantDefaultFillsExistingRowsAndConverges(int major) {
        Catalog desired = with(Column.of("status", TEXT).withNullable(false).withDefault(Optional.of("'new'")));
        try (var db = TestPostgres.newDatabase(major)) {
            seed(db);
            StepRunner.runAll(db, plan(BEFORE, desired, major));
            assertEquals(List.of("120|new"), rows(db, "SELECT count(*), min(status) FROM t WHERE status = 'new'"));
            assertConverged(db, desired);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void volatileDefaultGivesEveryExistingRowItsOwnValueAndConverges(int major) {
        Catalog desired = with(Column.of("token", DataType.builtin("uuid")).withNullable(false).withDefault(Optional.of("gen_random_uuid()")));
        try (var db = TestPostgres.newDatabase(major)) {
            seed(db);
            StepRunner.runAll(db, plan(BEFORE, desired, major));
            assertEquals(List.of("120|0"), rows(db, "SELECT count(DISTINCT token), count(*) FILTER (WHERE token IS NULL) FROM t"));
            assertEquals(List.of("120"), rows(db, "SELECT count(*) FROM t WHERE name = 'Name' || id"));
            assertConverged(db, desired);
            assertEquals(List.of(), rows(db, "SELECT conname FROM pg_constraint WHERE conname LIKE '%strata%'"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void backfillExpressionFillsOldRowsAndOldWritersRowsThenConverges(int major) {
        Catalog desired = with(Column.of("lname", TEXT).withNullable(false).withBackfill(Optional.of("lower(name)")));
        try (var db = TestPostgres.newDatabase(major)) {
            seed(db);
            Plan plan = plan(BEFORE, desired, major);
            StepRunner.runPhase(db, plan, Phase.EXPAND);
            db.execute("INSERT INTO t (id, name) VALUES (500, 'OldApp')");
            StepRunner.runPhase(db, plan, Phase.BACKFILL);
            StepRunner.runPhase(db, plan, Phase.CONTRACT);
            assertEquals(List.of("121"), rows(db, "SELECT count(*) FROM t WHERE lname = lower(name)"));
            assertEquals(List.of("oldapp"), rows(db, "SELECT lname FROM t WHERE id = 500"));
            assertConverged(db, desired);
            assertEquals(List.of(), rows(db, "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void identityColumnNumbersExistingRowsAndContinuesAfterThem(int major) {
        Column number = Column.of("number", BIGINT).withNullable(false)
                .withIdentity(Optional.of(new Identity(Identity.Generation.BY_DEFAULT, SequenceOptions.defaultsFor(BIGINT))));
        Catalog desired = with(number);
        try (var db = TestPostgres.newDatabase(major)) {
            seed(db);
            Plan plan = plan(BEFORE, desired, major);
            StepRunner.runPhase(db, plan, Phase.EXPAND);
            db.execute("INSERT INTO t (id, name) VALUES (500, 'OldApp')");
            StepRunner.runPhase(db, plan, Phase.BACKFILL);
            StepRunner.runPhase(db, plan, Phase.CONTRACT);
            db.execute("INSERT INTO t (id, name) VALUES (501, 'NewApp')");
            assertEquals(List.of("122|122|122"), rows(db, "SELECT count(DISTINCT number), max(number), count(*) FROM t"));
            assertEquals(List.of("122"), rows(db, "SELECT number FROM t WHERE id = 501"));
            assertConverged(db, desired);
            assertEquals(List.of(), rows(db, "SELECT relname FROM pg_class WHERE relname LIKE '%strata%'"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void addingAColumnIsUndoneByItsInverse(int major) {
        Catalog desired = with(Column.of("status", TEXT).withNullable(false).withDefault(Optional.of("'new'"))
                .withComment(Optional.of("lifecycle")));
        try (var db = TestPostgres.newDatabase(major)) {
            seed(db);
            assertExpandReversible(db, plan(BEFORE, desired, major));
        }
    }
}
