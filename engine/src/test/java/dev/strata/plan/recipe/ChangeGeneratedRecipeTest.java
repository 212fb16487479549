package dev.strata.plan.recipe;

import dev.strata.ddl.CreateDdl;
import dev.strata.model.Catalog;
import dev.strata.model.Column;
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

class ChangeGeneratedRecipeTest {

    private static Catalog upperName(Optional<String> generated) {
        return catalog(table(Column.of("upper_name", TEXT).withGeneratedAs(generated)));
    }

    @Test
    void droppingTheExpressionHandsTheComputationToATriggerUntilContract() {
        Plan plan = plan(upperName(Optional.of("upper(name)")), upperName(Optional.empty()));
        assertEquals(List.of("expand-1", "gate-read-switch", "contract-1"), ids(plan));
        var drop = step(plan, "expand-1");
        assertEquals("ALTER TABLE public.t ALTER COLUMN upper_name DROP EXPRESSION IF EXISTS", drop.sql().getFirst());
        assertTrue(drop.sql().get(2).startsWith("CREATE OR REPLACE TRIGGER strata_sync_t_upper_name"));
        assertEquals(List.of(new LockHold(T, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)), drop.locks());
        assertEquals(List.of("DROP TRIGGER IF EXISTS strata_sync_t_upper_name ON public.t",
                "DROP FUNCTION IF EXISTS public.strata_sync_t_upper_name()"), step(plan, "contract-1").sql());
    }

    @Test
    void changingTheExpressionOnPg17IsAnHonestRewrite() {
        Plan plan = plan(upperName(Optional.of("upper(name)")), upperName(Optional.of("lower(name)")), 17);
        var step = step(plan, "contract-1");
        assertEquals(List.of("ALTER TABLE public.t ALTER COLUMN upper_name SET EXPRESSION AS (lower(name))"), step.sql());
        assertEquals(List.of(new LockHold(T, LockMode.ACCESS_EXCLUSIVE, TableWork.REWRITE)), step.locks());
        assertEquals(1, plan.violations().size());
        assertFalse(plan.warnings().isEmpty());
    }

    @Test
    void changingTheExpressionBeforePg17IsRefused() {
        var e = assertThrows(PlanningException.class,
                () -> plan(upperName(Optional.of("upper(name)")), upperName(Optional.of("lower(name)")), 16));
        assertTrue(e.reasons().getFirst().startsWith("the generation expression of public.t.upper_name cannot be changed on PostgreSQL 16"));
    }

    @Test
    void aPlainColumnCannotBecomeGenerated() {
        var e = assertThrows(PlanningException.class, () -> plan(upperName(Optional.empty()), upperName(Optional.of("upper(name)"))));
        assertTrue(e.reasons().getFirst().startsWith("column public.t.upper_name cannot become a generated column"));
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void droppedExpressionKeepsValuesAndOldWritersStillGetThemComputed(int major) {
        Catalog before = upperName(Optional.of("upper(name)"));
        Catalog after = upperName(Optional.empty());
        try (var db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(before), "INSERT INTO t (id, name) SELECT g, 'n' || g FROM generate_series(1, 30) g");
            Plan plan = plan(before, after, major);
            StepRunner.runPhase(db, plan, Phase.EXPAND);
            db.execute("INSERT INTO t (id, name) VALUES (100, 'old app')", "UPDATE t SET name = 'renamed' WHERE id = 1");
            assertEquals(List.of("OLD APP", "RENAMED"), rows(db, "SELECT upper_name FROM t WHERE id IN (1, 100) ORDER BY id DESC"));
            StepRunner.runPhase(db, plan, Phase.CONTRACT);
            db.execute("INSERT INTO t VALUES (101, 'new app', 'written')");
            assertEquals(List.of("31"), rows(db, "SELECT count(*) FROM t WHERE upper_name = upper(name)"));
            assertConverged(db, after);
        }
    }
}
