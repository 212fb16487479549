package dev.strata.plan.recipe;

import dev.strata.diff.ExpressionEquality;
import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.model.DataType;
import dev.strata.model.Deferrability;
import dev.strata.model.ExclusionConstraint;
import dev.strata.model.IndexKey;
import dev.strata.model.Identity;
import dev.strata.model.SequenceOptions;
import dev.strata.model.Table;
import dev.strata.plan.DdlStep;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockMode;
import dev.strata.plan.Plan;
import dev.strata.plan.PlanRequest;
import dev.strata.plan.Planner;
import dev.strata.plan.PlanningException;
import dev.strata.plan.TableFacts;
import dev.strata.plan.TableWork;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.strata.testing.TestCatalogs.*;
import static dev.strata.plan.recipe.ColumnRecipeFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

/** Refusals that exist only because existing rows would need a value: an empty table (known with --url) has none. */
class EmptyTableRecipesTest {

    private static final Table KEYLESS = Table.of("t", List.of(Column.of("name", TEXT)));
    private static final Column NUMBER = Column.of("number", BIGINT).withNullable(false)
            .withIdentity(Optional.of(new Identity(Identity.Generation.ALWAYS, SequenceOptions.defaultsFor(BIGINT))));
    private static final Column TOKEN = Column.of("token", DataType.builtin("uuid")).withNullable(false)
            .withDefault(Optional.of("gen_random_uuid()"));
    private static final Column UPPER = Column.of("shout", TEXT).withBackfill(Optional.of("upper(name)"));

    private static Plan plan(Column added, boolean empty) {
        Catalog after = catalog(KEYLESS.withColumns(List.of(Column.of("name", TEXT), added)));
        return Planner.plan(new PlanRequest(catalog(KEYLESS), after, 18, Map.of(T, new TableFacts(8192, 0, empty)), "test",
                List.of(), ExpressionEquality.TEXTUAL));
    }

    private static DdlStep onlyStep(Plan plan) {
        List<DdlStep> steps = ddl(plan);
        assertEquals(1, steps.size(), ids(plan).toString());
        return steps.getFirst();
    }

    private static void assertLockedAndGuarded(DdlStep step, String statement) {
        assertEquals("LOCK TABLE public.t IN ACCESS EXCLUSIVE MODE", step.sql().getFirst());
        assertTrue(step.sql().get(1).startsWith("DO "), step.sql().toString());
        assertEquals(statement, step.sql().getLast());
        assertEquals(List.of(new LockHold(T, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)), step.locks());
        assertTrue(step.facts().getFirst().startsWith("The table is empty (0 rows at plan time)"), step.facts().toString());
    }

    @Test
    void identityColumnOnAnEmptyKeylessTableIsAddedDirectlyInOneGuardedStep() {
        Plan plan = plan(NUMBER, true);
        DdlStep add = onlyStep(plan);
        assertLockedAndGuarded(add, "ALTER TABLE public.t ADD COLUMN IF NOT EXISTS number bigint GENERATED ALWAYS AS IDENTITY NOT NULL");
        assertEquals(Optional.of(List.of("ALTER TABLE public.t DROP COLUMN IF EXISTS number")), add.inverseSql());
        assertTrue(plan.violations().isEmpty(), plan.violations().toString());
    }

    @Test
    void identityColumnOnAKeylessTableWithRowsIsStillRefused() {
        var e = assertThrows(PlanningException.class, () -> plan(NUMBER, false));
        assertTrue(e.reasons().getFirst().startsWith("identity column public.t.number"), e.reasons().toString());
    }

    @Test
    void volatileDefaultOnAnEmptyKeylessTableIsAddedDirectlyWithItsDeclaredDefinition() {
        Plan plan = plan(TOKEN, true);
        assertLockedAndGuarded(onlyStep(plan),
                "ALTER TABLE public.t ADD COLUMN IF NOT EXISTS token uuid DEFAULT (gen_random_uuid()) NOT NULL");
        assertTrue(plan.violations().isEmpty(), plan.violations().toString());
    }

    @Test
    void backfillReadingOtherColumnsIsNotNeededOnAnEmptyKeylessTable() {
        assertLockedAndGuarded(onlyStep(plan(UPPER, true)), "ALTER TABLE public.t ADD COLUMN IF NOT EXISTS shout text");
    }

    @Test
    void volatileDefaultOnAKeylessTableWithRowsIsStillRefused() {
        var e = assertThrows(PlanningException.class, () -> plan(TOKEN, false));
        assertTrue(e.reasons().getFirst().contains("needs its existing rows filled with gen_random_uuid()"), e.reasons().toString());
    }

    private static final Table KEYLESS_PRICE = Table.of("t", List.of(Column.of("price", TEXT).withDefault(Optional.of("'0'"))));

    private static Plan retype(Column desired, boolean empty) {
        return Planner.plan(new PlanRequest(catalog(KEYLESS_PRICE), catalog(KEYLESS_PRICE.withColumns(List.of(desired))), 18,
                Map.of(T, new TableFacts(8192, 0, empty)), "test", List.of(), ExpressionEquality.TEXTUAL));
    }

    @Test
    void rewritingTypeChangeOnAnEmptyKeylessTableIsOneGuardedAlterType() {
        Plan plan = retype(Column.of("price", INTEGER).withDefault(Optional.of("0")).withUsing(Optional.of("price::integer")), true);
        DdlStep step = onlyStep(plan);
        assertEquals(List.of("ALTER TABLE public.t ALTER COLUMN price DROP DEFAULT",
                "ALTER TABLE public.t ALTER COLUMN price TYPE integer USING (price::integer)",
                "ALTER TABLE public.t ALTER COLUMN price SET DEFAULT (0)"), step.sql().subList(2, 5));
        assertLockedAndGuarded(step, "ALTER TABLE public.t ALTER COLUMN price SET DEFAULT (0)");
        assertTrue(plan.violations().isEmpty(), plan.violations().toString());
    }

    @Test
    void rewritingTypeChangeOnAKeylessTableWithRowsIsStillRefused() {
        var e = assertThrows(PlanningException.class, () -> retype(Column.of("price", INTEGER).withDefault(Optional.of("0")), false));
        assertTrue(e.reasons().getFirst().contains("cannot be backfilled in batches"), e.reasons().toString());
    }

    @Test
    void renameOnAnEmptyKeylessTableIsStillRefusedSinceTheOldApplicationReadsTheOldName() {
        var e = assertThrows(PlanningException.class, () -> retype(Column.of("cost", TEXT).withDefault(Optional.of("'0'"))
                .withRenamedFrom(Optional.of("price")), true));
        assertTrue(e.reasons().getFirst().contains("cannot be backfilled in batches"), e.reasons().toString());
    }

    private static Plan setNotNull(boolean empty) {
        Table after = KEYLESS.withColumns(List.of(Column.of("name", TEXT).withNullable(false).withBackfill(Optional.of("'?'"))));
        return Planner.plan(new PlanRequest(catalog(KEYLESS), catalog(after), 18, Map.of(T, new TableFacts(8192, 0, empty)), "test",
                List.of(), ExpressionEquality.TEXTUAL));
    }

    @Test
    void setNotNullWithABackfillOnAnEmptyKeylessTableIsOneGuardedStepBehindTheGate() {
        Plan plan = setNotNull(true);
        assertEquals(List.of("gate-read-switch", "contract-1"), ids(plan));
        assertLockedAndGuarded(onlyStep(plan), "ALTER TABLE public.t ALTER COLUMN name SET NOT NULL");
        assertTrue(plan.violations().isEmpty(), plan.violations().toString());
    }

    @Test
    void setNotNullWithABackfillOnAKeylessTableWithRowsIsStillRefused() {
        var e = assertThrows(PlanningException.class, () -> setNotNull(false));
        assertTrue(e.reasons().getFirst().contains("the backfill of its NULL rows needs a primary key"), e.reasons().toString());
    }

    private static final Column STORED = Column.of("shout", TEXT).withGeneratedAs(Optional.of("upper(name)"));

    @Test
    void storedGeneratedColumnOnAnEmptyTableIsOneGuardedStepWithoutTheRewrite() {
        Plan plan = plan(STORED, true);
        assertLockedAndGuarded(onlyStep(plan),
                "ALTER TABLE public.t ADD COLUMN IF NOT EXISTS shout text GENERATED ALWAYS AS (upper(name)) STORED");
        assertTrue(plan.violations().isEmpty(), plan.violations().toString());
    }

    @Test
    void storedGeneratedColumnOnATableWithRowsStillRewritesItUnderTheLockPolicy() {
        Plan plan = plan(STORED, false);
        assertEquals(List.of(new LockHold(T, LockMode.ACCESS_EXCLUSIVE, TableWork.REWRITE)), onlyStep(plan).locks());
        assertFalse(plan.violations().isEmpty());
    }

    private static final Table RANGED = Table.of("t", List.of(Column.of("during", DataType.builtin("int4range"))));

    private static Plan exclude(boolean empty) {
        Table after = RANGED.withExclusions(List.of(new ExclusionConstraint("t_during_excl", "gist",
                List.of(new ExclusionConstraint.Element(IndexKey.column("during"), "&&")), Optional.empty(),
                Deferrability.NOT_DEFERRABLE)));
        return Planner.plan(new PlanRequest(catalog(RANGED), catalog(after), 18, Map.of(T, new TableFacts(8192, 0, empty)), "test",
                List.of(), ExpressionEquality.TEXTUAL));
    }

    @Test
    void exclusionConstraintOnAnEmptyTableIsOneGuardedStepBehindTheGate() {
        Plan plan = exclude(true);
        assertEquals(List.of("gate-read-switch", "contract-1"), ids(plan));
        assertLockedAndGuarded(onlyStep(plan),
                "ALTER TABLE public.t ADD CONSTRAINT t_during_excl EXCLUDE USING gist (during WITH &&)");
        assertTrue(plan.violations().isEmpty(), plan.violations().toString());
    }

    @Test
    void exclusionConstraintOnATableWithRowsStillScansUnderAccessExclusive() {
        Plan plan = exclude(false);
        assertEquals(List.of(new LockHold(T, LockMode.ACCESS_EXCLUSIVE, TableWork.SCAN)), onlyStep(plan).locks());
        assertFalse(plan.violations().isEmpty());
    }
}
