package dev.strata.execute;

import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.LoadedSchema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.util.List;

import static dev.strata.execute.ExecutorFixture.apply;
import static dev.strata.execute.ExecutorFixture.create;
import static dev.strata.execute.ExecutorFixture.desired;
import static dev.strata.execute.ExecutorFixture.yaml;
import static dev.strata.execute.ExecutorFixture.yes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plan orderings a fixed stage list cannot express (issue 7, item 2), planned and applied end to end: each plan
 * applies without error and a second plan is empty.
 */
class PlanOrderingTest {

    private static void applyAndConverge(TestDatabase db, LoadedSchema after) throws Exception {
        assertEquals(ApplyResult.Outcome.MIGRATION_DONE, apply(db, yes(), desired(after), PhaseSelection.ALL).outcome());
        try (Connection c = db.connect()) {
            assertTrue(PlanService.plan(c, after, "test").isEmpty(), "the database equals the desired schema");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aViewReadingAReplacedViewIsDroppedBeforeItAndCreatedAfterIt(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            create(db, yaml("""
                    tables:
                      items:
                        columns: { id: int, name: text, price: int }
                        primary_key: [id]
                    views:
                      base: "SELECT id, name FROM public.items"
                      top: "SELECT id, name FROM public.base"
                    """));
            db.execute("INSERT INTO public.items VALUES (1, 'a', 10)");

            applyAndConverge(db, yaml("""
                    tables:
                      items:
                        columns: { id: int, name: text, price: int }
                        primary_key: [id]
                    views:
                      base: "SELECT id, name, price FROM public.items"
                      top: "SELECT id, name, price FROM public.base"
                    """));

            assertEquals(List.of(List.of("1", "a", "10")), db.query("SELECT id, name, price FROM public.top"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aNewViewIsCreatedAfterTheNewViewItReadsWhateverTheirNames(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            String items = """
                    tables:
                      items:
                        columns: { id: int }
                    """;
            create(db, yaml(items));

            applyAndConverge(db, yaml(items + """
                    views:
                      a_top: "SELECT id FROM public.z_base"
                      z_base: "SELECT id FROM public.items"
                    """));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aNewTablesForeignKeyWaitsForTheUniqueKeyAddedOnAnExistingTable(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            create(db, yaml("""
                    tables:
                      orgs:
                        columns: { id: int, code: text }
                        primary_key: [id]
                    """));
            db.execute("INSERT INTO public.orgs VALUES (1, 'acme')");

            applyAndConverge(db, yaml("""
                    tables:
                      orgs:
                        columns: { id: int, code: text }
                        primary_key: [id]
                        unique:
                          - [code]
                      members:
                        columns: { id: int, org_code: text }
                        primary_key: [id]
                        foreign_keys:
                          - columns: [org_code]
                            references: { table: orgs, columns: [code] }
                    """));

            db.execute("INSERT INTO public.members VALUES (1, 'acme')");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aNewTablesForeignKeyWaitsForTheUniqueKeyOfAnotherNewTable(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            create(db, yaml("""
                    tables:
                      seed:
                        columns: { id: int }
                    """));

            applyAndConverge(db, yaml("""
                    tables:
                      seed:
                        columns: { id: int }
                      a_members:
                        columns: { id: int, org_code: text }
                        primary_key: [id]
                        foreign_keys:
                          - columns: [org_code]
                            references: { table: z_orgs, columns: [code] }
                      z_orgs:
                        columns: { id: int, code: text }
                        primary_key: [id]
                        unique:
                          - [code]
                    """));

            db.execute("INSERT INTO public.z_orgs VALUES (1, 'acme')", "INSERT INTO public.a_members VALUES (1, 'acme')");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aDroppedColumnsIndexCheckAndViewGoBeforeTheColumn(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            create(db, yaml("""
                    tables:
                      items:
                        columns: { id: int, sku: text, note: text }
                        primary_key: [id]
                        checks:
                          - length(note) < 100
                        indexes:
                          - { columns: [sku] }
                          - columns: [{ expression: "lower(note)" }]
                    views:
                      skus: "SELECT id, sku, note FROM public.items"
                    """));
            db.execute("INSERT INTO public.items VALUES (1, 'x', 'n')");

            applyAndConverge(db, yaml("""
                    tables:
                      items:
                        columns: { id: int }
                        primary_key: [id]
                    views:
                      skus: "SELECT id FROM public.items"
                    """));

            assertEquals(List.of(List.of("1")), db.query("SELECT id FROM public.skus"));
        }
    }
}
