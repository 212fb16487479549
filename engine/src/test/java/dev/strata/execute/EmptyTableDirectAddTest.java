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
 * An identity column, and a column whose existing rows would need a volatile value, are refused on a table without a
 * key because the batched numbering/backfill needs one; an empty table (planned with a live catalog) has no row to
 * number or fill, so the column is added directly, re-checked under the lock.
 */
class EmptyTableDirectAddTest {

    private static final LoadedSchema BEFORE = yaml("""
            tables:
              t:
                columns:
                  name: { type: text }
            """);
    private static final LoadedSchema IDENTITY = yaml("""
            tables:
              t:
                columns:
                  name: { type: text }
                  id: { type: bigint, identity: always }
            """);
    private static final LoadedSchema VOLATILE = yaml("""
            tables:
              t:
                columns:
                  name: { type: text }
                  token: { type: text, nullable: false, default: "md5(random()::text)" }
            """);

    private static Plan livePlan(TestDatabase db, LoadedSchema desired) {
        try (Connection c = db.connect()) {
            return PlanService.plan(c, desired, "test database");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<List<String>> columns(TestDatabase db) {
        return db.query("SELECT attname, attnotnull::text, attidentity::text FROM pg_attribute WHERE attrelid = 'public.t'::regclass"
                + " AND attnum > 0 AND NOT attisdropped ORDER BY attnum");
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void anEmptyKeylessTableGetsAnIdentityColumnInOneStepAndConverges(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            create(db, BEFORE);

            Plan plan = livePlan(db, IDENTITY);

            List<DdlStep> steps = plan.steps().stream().filter(s -> s instanceof DdlStep).map(s -> (DdlStep) s).toList();
            assertEquals(1, steps.size(), plan.steps().stream().map(Step::summary).toList().toString());
            assertTrue(steps.getFirst().facts().getFirst().startsWith("The table is empty (0 rows at plan time)"));
            assertEquals(ApplyResult.Outcome.MIGRATION_DONE, apply(db, yes(), desired(IDENTITY), PhaseSelection.ALL).outcome());
            assertEquals(List.of(List.of("name", "false", ""), List.of("id", "true", "a")), columns(db));
            assertTrue(livePlan(db, IDENTITY).steps().isEmpty());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void anEmptyKeylessTableGetsAVolatileDefaultColumnDirectlyAndConverges(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            create(db, BEFORE);

            assertEquals(ApplyResult.Outcome.MIGRATION_DONE, apply(db, yes(), desired(VOLATILE), PhaseSelection.ALL).outcome());

            assertEquals(List.of(List.of("name", "false", ""), List.of("token", "true", "")), columns(db));
            assertTrue(livePlan(db, VOLATILE).steps().isEmpty());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aRowArrivingBetweenPlanAndApplyIsAClearRefusalThatChangesNothing(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            create(db, BEFORE);
            Plan saved = livePlan(db, IDENTITY);
            db.execute("INSERT INTO public.t VALUES ('a')");

            StrataException e = assertThrows(StrataException.class,
                    () -> apply(db, yes(), new PlanSource.Saved(saved), PhaseSelection.ALL));

            assertTrue(e.getMessage().contains("strata: table public.t is no longer empty, so identity column public.t.id cannot be added"),
                    e.getMessage());
            assertEquals(List.of(List.of("name", "false", "")), columns(db));
            assertEquals(List.of(List.of("a")), db.query("SELECT name FROM public.t"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aKeylessTableWithRowsIsStillRefused(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            create(db, BEFORE);
            db.execute("INSERT INTO public.t VALUES ('a')");

            PlanningException identity = assertThrows(PlanningException.class, () -> livePlan(db, IDENTITY));
            PlanningException fill = assertThrows(PlanningException.class, () -> livePlan(db, VOLATILE));

            assertTrue(identity.getMessage().contains("identity column public.t.id"), identity.getMessage());
            assertTrue(fill.getMessage().contains("needs its existing rows filled with"), fill.getMessage());
        }
    }
}
