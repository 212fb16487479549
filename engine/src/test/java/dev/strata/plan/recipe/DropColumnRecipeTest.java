package dev.strata.plan.recipe;

import dev.strata.ddl.CreateDdl;
import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockMode;
import dev.strata.plan.Phase;
import dev.strata.plan.Plan;
import dev.strata.plan.TableWork;
import dev.strata.testing.StepRunner;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;

import dev.strata.plan.GateKind;
import dev.strata.plan.GateStep;

import static dev.strata.testing.TestCatalogs.*;
import static dev.strata.plan.recipe.ColumnRecipeFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

class DropColumnRecipeTest {

    private static final Catalog BEFORE = catalog(table(Column.of("legacy", TEXT).withNullable(false)));
    private static final Catalog AFTER = catalog(table());

    @Test
    void aNotNullColumnWithoutDefaultLosesNotNullInExpandSoTheNewApplicationMayInsertWithoutIt() {
        Plan plan = plan(BEFORE, AFTER);
        assertEquals(List.of("expand-1", "gate-read-switch", "contract-1"), ids(plan));
        var loosen = step(plan, "expand-1");
        assertEquals(List.of("ALTER TABLE public.t ALTER COLUMN legacy DROP NOT NULL"), loosen.statements());
        assertEquals(List.of(new LockHold(T, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)), loosen.locks());
        assertEquals(Optional.of(List.of("ALTER TABLE public.t ALTER COLUMN legacy SET NOT NULL")), loosen.inverse());
        assertEquals(List.of("ALTER TABLE public.t DROP COLUMN IF EXISTS legacy"), step(plan, "contract-1").statements());
    }

    @Test
    void withoutABackfillTheOneDeployBeforeContractAsksWhatTheDualWriteGateWouldHave() {
        Plan plan = plan(BEFORE, AFTER);
        assertEquals(List.of(GateKind.DEPLOY_READ_SWITCH), plan.gates().stream().map(GateStep::kind).toList());
        assertEquals(List.of("The application may stop writing public.t.legacy (EXPAND made it nullable).",
                "The application no longer reads or writes public.t.legacy (CONTRACT drops it)."),
                plan.gates().getFirst().instructions());
    }

    @Test
    void aColumnThatInsertsNeedNotNameKeepsItsNotNullUntilItIsDropped() {
        Catalog withDefault = catalog(table(Column.of("legacy", TEXT).withNullable(false).withDefault(Optional.of("'x'::text"))));
        assertEquals(List.of(), plan(withDefault, AFTER).steps(Phase.EXPAND));
        Catalog nullable = catalog(table(Column.of("legacy", TEXT)));
        assertEquals(List.of(), plan(nullable, AFTER).steps(Phase.EXPAND));
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void afterExpandAnInsertWithoutTheColumnSucceedsAndTheOldValuesStayUntilContract(int major) {
        try (var db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(BEFORE), "INSERT INTO t SELECT g, 'n', 'l' || g FROM generate_series(1, 30) g");
            Plan plan = plan(BEFORE, AFTER, major);
            assertExpandReversible(db, plan);
            StepRunner.runPhase(db, plan, Phase.EXPAND);
            db.execute("INSERT INTO t (id, name) VALUES (100, 'new application')");
            assertEquals(List.of("30"), rows(db, "SELECT count(*) FROM t WHERE legacy = 'l' || id"));
            StepRunner.runPhase(db, plan, Phase.CONTRACT);
            assertConverged(db, AFTER);
        }
    }
}
