package dev.strata.plan.recipe;

import dev.strata.ddl.CreateDdl;
import dev.strata.model.Catalog;
import dev.strata.model.CheckConstraint;
import dev.strata.model.Column;
import dev.strata.model.DataType;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockMode;
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

class WidenColumnTypeRecipeTest {

    private static final DataType VARCHAR_10 = DataType.builtin("character varying", 10);
    private static final DataType VARCHAR_40 = DataType.builtin("character varying", 40);

    private static Catalog code(DataType type, Optional<String> collation) {
        return catalog(table(Column.of("code", type).withCollation(collation)));
    }

    @Test
    void widerVarcharIsACatalogOnlyExpandStepWithTheNarrowTypeAsInverse() {
        Plan plan = plan(code(VARCHAR_10, Optional.empty()), code(VARCHAR_40, Optional.empty()));
        var step = step(plan, "expand-1");
        assertEquals(List.of("ALTER TABLE public.t ALTER COLUMN code TYPE character varying(40)"), step.sql());
        assertEquals(List.of(new LockHold(T, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)), step.locks());
        assertEquals(Optional.of(List.of("ALTER TABLE public.t ALTER COLUMN code TYPE character varying(10)")), step.inverseSql());
    }

    @Test
    void preparedStatementsThatReturnTheColumnAreWarnedToReadItThroughTheCast() {
        Plan plan = plan(code(VARCHAR_10, Optional.empty()), code(VARCHAR_40, Optional.empty()));

        assertEquals(List.of("change type of public.t.code: statements prepared before this step that return the column fail once"
                + " with SQLSTATE 0A000 (cached plan must not change result type) unless they read it through"
                + " CAST(code AS character varying(40)); deploy that before running the plan (docs/type-changes.md#prepared-statements)."),
                plan.warnings());
        assertTrue(step(plan, "expand-1").facts().stream().anyMatch(f -> f.contains("unless it reads CAST(code AS character varying(40))")));
    }

    @Test
    void theColumnsCollationIsRestatedSoTheTypeChangeKeepsIt() {
        Plan plan = plan(code(VARCHAR_10, Optional.of("C")), code(DataType.builtin("text"), Optional.of("C")));
        assertEquals(List.of("ALTER TABLE public.t ALTER COLUMN code TYPE text COLLATE \"C\""), step(plan, "expand-1").sql());
    }

    @Test
    void aCheckReadingTheColumnMakesTheStepAScanUnderTheLock() {
        Catalog before = catalog(table(Column.of("code", VARCHAR_10)).withChecks(List.of(new CheckConstraint("t_code_check", "code <> ''", false))));
        Catalog after = catalog(table(Column.of("code", VARCHAR_40)).withChecks(List.of(new CheckConstraint("t_code_check", "code <> ''", false))));
        Plan plan = plan(before, after);
        assertEquals(List.of(new LockHold(T, LockMode.ACCESS_EXCLUSIVE, TableWork.SCAN)), step(plan, "expand-1").locks());
        assertEquals(1, plan.violations().size());
    }

    /** The fact behind the scan annotation: PostgreSQL evaluates the check once per row during ALTER TYPE. */
    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void postgresReChecksACheckOnTheColumnForEveryRowWhenTheTypeIsWidened(int major) {
        try (var db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE SEQUENCE calls",
                    "CREATE FUNCTION counted(text) RETURNS bool LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN PERFORM nextval('calls'); RETURN true; END $$",
                    "CREATE TABLE t (id int PRIMARY KEY, code varchar(10) CHECK (counted(code)))",
                    "INSERT INTO t SELECT g, 'x' FROM generate_series(1, 50) g");
            db.execute("ALTER TABLE t ALTER COLUMN code TYPE varchar(20)");
            assertEquals(List.of("100"), rows(db, "SELECT last_value FROM calls"));
        }
    }

    @Test
    void aNarrowingChangeIsLeftToTheRebuildRecipe() {
        Plan plan = plan(code(VARCHAR_40, Optional.empty()), code(VARCHAR_10, Optional.empty()));
        assertTrue(plan.steps().get(0).summary().startsWith("add column public.t.code__strata_new"), plan.steps().toString());
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void wideningKeepsTheTableFileAndDataConvergesAndIsReversible(int major) {
        Catalog before = code(VARCHAR_10, Optional.of("C"));
        Catalog after = code(DataType.builtin("text"), Optional.of("C"));
        try (var db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(before), "INSERT INTO t SELECT g, 'n', 'c' || g FROM generate_series(1, 30) g");
            Plan plan = plan(before, after, major);
            assertExpandReversible(db, plan);
            List<String> file = rows(db, "SELECT relfilenode FROM pg_class WHERE relname = 't'");
            StepRunner.runAll(db, plan);
            assertEquals(file, rows(db, "SELECT relfilenode FROM pg_class WHERE relname = 't'"), "the table was rewritten");
            assertEquals(List.of("30"), rows(db, "SELECT count(*) FROM t WHERE code = 'c' || id"));
            assertConverged(db, after);
        }
    }

    /**
     * The compatibility view of a renamed table is created again around the type change: named columns keep it to the
     * old application's, so undoing EXPAND can still drop a column the plan added (CI found it with {@code SELECT *}).
     */
    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void wideningOnARenamedTableThatGainsAColumnIsReversible(int major) {
        Catalog before = code(VARCHAR_10, Optional.empty());
        Catalog after = catalog(table(Column.of("code", DataType.builtin("text")), Column.of("added", DataType.builtin("integer")))
                .withName("renamed").withRenamedFrom(Optional.of("t")));
        try (var db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(before), "INSERT INTO t SELECT g, 'n', 'c' || g FROM generate_series(1, 3) g");
            Plan plan = plan(before, after, major);
            assertExpandReversible(db, plan);
            StepRunner.runAll(db, plan);
            assertConverged(db, after);
        }
    }
}
