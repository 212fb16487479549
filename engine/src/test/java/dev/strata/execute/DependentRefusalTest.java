package dev.strata.execute;

import dev.strata.diagnostics.StrataException;
import dev.strata.plan.Plan;
import dev.strata.plan.PlanningException;
import dev.strata.render.JsonRenderer;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.LoadedSchema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.util.List;

import static dev.strata.execute.ExecutorFixture.desired;
import static dev.strata.execute.ExecutorFixture.yaml;
import static dev.strata.execute.ExecutorFixture.yes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the catalog records as depending on a column or table the plan drops or rebuilds, beyond the model (a
 * foreign key of a partitioned table in a schema the plan does not manage, a materialized view), refuses the plan before EXPAND: otherwise EXPAND and
 * BACKFILL ran and CONTRACT failed.
 */
class DependentRefusalTest {

    private static final String ITEMS = """
            tables:
              items:
                columns:
                  id: { type: bigint, nullable: false }
                  %s
                  note: text
                primary_key: [id]
                %s
            """;
    private static final LoadedSchema BEFORE = yaml(ITEMS.formatted("code: { type: integer, nullable: false }", "unique: [[code]]"));

    private static void create(TestDatabase db) {
        ExecutorFixture.create(db, BEFORE);
        db.execute("INSERT INTO public.items VALUES (1, 10, 'a'), (2, 20, 'b')",
                "CREATE SCHEMA other",
                "CREATE TABLE other.events (at date NOT NULL, item_code integer"
                        + " CONSTRAINT events_item_fk REFERENCES public.items (code)) PARTITION BY RANGE (at)",
                "CREATE TABLE other.events_2026 PARTITION OF other.events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
                "INSERT INTO other.events VALUES ('2026-05-01', 10)",
                "CREATE MATERIALIZED VIEW public.notes AS SELECT id, note FROM public.items");
    }

    private static String refusal(TestDatabase db, LoadedSchema after) throws Exception {
        try (Connection c = db.connect()) {
            return assertThrows(PlanningException.class, () -> PlanService.plan(c, after, "test")).getMessage();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void foreignKeyOfAPartitionedTableRefusesRetypingRenamingOrDroppingTheColumnItReferencesBeforeAnythingRuns(int major)
            throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            create(db);
            LoadedSchema retype = yaml(ITEMS.formatted("code: { type: bigint, nullable: false }", "unique: [[code]]"));
            LoadedSchema rename = yaml(ITEMS.formatted("item_code: { type: integer, nullable: false, renamed_from: code }",
                    "unique: [[item_code]]"));
            LoadedSchema drop = yaml(ITEMS.formatted("", ""));

            String fk = "foreign key events_item_fk on other.events depends on column public.items.code";
            assertTrue(refusal(db, retype).contains(fk + ", which this plan retypes"), refusal(db, retype));
            assertTrue(refusal(db, rename).contains(fk + ", which this plan renames"), refusal(db, rename));
            assertTrue(refusal(db, drop).contains(fk + ", which this plan drops"), refusal(db, drop));

            assertThrows(PlanningException.class, () -> ExecutorFixture.apply(db, yes(), desired(retype), PhaseSelection.ALL));
            assertEquals(List.of(List.of("0")), db.query("SELECT count(*) FROM strata.migration"));
            assertEquals(List.of(List.of("3")), db.query("SELECT count(*) FROM pg_attribute"
                    + " WHERE attrelid = 'public.items'::regclass AND attnum > 0 AND NOT attisdropped"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void savedPlanIsRefusedOnceAForeignKeyDependingOnWhatItRebuildsAppears(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            ExecutorFixture.create(db, BEFORE);
            LoadedSchema retype = yaml(ITEMS.formatted("code: { type: bigint, nullable: false }", "unique: [[code]]"));
            Plan saved;
            try (Connection c = db.connect()) {
                saved = JsonRenderer.read(JsonRenderer.render(PlanService.plan(c, retype, "test")));
            }
            db.execute("CREATE SCHEMA other", "CREATE TABLE other.events (at date NOT NULL, item_code integer"
                    + " CONSTRAINT events_item_fk REFERENCES public.items (code)) PARTITION BY RANGE (at)");

            StrataException e = assertThrows(StrataException.class,
                    () -> ExecutorFixture.apply(db, yes(), new PlanSource.Saved(saved), PhaseSelection.ALL));

            assertTrue(e.getMessage().startsWith("the database schema changed since this plan was made"), e.getMessage());
            assertEquals(List.of(List.of("0")), db.query("SELECT count(*) FROM strata.migration"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void materializedViewOrColumnTriggerOnARetypedColumnRefusesThePlan(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            create(db);
            LoadedSchema after = yaml("""
                    tables:
                      items:
                        columns:
                          id: { type: bigint, nullable: false }
                          code: { type: integer, nullable: false }
                          note: { type: jsonb, using: "to_jsonb(note)" }
                        primary_key: [id]
                        unique: [[code]]
                    materialized_views:
                      notes: SELECT id, note FROM public.items
                    """);

            db.execute("CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'",
                    "CREATE TRIGGER items_note_touch BEFORE UPDATE OF note ON public.items"
                            + " FOR EACH ROW EXECUTE FUNCTION public.touch()");

            String message = refusal(db, after);

            assertTrue(message.contains("materialized view public.notes depends on column public.items.note, which this"
                    + " plan retypes"), message);
            assertTrue(message.contains("trigger items_note_touch on public.items depends on column public.items.note"),
                    message);
        }
    }
}
