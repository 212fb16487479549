package dev.strata.plan.recipe;

import dev.strata.ddl.CreateDdl;
import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockMode;
import dev.strata.plan.Plan;
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
import static org.junit.jupiter.api.Assertions.assertEquals;

class ChangeDefaultRecipeTest {

    private static Catalog withDefault(Optional<String> value) {
        return catalog(table(Column.of("status", TEXT).withDefault(value)));
    }

    @Test
    void newDefaultIsSetInExpandAndTheInverseRestoresTheOldOne() {
        Plan plan = plan(withDefault(Optional.of("'old'")), withDefault(Optional.of("'new'")));
        assertEquals(List.of("expand-1"), ids(plan));
        var step = step(plan, "expand-1");
        assertEquals(List.of("ALTER TABLE public.t ALTER COLUMN status SET DEFAULT ('new')"), step.sql());
        assertEquals(List.of(new LockHold(T, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)), step.locks());
        assertEquals(Optional.of(List.of("ALTER TABLE public.t ALTER COLUMN status SET DEFAULT ('old')")), step.inverseSql());
    }

    @Test
    void droppedDefaultIsUndoneBySettingItAgain() {
        Plan plan = plan(withDefault(Optional.of("'old'")), withDefault(Optional.empty()));
        var step = step(plan, "expand-1");
        assertEquals(List.of("ALTER TABLE public.t ALTER COLUMN status DROP DEFAULT"), step.sql());
        assertEquals(Optional.of(List.of("ALTER TABLE public.t ALTER COLUMN status SET DEFAULT ('old')")), step.inverseSql());
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void newRowsGetTheNewDefaultOldRowsKeepTheirValueAndTheChangeIsReversible(int major) {
        Catalog before = withDefault(Optional.of("'old'"));
        Catalog after = withDefault(Optional.of("'new'"));
        try (var db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(before), "INSERT INTO t (id, name) SELECT g, 'n' FROM generate_series(1, 20) g");
            Plan plan = plan(before, after, major);
            assertExpandReversible(db, plan);
            StepRunner.runAll(db, plan);
            db.execute("INSERT INTO t (id, name) VALUES (100, 'n')");
            assertEquals(List.of("new|1", "old|20"), rows(db, "SELECT status, count(*) FROM t GROUP BY status ORDER BY status"));
            assertConverged(db, after);
        }
    }
}
