package dev.strata.execute;

import dev.strata.diagnostics.StrataException;
import dev.strata.plan.Plan;
import dev.strata.plan.PlanningException;
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
 * SET NOT NULL with a {@code backfill:} hint is refused on a table without a key because the NULL rows are filled in
 * batches that paginate on one; an empty table has no NULL row, so the constraint is set directly, re-checked under
 * the lock.
 */
class EmptyTableSetNotNullTest {

    private static final LoadedSchema BEFORE = yaml("""
            tables:
              t:
                columns:
                  name: { type: text }
            """);
    private static final LoadedSchema AFTER = yaml("""
            tables:
              t:
                columns:
                  name: { type: text, nullable: false, backfill: "'?'" }
            """);

    private static Plan livePlan(TestDatabase db) {
        try (Connection c = db.connect()) {
            return PlanService.plan(c, AFTER, "test database");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<List<String>> notNull(TestDatabase db) {
        return db.query("SELECT attnotnull::text FROM pg_attribute WHERE attrelid = 'public.t'::regclass AND attname = 'name'");
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void anEmptyKeylessTableGetsNotNullInOneStepAndConverges(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            create(db, BEFORE);

            assertEquals(ApplyResult.Outcome.MIGRATION_DONE, apply(db, yes(), desired(AFTER), PhaseSelection.ALL).outcome());

            assertEquals(List.of(List.of("true")), notNull(db));
            assertTrue(livePlan(db).steps().isEmpty(), livePlan(db).steps().toString());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aRowArrivingBetweenPlanAndApplyIsAClearRefusalThatChangesNothing(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            create(db, BEFORE);
            Plan saved = livePlan(db);
            db.execute("INSERT INTO public.t VALUES (NULL)");

            StrataException e = assertThrows(StrataException.class,
                    () -> apply(db, yes(), new PlanSource.Saved(saved), PhaseSelection.ALL));

            assertTrue(e.getMessage().contains("strata: table public.t is no longer empty, so public.t.name cannot be made NOT NULL"),
                    e.getMessage());
            assertEquals(List.of(List.of("false")), notNull(db));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aKeylessTableWithRowsIsStillRefused(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            create(db, BEFORE);
            db.execute("INSERT INTO public.t VALUES (NULL)");

            PlanningException e = assertThrows(PlanningException.class, () -> livePlan(db));

            assertTrue(e.getMessage().contains("the backfill of its NULL rows needs a primary key"), e.getMessage());
        }
    }
}
