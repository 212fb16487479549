package dev.strata.execute;

import dev.strata.catalog.CatalogReader;
import dev.strata.catalog.PulledCatalog;
import dev.strata.diagnostics.StrataException;
import dev.strata.plan.Plan;
import dev.strata.render.JsonRenderer;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.util.List;

import static dev.strata.execute.ExecutorFixture.after;
import static dev.strata.execute.ExecutorFixture.apply;
import static dev.strata.execute.ExecutorFixture.createUsers;
import static dev.strata.execute.ExecutorFixture.yaml;
import static dev.strata.execute.ExecutorFixture.yes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catalog fingerprint of a saved plan: of the model, of every schema Strata manages, and older plans still check. */
class SavedPlanFingerprintTest {

    private static Plan saved(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            return JsonRenderer.read(JsonRenderer.render(PlanService.plan(c, after(), "test")));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aChangeInASchemaThePlanDoesNotDeclareStillRefusesTheSavedPlan(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            createUsers(db, 5);
            db.execute("CREATE SCHEMA audit", "CREATE TABLE audit.events (id bigint PRIMARY KEY)");
            Plan plan = saved(db);
            try (Connection c = db.connect()) {
                assertEquals(PlanService.catalogFingerprint(c), plan.catalogFingerprint());
            }
            db.execute("ALTER TABLE audit.events ADD COLUMN at timestamptz");

            StrataException e = assertThrows(StrataException.class,
                    () -> apply(db, yes(), new PlanSource.Saved(plan), PhaseSelection.ALL));

            assertTrue(e.getMessage().startsWith("the database schema changed since this plan was made"), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aPlanSavedByAnOlderStrataAppliesWhileItsCatalogIsUnchanged(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            createUsers(db, 5);
            String legacy;
            try (Connection c = db.connect()) {
                PulledCatalog all = CatalogReader.read(c, List.of());
                legacy = Fingerprints.legacyCatalog(all.catalog(), all.dependents());
            }
            Plan older = saved(db).withCatalogFingerprint(legacy);
            db.execute("ALTER TABLE public.users ADD COLUMN nickname text");

            assertThrows(StrataException.class, () -> apply(db, yes(), new PlanSource.Saved(older), PhaseSelection.ALL));

            db.execute("ALTER TABLE public.users DROP COLUMN nickname");
            ApplyResult result = apply(db, yes(), new PlanSource.Saved(older), PhaseSelection.ALL);
            assertEquals(ApplyResult.Outcome.MIGRATION_DONE, result.outcome());
        }
    }

    @Test
    void equalCatalogsHaveEqualFingerprintsAndAnyDifferenceChangesIt() {
        var one = yaml("tables:\n  t:\n    columns:\n      id: { type: bigint, nullable: false }\n      note: { type: text, comment: a }\n").catalog();
        var same = yaml("tables:\n  t:\n    columns:\n      id: { type: bigint, nullable: false }\n      note: { type: text, comment: a }\n").catalog();
        var other = yaml("tables:\n  t:\n    columns:\n      id: { type: bigint, nullable: false }\n      note: { type: text, comment: b }\n").catalog();

        assertEquals(Fingerprints.catalog(one, List.of()), Fingerprints.catalog(same, List.of()));
        assertNotEquals(Fingerprints.catalog(one, List.of()), Fingerprints.catalog(other, List.of()));
        assertEquals(64, Fingerprints.catalog(one, List.of()).length());
    }
}
