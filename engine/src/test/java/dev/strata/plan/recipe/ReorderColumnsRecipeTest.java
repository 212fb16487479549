package dev.strata.plan.recipe;

import dev.strata.execute.PlanService;
import dev.strata.plan.DdlStep;
import dev.strata.plan.Phase;
import dev.strata.plan.Plan;
import dev.strata.plan.Step;
import dev.strata.testing.StepRunner;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.SchemaFiles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A declared column order PostgreSQL cannot reach in place: an empty table nothing else uses is rebuilt in that order
 * (one guarded step after the others), anything else keeps its order and gets the note. On real servers, planned as
 * {@code strata plan --url} plans.
 */
class ReorderColumnsRecipeTest {

    /** A new serial column declared first, a unique key on it, a comment and an index on an existing column. */
    private static final String DESIRED = """
            schema: public
            tables:
              "Orders":
                comment: one row per order
                columns:
                  id: { type: integer, nullable: false, default: "nextval('\\"Orders_id_seq\\"'::regclass)" }
                  customer: { type: text, nullable: false, comment: who ordered }
                  placed: { type: date, default: CURRENT_DATE }
                unique:
                  - { name: Orders_id_key, columns: [id] }
                indexes:
                  - { name: orders_customer_idx, columns: [customer] }
            sequences:
              Orders_id_seq: { type: integer, owned_by: Orders.id }
            """;

    /** A new nullable column declared first: plannable on a table with rows too. */
    private static final String NOTE_FIRST = """
            schema: public
            tables:
              "Orders":
                comment: one row per order
                columns:
                  note: { type: text }
                  customer: { type: text, nullable: false, comment: who ordered }
                  placed: { type: date, default: CURRENT_DATE }
                indexes:
                  - { name: orders_customer_idx, columns: [customer] }
            """;

    private static void createBefore(TestDatabase db) {
        db.execute("CREATE TABLE public.\"Orders\" (customer text NOT NULL, placed date DEFAULT CURRENT_DATE)",
                "CREATE INDEX orders_customer_idx ON public.\"Orders\" (customer)",
                "COMMENT ON TABLE public.\"Orders\" IS 'one row per order'",
                "COMMENT ON COLUMN public.\"Orders\".customer IS 'who ordered'");
    }

    private static Plan plan(TestDatabase db, String yaml) throws SQLException {
        try (var c = db.connect()) {
            return PlanService.plan(c, SchemaFiles.parse(Map.of("public/schema.yaml", yaml)), "test");
        }
    }

    private static List<String> columns(TestDatabase db) {
        return db.query("SELECT attname FROM pg_attribute WHERE attrelid = 'public.\"Orders\"'::regclass AND attnum > 0"
                + " AND NOT attisdropped ORDER BY attnum").stream().map(List::getFirst).toList();
    }

    private static DdlStep last(Plan plan) {
        return (DdlStep) plan.steps().getLast();
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void anEmptyTableIsRebuiltInItsDeclaredOrderWithEverythingItHadAndThePlanConverges(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            createBefore(db);
            Plan plan = plan(db, DESIRED);

            DdlStep rebuild = last(plan);
            assertEquals("rebuild table public.Orders in its declared column order (the table is empty)", rebuild.summary());
            assertEquals(Phase.CONTRACT, rebuild.phase(), "the unique key is added in CONTRACT, so the rebuild follows it");
            String sql = String.join("\n", rebuild.sql());
            assertTrue(sql.contains("EXECUTE 'ALTER SEQUENCE public.\"Orders_id_seq\" OWNED BY NONE'"), sql);
            assertTrue(sql.contains("EXECUTE 'DROP TABLE public.\"Orders\"'"), sql);
            assertTrue(plan.warnings().stream().noneMatch(w -> w.contains("declared order")), plan.warnings().toString());

            StepRunner.runPhase(db, plan, Phase.EXPAND);
            db.execute("SELECT nextval('public.\"Orders_id_seq\"')"); // the sequence is the plan's: there only after EXPAND
            StepRunner.runPhase(db, plan, Phase.CONTRACT);

            assertEquals(List.of("id", "customer", "placed"), columns(db));
            assertEquals(List.of(List.of("2")), db.query("SELECT nextval('public.\"Orders_id_seq\"')"),
                    "the serial sequence survived the rebuild with its next value");
            assertTrue(plan(db, DESIRED).isEmpty(), "the plan converged");
            assertEquals(List.of(List.of("who ordered", "one row per order", "2")), db.query("SELECT col_description("
                    + "'public.\"Orders\"'::regclass, 2), obj_description('public.\"Orders\"'::regclass, 'pg_class'),"
                    + " (SELECT count(*) FROM pg_index WHERE indrelid = 'public.\"Orders\"'::regclass)"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aTableWithARowKeepsItsOrderAndThePlanSaysSoOnce(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            createBefore(db);
            db.execute("INSERT INTO public.\"Orders\" (customer) VALUES ('ada')");
            Plan plan = plan(db, NOTE_FIRST);

            assertKeepsItsOrderWithOneNote(plan);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aViewReadingTheTableKeepsItsOrder(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            createBefore(db);
            db.execute("CREATE VIEW public.customers AS SELECT customer FROM public.\"Orders\"");
            Plan plan = plan(db, NOTE_FIRST + """
                    views:
                      customers: { definition: "SELECT \\"Orders\\".customer FROM \\"Orders\\"" }
                    """);

            assertKeepsItsOrderWithOneNote(plan);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aGrantTheSchemaFilesDoNotHoldKeepsItsOrder(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            createBefore(db);
            db.execute("GRANT SELECT ON public.\"Orders\" TO PUBLIC");

            assertKeepsItsOrderWithOneNote(plan(db, NOTE_FIRST));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aRowWrittenAfterThePlanLeavesTheTableAsItIsAndTheStepDoneSoTheMigrationGoesOn(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            createBefore(db);
            String desired = """
                    schema: public
                    tables:
                      "Orders":
                        comment: one row per order
                        columns:
                          placed: { type: date, default: CURRENT_DATE }
                          customer: { type: text, nullable: false, comment: who ordered }
                        indexes:
                          - { name: orders_customer_idx, columns: [customer] }
                    """;
            Plan plan = plan(db, desired);
            assertEquals(List.of("expand-1"), ids(plan), "only the order differs: one step, in EXPAND");
            db.execute("INSERT INTO public.\"Orders\" (customer) VALUES ('ada')");

            StepRunner.runAll(db, plan);

            assertEquals(List.of("customer", "placed"), columns(db));
            assertEquals(List.of(List.of("ada")), db.query("SELECT customer FROM public.\"Orders\""));
            Plan again = plan(db, desired);
            assertTrue(again.isEmpty(), ids(again).toString());
            assertTrue(again.warnings().stream().anyMatch(w -> w.contains("not in the declared order")), again.warnings().toString());
        }
    }

    private static void assertKeepsItsOrderWithOneNote(Plan plan) {
        assertTrue(plan.steps().stream().noneMatch(s -> s.summary().startsWith("rebuild")), ids(plan).toString());
        assertEquals(1, plan.warnings().stream().filter(w -> w.contains("not in the declared order")).count(),
                plan.warnings().toString());
    }

    private static List<String> ids(Plan plan) {
        return plan.steps().stream().map(Step::id).toList();
    }
}
