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

class DropNotNullRecipeTest {

    private static final Catalog BEFORE = catalog(table(Column.of("email", TEXT).withNullable(false)));
    private static final Catalog AFTER = catalog(table(Column.of("email", TEXT)));

    @Test
    void droppingNotNullIsABriefExpandStepUndoneBySetNotNull() {
        Plan plan = plan(BEFORE, AFTER);
        assertEquals(List.of("expand-1"), ids(plan));
        var step = step(plan, "expand-1");
        assertEquals(List.of("ALTER TABLE public.t ALTER COLUMN email DROP NOT NULL"), step.sql());
        assertEquals(List.of(new LockHold(T, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)), step.locks());
        assertEquals(Optional.of(List.of("ALTER TABLE public.t ALTER COLUMN email SET NOT NULL")), step.inverseSql());
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void convergesKeepsDataAndIsReversible(int major) {
        try (var db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(BEFORE), "INSERT INTO t SELECT g, 'n', 'e' || g FROM generate_series(1, 30) g");
            Plan plan = plan(BEFORE, AFTER, major);
            assertExpandReversible(db, plan);
            StepRunner.runAll(db, plan);
            db.execute("INSERT INTO t VALUES (100, 'n', NULL)");
            assertEquals(List.of("30"), rows(db, "SELECT count(*) FROM t WHERE email = 'e' || id"));
            assertConverged(db, AFTER);
        }
    }
}
