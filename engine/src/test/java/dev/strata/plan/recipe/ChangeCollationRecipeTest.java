package dev.strata.plan.recipe;

import dev.strata.ddl.CreateDdl;
import dev.strata.model.Catalog;
import dev.strata.model.CheckConstraint;
import dev.strata.model.Column;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
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
import java.util.Map;
import java.util.Optional;

import static dev.strata.testing.TestCatalogs.*;
import static dev.strata.plan.recipe.ColumnRecipeFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

class ChangeCollationRecipeTest {

    private static final Index LABEL_INDEX = new Index("t_label_idx", false, false, "btree", List.of(IndexKey.column("label")),
            List.of(), Optional.empty(), Map.of());

    private static Catalog label(Optional<String> collation, List<Index> indexes) {
        return catalog(table(Column.of("label", TEXT).withCollation(collation)).withIndexes(indexes));
    }

    @Test
    void unindexedColumnChangesCollationInTheCatalogOnly() {
        Plan plan = plan(label(Optional.empty(), List.of()), label(Optional.of("C"), List.of()));
        var step = step(plan, "expand-1");
        assertEquals(List.of("ALTER TABLE public.t ALTER COLUMN label TYPE text COLLATE \"C\""), step.sql());
        assertEquals(List.of(new LockHold(T, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)), step.locks());
        assertEquals(Optional.of(List.of("ALTER TABLE public.t ALTER COLUMN label TYPE text COLLATE \"default\"")), step.inverseSql());
        assertTrue(plan.violations().isEmpty());
    }

    @Test
    void preparedStatementsThatReturnTheColumnAreWarnedToReadItWithTheNewCollation() {
        Plan plan = plan(label(Optional.empty(), List.of()), label(Optional.of("C"), List.of()));

        assertEquals(List.of("change collation of public.t.label: statements prepared before this step that return the column fail"
                + " once with SQLSTATE 0A000 (cached plan must not change result type) unless they read it through label COLLATE \"C\";"
                + " deploy that before running the plan (docs/type-changes.md#prepared-statements)."), plan.warnings());
    }

    @Test
    void indexedColumnRebuildsItsIndexesUnderTheLockWhichThePolicyRefuses() {
        Plan plan = plan(label(Optional.empty(), List.of(LABEL_INDEX)), label(Optional.of("C"), List.of(LABEL_INDEX)));
        assertEquals(List.of(new LockHold(T, LockMode.ACCESS_EXCLUSIVE, TableWork.SCAN)), step(plan, "expand-1").locks());
        assertEquals(1, plan.violations().size());
        assertTrue(plan.warnings().getFirst().startsWith("change collation of public.t.label: its indexes are rebuilt"));
    }

    @Test
    void aCheckReadingTheColumnMakesTheStepAScanUnderTheLock() {
        var check = List.of(new CheckConstraint("t_label_check", "label <> ''", false));
        Plan plan = plan(catalog(table(Column.of("label", TEXT)).withChecks(check)),
                catalog(table(Column.of("label", TEXT).withCollation(Optional.of("C"))).withChecks(check)));
        assertEquals(List.of(new LockHold(T, LockMode.ACCESS_EXCLUSIVE, TableWork.SCAN)), step(plan, "expand-1").locks());
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void collationChangeKeepsTheTableFileConvergesAndIsReversible(int major) {
        Catalog before = label(Optional.empty(), List.of());
        Catalog after = label(Optional.of("C"), List.of());
        try (var db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(before), "INSERT INTO t SELECT g, 'n', 'l' || g FROM generate_series(1, 30) g");
            Plan plan = plan(before, after, major);
            assertExpandReversible(db, plan);
            List<String> file = rows(db, "SELECT relfilenode FROM pg_class WHERE relname = 't'");
            StepRunner.runAll(db, plan);
            assertEquals(file, rows(db, "SELECT relfilenode FROM pg_class WHERE relname = 't'"), "the table was rewritten");
            assertEquals(List.of("30"), rows(db, "SELECT count(*) FROM t WHERE label = 'l' || id"));
            assertConverged(db, after);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void anIndexOnTheColumnIsRebuilt(int major) {
        Catalog before = label(Optional.empty(), List.of(LABEL_INDEX));
        Catalog after = label(Optional.of("C"), List.of(LABEL_INDEX));
        try (var db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(before), "INSERT INTO t SELECT g, 'n', 'l' || g FROM generate_series(1, 30) g");
            List<String> index = rows(db, "SELECT relfilenode FROM pg_class WHERE relname = 't_label_idx'");
            StepRunner.runAll(db, plan(before, after, major));
            assertNotEquals(index, rows(db, "SELECT relfilenode FROM pg_class WHERE relname = 't_label_idx'"));
            assertConverged(db, after);
        }
    }
}
