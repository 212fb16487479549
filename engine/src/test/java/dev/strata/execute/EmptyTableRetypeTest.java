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
 * A type change that rewrites is refused on a table without a key because the shadow column's batched backfill needs
 * one; an empty table has nothing to backfill, so the column is retyped directly, re-checked under the lock.
 */
class EmptyTableRetypeTest {

    private static final LoadedSchema BEFORE = yaml("""
            tables:
              t:
                columns:
                  price: { type: text, nullable: false, default: "'0'" }
            """);
    private static final LoadedSchema AFTER = yaml("""
            tables:
              t:
                columns:
                  price: { type: integer, nullable: false, default: "0", using: "price::integer" }
            """);

    private static Plan livePlan(TestDatabase db) {
        try (Connection c = db.connect()) {
            return PlanService.plan(c, AFTER, "test database");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<List<String>> price(TestDatabase db) {
        return db.query("SELECT format_type(atttypid, atttypmod), attnotnull::text FROM pg_attribute"
                + " WHERE attrelid = 'public.t'::regclass AND attname = 'price'");
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void anEmptyKeylessTableIsRetypedInOneStepAndConverges(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            create(db, BEFORE);

            assertEquals(ApplyResult.Outcome.MIGRATION_DONE, apply(db, yes(), desired(AFTER), PhaseSelection.ALL).outcome());

            assertEquals(List.of(List.of("integer", "true")), price(db));
            assertTrue(livePlan(db).steps().isEmpty(), livePlan(db).steps().toString());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aRowArrivingBetweenPlanAndApplyIsAClearRefusalThatChangesNothing(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            create(db, BEFORE);
            Plan saved = livePlan(db);
            db.execute("INSERT INTO public.t VALUES ('12')");

            StrataException e = assertThrows(StrataException.class,
                    () -> apply(db, yes(), new PlanSource.Saved(saved), PhaseSelection.ALL));

            assertTrue(e.getMessage().contains("strata: table public.t is no longer empty, so column public.t.price cannot be retyped"),
                    e.getMessage());
            assertEquals(List.of(List.of("text", "true")), price(db));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aKeylessTableWithRowsIsStillRefused(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            create(db, BEFORE);
            db.execute("INSERT INTO public.t VALUES ('12')");

            PlanningException e = assertThrows(PlanningException.class, () -> livePlan(db));

            assertTrue(e.getMessage().contains("cannot be backfilled in batches"), e.getMessage());
        }
    }
}
