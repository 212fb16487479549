package dev.strata.execute;

import dev.strata.diagnostics.StrataException;
import dev.strata.plan.Plan;
import dev.strata.render.JsonRenderer;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.LoadedSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.strata.execute.ExecutorFixture.after;
import static dev.strata.execute.ExecutorFixture.apply;
import static dev.strata.execute.ExecutorFixture.createUsers;
import static dev.strata.execute.ExecutorFixture.yaml;
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

    /**
     * Before a gate stood only before a phase with steps, a plan that adds and drops was saved with a dual-write gate
     * before the BACKFILL it did not have, then the read-switch gate. Such a plan still applies, asking for both.
     */
    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aPlanSavedWithAGateBeforeAPhaseWithoutStepsAsksForItAndApplies(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            createUsers(db, 5);
            LoadedSchema withoutEmail = ExecutorFixture.yaml("""
                    tables:
                      users:
                        comment: People who can sign in.
                        columns:
                          id: { type: bigint, identity: always }
                          username: { type: text, nullable: false }
                          created_at: { type: timestamptz, nullable: false, default: now() }
                          nickname: { type: text }
                        primary_key: [id]
                        unique:
                          - [username]
                    """);
            String json;
            try (Connection c = db.connect()) {
                json = JsonRenderer.render(PlanService.plan(c, withoutEmail, "test"));
            }
            String readSwitch = "    {\n      \"type\": \"gate\",\n      \"id\": \"gate-read-switch\",";
            assertTrue(json.contains(readSwitch) && !json.contains("gate-dual-write"), json);
            String legacy = json.replace(readSwitch, """
                        {
                          "type": "gate",
                          "id": "gate-dual-write",
                          "phase": "EXPAND",
                          "summary": "deploy dual-write",
                          "kind": "DEPLOY_DUAL_WRITE",
                          "instructions": [
                            "No application change is needed before the backfill; confirm that the EXPAND phase is deployed everywhere."
                          ]
                        },
                    """ + readSwitch);
            Plan plan = JsonRenderer.read(legacy);
            assertEquals(legacy, JsonRenderer.render(plan));
            List<String> log = new ArrayList<>();

            ApplyResult stopped = apply(db, ApplyOptions.defaults(), new PlanSource.Saved(plan), PhaseSelection.ALL,
                    StepListener.NONE, log);

            assertEquals(ApplyResult.Outcome.WAITING_AT_GATE, stopped.outcome());
            assertTrue(log.contains("stopped at gate gate-dual-write: deploy dual-write (before Backfill)"), log.toString());
            log.clear();
            ApplyResult done = apply(db, yes(), new PlanSource.Saved(plan), PhaseSelection.ALL, StepListener.NONE, log);
            assertEquals(ApplyResult.Outcome.MIGRATION_DONE, done.outcome());
            assertTrue(log.containsAll(List.of("gate gate-dual-write confirmed: deploy dual-write",
                    "gate gate-read-switch confirmed: deploy read switch")), log.toString());
            try (Connection c = db.connect()) {
                assertTrue(PlanService.plan(c, withoutEmail, "test").isEmpty());
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

    /** The checks are saved with the plan, so apply --plan refuses before EXPAND what apply --desired would. */
    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aSavedPlanIsRefusedBeforeExpandWhenPreflightSaysItWouldFailAndRunsWithSkip(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE TABLE public.users (id bigint PRIMARY KEY, handle text, age integer)",
                    "INSERT INTO public.users VALUES (1, 'a', 3), (17, NULL, 5), (23, 'b', -1)");
            LoadedSchema schema = yaml("""
                    tables:
                      users:
                        columns:
                          id: { type: bigint, nullable: false }
                          handle: { type: text, nullable: false }
                          age: integer
                        primary_key: [id]
                        checks: ["age >= 0"]
                    """);
            List<String> log = new ArrayList<>();
            try (Connection c = db.connect()) {
                PlanSource saved = new PlanSource.Saved(
                        JsonRenderer.read(JsonRenderer.render(PlanService.plan(c, schema, "test"))));
                StrataException refused = assertThrows(StrataException.class, () -> new Executor(c, yes(), log::add)
                        .withProgress(Progress.NONE).withPreflight(Duration.ofSeconds(30), Optional.empty())
                        .apply(saved, PhaseSelection.EXPAND));
                assertEquals("preflight: this migration would fail on the live data, so nothing was run:\n"
                        + "  CONTRACT would fail: 1 row of public.users has NULL handle, e.g. id 17\n"
                        + "  CONTRACT would fail: 1 row of public.users violates CHECK users_age_check (age >= 0), e.g. id 23\n"
                        + "correct those rows (or the schema) and rerun, or rerun with --skip-preflight to start it anyway",
                        refused.getMessage());
                assertEquals(List.of(List.of("0")), db.query("SELECT count(*) FROM strata.migration"));
                // --skip-preflight: an executor without preflight starts it.
                new Executor(c, yes(), log::add).withProgress(Progress.NONE).apply(saved, PhaseSelection.EXPAND);
                assertEquals(List.of(List.of("1")), db.query("SELECT count(*) FROM strata.migration"));
            }
        }
    }
}
