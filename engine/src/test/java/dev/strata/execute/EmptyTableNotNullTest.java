package dev.strata.execute;

import dev.strata.diagnostics.StrataException;
import dev.strata.plan.DdlStep;
import dev.strata.plan.Plan;
import dev.strata.plan.PlanningException;
import dev.strata.plan.Step;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.LoadedSchema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static dev.strata.execute.ExecutorFixture.apply;
import static dev.strata.execute.ExecutorFixture.create;
import static dev.strata.execute.ExecutorFixture.desired;
import static dev.strata.execute.ExecutorFixture.yaml;
import static dev.strata.execute.ExecutorFixture.yes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A NOT NULL column without a default is refused because existing rows would have no value; a table that is
 * empty when planned against the database has none, so the column is added directly — and the step re-checks
 * under its lock that the table is still empty.
 */
class EmptyTableNotNullTest {

    private static final LoadedSchema BEFORE = yaml("""
            tables:
              t:
                columns:
                  id: { type: bigint, nullable: false }
                primary_key: [id]
            """);
    private static final LoadedSchema AFTER = yaml("""
            tables:
              t:
                columns:
                  id: { type: bigint, nullable: false }
                  code: { type: text, nullable: false }
                primary_key: [id]
            """);

    private static Plan livePlan(TestDatabase db) {
        try (Connection c = db.connect()) {
            return PlanService.plan(c, AFTER, "test database");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<List<String>> codeColumn(TestDatabase db) {
        return db.query("SELECT attnotnull::text FROM pg_attribute WHERE attrelid = 'public.t'::regclass AND attname = 'code'");
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void anEmptyTableGetsTheColumnNotNullInOneStepThatStatesWhy(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            create(db, BEFORE);

            Plan plan = livePlan(db);

            List<DdlStep> steps = plan.steps().stream().filter(s -> s instanceof DdlStep).map(s -> (DdlStep) s).toList();
            assertEquals(1, steps.size(), plan.steps().stream().map(Step::summary).toList().toString());
            DdlStep add = steps.getFirst();
            assertEquals("LOCK TABLE public.t IN ACCESS EXCLUSIVE MODE", add.sql().getFirst());
            assertEquals("ALTER TABLE public.t ADD COLUMN IF NOT EXISTS code text NOT NULL", add.sql().getLast());
            assertTrue(add.facts().getFirst().startsWith("The table is empty (0 rows at plan time)"), add.facts().toString());
            assertTrue(plan.violations().isEmpty(), plan.violations().toString());

            assertEquals(ApplyResult.Outcome.MIGRATION_DONE, apply(db, yes(), desired(AFTER), PhaseSelection.ALL).outcome());
            assertEquals(List.of(List.of("true")), codeColumn(db));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aRowArrivingBetweenPlanAndApplyIsAClearRefusalThatChangesNothing(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            create(db, BEFORE);
            Plan saved = livePlan(db);
            db.execute("INSERT INTO public.t VALUES (1)");

            StrataException e = assertThrows(StrataException.class,
                    () -> apply(db, yes(), new PlanSource.Saved(saved), PhaseSelection.ALL));

            assertTrue(e.getMessage().contains("strata: table public.t is no longer empty, so public.t.code cannot be added NOT NULL"),
                    e.getMessage());
            assertEquals(List.of(), codeColumn(db));
            assertEquals(List.of(List.of("1")), db.query("SELECT id FROM public.t"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aRowInsertedRightBeforeTheStepIsCaughtUnderTheLock(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            create(db, BEFORE);
            StepListener insertFirst = new StepListener() {
                @Override
                public void beforeStep(Step step) {
                    db.execute("INSERT INTO public.t VALUES (7)");
                }
            };

            StrataException e = assertThrows(StrataException.class,
                    () -> apply(db, yes(), desired(AFTER), PhaseSelection.ALL, insertFirst, new ArrayList<>()));

            assertTrue(e.getMessage().contains("is no longer empty"), e.getMessage());
            assertEquals(List.of(), codeColumn(db));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aTableWithRowsIsStillRefused(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            create(db, BEFORE);
            db.execute("INSERT INTO public.t VALUES (1)");

            PlanningException e = assertThrows(PlanningException.class, () -> livePlan(db));

            assertTrue(e.getMessage().contains("is NOT NULL with no default: existing rows have no value"), e.getMessage());
        }
    }
}
