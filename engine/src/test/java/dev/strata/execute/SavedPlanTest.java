package dev.strata.execute;

import dev.strata.diagnostics.StrataException;
import dev.strata.plan.Plan;
import dev.strata.render.JsonRenderer;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.List;

import static dev.strata.execute.ExecutorFixture.after;
import static dev.strata.execute.ExecutorFixture.apply;
import static dev.strata.execute.ExecutorFixture.createUsers;
import static dev.strata.execute.ExecutorFixture.yes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** apply --plan: the reviewed plan runs exactly, and only against the catalog it was made for. */
class SavedPlanTest {

    private static Plan savedPlan(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            // Through JSON, as a file saved by strata plan --format json.
            return JsonRenderer.read(JsonRenderer.render(PlanService.plan(c, after(), "test")));
        }
    }

    @Test
    void savedPlanCarriesTheFingerprintOfTheCatalogItWasMadeFor() throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(18)) {
            createUsers(db, 5);
            Plan plan = savedPlan(db);
            try (Connection c = db.connect()) {
                assertEquals(PlanService.catalogFingerprint(c), plan.catalogFingerprint());
            }
            assertEquals(64, plan.catalogFingerprint().length());
        }
    }

    @Test
    void savedPlanIsAppliedPhaseByPhase() throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(18)) {
            createUsers(db, 50);
            PlanSource saved = new PlanSource.Saved(savedPlan(db));

            apply(db, yes(), saved, PhaseSelection.EXPAND);
            ApplyResult result = apply(db, yes(), saved, PhaseSelection.ALL);

            assertEquals(ApplyResult.Outcome.MIGRATION_DONE, result.outcome());
            try (Connection c = db.connect()) {
                assertTrue(PlanService.plan(c, after(), "test").isEmpty());
            }
        }
    }

    @Test
    void savedPlanIsRefusedAfterTheCatalogChanged() throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(18)) {
            createUsers(db, 5);
            PlanSource saved = new PlanSource.Saved(savedPlan(db));
            db.execute("ALTER TABLE public.users ADD COLUMN nickname text");

            StrataException e = assertThrows(StrataException.class, () -> apply(db, yes(), saved, PhaseSelection.ALL));

            assertTrue(e.getMessage().startsWith("the database schema changed since this plan was made"), e.getMessage());
            assertEquals(List.of(List.of("0")), db.query("SELECT count(*) FROM strata.migration"));
        }
    }

    @Test
    void offlinePlanCannotBeAppliedAsASavedPlan() throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(18)) {
            createUsers(db, 5);
            Plan offline = savedPlan(db).withCatalogFingerprint("");

            StrataException e = assertThrows(StrataException.class,
                    () -> apply(db, yes(), new PlanSource.Saved(offline), PhaseSelection.ALL));

            assertTrue(e.getMessage().startsWith("this plan was made offline"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
    }
}
