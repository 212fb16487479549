package dev.strata.execute;

import dev.strata.plan.Plan;
import dev.strata.render.TextRenderer;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.LoadedSchema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.util.List;

import static dev.strata.execute.ExecutorFixture.apply;
import static dev.strata.execute.ExecutorFixture.desired;
import static dev.strata.execute.ExecutorFixture.yaml;
import static dev.strata.execute.ExecutorFixture.yes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An abandoned migration must not leave what only it needed: a sync trigger outliving its migration runs on every
 * write, and fails every write once a column it names is gone, while plan would say "No changes".
 */
class AbandonLeftoversTest {

    private static final LoadedSchema BEFORE = yaml("""
            tables:
              items:
                columns:
                  id: { type: bigint, nullable: false }
                  qty: integer
                primary_key: [id]
            """);
    private static final LoadedSchema AFTER = yaml("""
            tables:
              items:
                columns:
                  id: { type: bigint, nullable: false }
                  qty: bigint
                primary_key: [id]
            """);
    private static final String LEFT = "SELECT (SELECT count(*) FROM pg_trigger WHERE tgrelid = 'public.items'::regclass),"
            + " (SELECT count(*) FROM pg_proc WHERE proname LIKE 'strata%'),"
            + " (SELECT count(*) FROM pg_attribute WHERE attrelid = 'public.items'::regclass AND attnum > 0 AND NOT attisdropped)";

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void abandonAfterExpandOfATypeChangeRemovesTheSyncTriggerItsFunctionAndTheShadowColumn(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            ExecutorFixture.create(db, BEFORE);
            db.execute("INSERT INTO public.items VALUES (1, 5)");
            apply(db, yes(), desired(AFTER), PhaseSelection.EXPAND);
            assertEquals(List.of(List.of("1", "1", "3")), db.query(LEFT));

            AbandonResult result;
            try (Connection c = db.connect()) {
                result = Executor.abandon(c);
            }

            assertEquals(1, result.removed().size(), result.removed().toString());
            String removed = result.removed().getFirst();
            assertTrue(removed.startsWith("sync trigger ") && removed.contains(" and its function on public.items,"
                    + " shadow column public.items.qty"), removed);
            assertEquals(List.of(), result.kept());
            assertEquals(List.of(List.of("0", "0", "2")), db.query(LEFT));
            db.execute("INSERT INTO public.items VALUES (2, 7)");
            try (Connection c = db.connect()) {
                Plan plan = PlanService.plan(c, BEFORE, "test");
                assertTrue(plan.isEmpty() && plan.warnings().isEmpty(), plan.warnings().toString());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void planReportsALeftoverSyncTriggerThatBreaksWritesAndAbandonRemovesItWithoutARunningMigration(int major)
            throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            ExecutorFixture.create(db, BEFORE);
            apply(db, yes(), desired(AFTER), PhaseSelection.EXPAND);
            // What an abandon that removed nothing left, after someone dropped the shadow column by hand.
            db.execute("UPDATE strata.migration SET status = 'abandoned'",
                    "ALTER TABLE public.items DROP COLUMN qty__strata_new");
            assertThrows(IllegalStateException.class, () -> db.execute("INSERT INTO public.items VALUES (3, 1)"));

            try (Connection c = db.connect()) {
                Plan plan = PlanService.plan(c, BEFORE, "test");
                assertTrue(plan.isEmpty());
                assertEquals(1, plan.warnings().size(), plan.warnings().toString());
                assertTrue(plan.warnings().getFirst().matches("Strata's sync trigger \\S+ on public\\.items is still"
                        + " installed and runs on every write \\(an unfinished or abandoned migration left it\\); strata"
                        + " abandon removes it"), plan.warnings().toString());
                String text = TextRenderer.render(plan, false);
                assertTrue(text.contains("No changes: the database matches the schema, but see the warnings below.")
                        && text.contains("! Strata's sync trigger "), text);

                AbandonResult result = Executor.abandon(c);
                assertTrue(result.abandoned().isEmpty());
                assertEquals(1, result.removed().size(), result.removed().toString());
                assertTrue(result.removed().getFirst().matches("sync trigger \\S+ and its function on public\\.items"),
                        result.removed().toString());
            }
            db.execute("INSERT INTO public.items VALUES (3, 1)");
            assertEquals(List.of(List.of("0", "0", "2")), db.query(LEFT));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void abandonAfterTheIdentitysLookupIndexWasBuiltDropsThatIndex(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            ExecutorFixture.create(db, yaml("""
                    tables:
                      items:
                        columns:
                          id: { type: bigint, nullable: false }
                          n: { type: bigint, nullable: false }
                        primary_key: [id]
                    """));
            db.execute("INSERT INTO public.items VALUES (1, 5)");
            StepListener stop = new StepListener() {
                @Override
                public void afterStep(dev.strata.plan.Step step) {
                    if (step.summary().startsWith("build index ")) {
                        throw new IllegalStateException("stopped");
                    }
                }
            };
            assertThrows(IllegalStateException.class, () -> ExecutorFixture.apply(db, yes(), desired(yaml("""
                    tables:
                      items:
                        columns:
                          id: { type: bigint, nullable: false }
                          n: { type: bigint, nullable: false, identity: by_default }
                        primary_key: [id]
                    """)), PhaseSelection.ALL, stop, new java.util.ArrayList<>()));
            String lookup = "SELECT count(*) FROM pg_class WHERE relname LIKE '%strata_max'";
            assertEquals(List.of(List.of("1")), db.query(lookup));

            try (Connection c = db.connect()) {
                assertTrue(PlanService.plan(c, BEFORE, "test").warnings().stream()
                        .anyMatch(w -> w.startsWith("Strata's temporary index public.items_n__strata_max on public.items")));
                AbandonResult result = Executor.abandon(c);
                assertEquals(List.of("temporary index public.items_n__strata_max"), result.removed());
            }
            assertEquals(List.of(List.of("0")), db.query(lookup));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void abandonAfterAChangedMaterializedViewWasBuiltBesideButNotSwappedInDropsItWithItsIndexes(int major)
            throws Exception {
        String table = """
                tables:
                  items:
                    columns:
                      id: { type: bigint, nullable: false }
                      qty: integer
                    primary_key: [id]
                materialized_views:
                  big:
                    definition: SELECT id%s FROM public.items WHERE qty > 1
                    indexes:
                      - { name: big_id, unique: true, columns: [id] }
                """;
        LoadedSchema before = yaml(table.formatted(""));
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE TABLE public.items (id bigint NOT NULL PRIMARY KEY, qty integer)",
                    "INSERT INTO public.items VALUES (1, 5)",
                    "CREATE MATERIALIZED VIEW public.big AS SELECT id FROM public.items WHERE qty > 1",
                    "CREATE UNIQUE INDEX big_id ON public.big (id)");
            StepListener stop = new StepListener() {
                @Override
                public void afterStep(dev.strata.plan.Step step) {
                    if (step.summary().startsWith("build the new query of materialized view ")) {
                        throw new IllegalStateException("stopped");
                    }
                }
            };
            assertThrows(IllegalStateException.class, () -> ExecutorFixture.apply(db, yes(),
                    desired(yaml(table.formatted(", qty"))), PhaseSelection.ALL, stop, new java.util.ArrayList<>()));
            String beside = "SELECT c.relname, c.relkind FROM pg_class c WHERE c.relname LIKE '%strata_new' ORDER BY 1";
            assertEquals(List.of(List.of("big__strata_new", "m"), List.of("big_id__strata_new", "i")), db.query(beside));

            try (Connection c = db.connect()) {
                assertEquals(List.of("Strata's materialized view public.big__strata_new is left over from an unfinished"
                        + " or abandoned replacement of a materialized view's query: it takes space and nothing reads"
                        + " it; strata abandon drops it (migration 1 is running: it may still need it; strata status"
                        + " shows where it stands)"), PlanService.plan(c, before, "test").warnings());
                AbandonResult result = Executor.abandon(c);
                assertEquals(List.of("materialized view public.big__strata_new"), result.removed());
                assertEquals(List.of(), result.kept());
            }
            assertEquals(List.of(), db.query(beside));
            assertEquals(List.of(List.of("1")), db.query("SELECT * FROM public.big"));
        }
    }
}
