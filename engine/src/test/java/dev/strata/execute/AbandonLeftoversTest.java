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
}
