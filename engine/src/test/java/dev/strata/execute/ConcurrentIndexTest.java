package dev.strata.execute;

import dev.strata.ddl.Saved;
import dev.strata.diagnostics.StrataException;
import dev.strata.model.QualifiedName;
import dev.strata.plan.ConcurrentIndex;
import dev.strata.plan.DdlStep;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockMode;
import dev.strata.plan.Phase;
import dev.strata.plan.Plan;
import dev.strata.plan.TableWork;
import dev.strata.plan.Undo;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.LoadedSchema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.strata.execute.ExecutorFixture.apply;
import static dev.strata.execute.ExecutorFixture.desired;
import static dev.strata.execute.ExecutorFixture.yaml;
import static dev.strata.execute.ExecutorFixture.yes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A failed CONCURRENTLY build leaves an INVALID index, which would still be maintained (and, unique, enforced) on
 * every write: the failing apply drops it, and the rerun builds it again.
 */
class ConcurrentIndexTest {

    private static final LoadedSchema BEFORE = yaml("""
            tables:
              items:
                columns:
                  id: { type: bigint, nullable: false }
                  tag: text
                primary_key: [id]
            """);
    private static final LoadedSchema AFTER = yaml("""
            tables:
              items:
                columns:
                  id: { type: bigint, nullable: false }
                  tag: text
                primary_key: [id]
                unique:
                  - [tag]
            """);

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void invalidIndexLeftByAFailedUniqueBuildIsDroppedAtOnceAndRebuiltAfterTheDataIsFixed(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            ExecutorFixture.create(db, BEFORE);
            db.execute("INSERT INTO public.items VALUES (1, 'a'), (2, 'b'), (3, 'a')");

            StrataException e = assertThrows(StrataException.class,
                    () -> apply(db, yes(), desired(AFTER), PhaseSelection.ALL));
            assertTrue(e.getMessage().contains("could not create unique index"), e.getMessage());
            assertTrue(e.getMessage().contains("dropped the INVALID index public.items_tag_key"), e.getMessage());
            assertEquals(List.of(), db.query("SELECT 1 FROM pg_class WHERE relname = 'items_tag_key'"));
            db.execute("INSERT INTO public.items VALUES (4, 'b')");

            db.execute("DELETE FROM public.items WHERE id IN (3, 4)");
            ApplyResult result = apply(db, yes(), desired(AFTER), PhaseSelection.ALL);

            assertEquals(ApplyResult.Outcome.MIGRATION_DONE, result.outcome());
            assertEquals(List.of(List.of("t")), db.query("SELECT indisvalid FROM pg_index"
                    + " WHERE indexrelid = 'public.items_tag_key'::regclass"));
            assertEquals(List.of(List.of("1")), db.query("SELECT count(*) FROM pg_constraint WHERE conname = 'items_tag_key'"));
        }
    }
    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void theInvalidLeftoverOfABuildIsFoundByTheIndexTheStepCarriesNotByReadingItsStatement(int major)
            throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            ExecutorFixture.create(db, BEFORE);
            db.execute("INSERT INTO public.items VALUES (1, 'a'), (2, 'a')");
            assertThrows(IllegalStateException.class,
                    () -> db.execute("CREATE UNIQUE INDEX CONCURRENTLY items_tag_key ON public.items (tag)"));
            assertEquals(List.of(List.of("f")), db.query("SELECT indisvalid FROM pg_index"
                    + " WHERE indexrelid = 'public.items_tag_key'::regclass"));
            // The server reads U&"items_tag_ke\0079" as items_tag_key; a reader of the text would need to decode it.
            // Only the step's own record of the index names it here.
            DdlStep step = new DdlStep("expand-1", Phase.EXPAND, "build", List.of(new Saved("CREATE UNIQUE INDEX CONCURRENTLY"
                    + " IF NOT EXISTS U&\"items_tag_ke\\0079\" ON public.items (tag)")), false,
                    List.of(new LockHold(QualifiedName.of("public", "items"), LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.SCAN)),
                    Undo.nothing(), Optional.empty(), List.of(), Optional.empty(),
                    Optional.of(new ConcurrentIndex.Build(QualifiedName.of("public", "items_tag_key"))));

            try (Connection c = db.connect()) {
                List<String> lines = runner(c).dropInvalidIndexesLeftBy(step);

                assertEquals(List.of("dropped the INVALID index public.items_tag_key the failed build left behind"), lines);
            }
            assertEquals(List.of(), db.query("SELECT 1 FROM pg_class WHERE relname = 'items_tag_key'"));
        }
    }

    private static DdlRunner runner(Connection c) {
        ApplyOptions options = ApplyOptions.defaults();
        LockWatch watch = new LockWatch(Optional.empty(), options.lockTimeout(), System::nanoTime, line -> {});
        Plan plan = new Plan("test", "", 18, List.of(), List.of(), List.of(), Map.of(), List.of(), List.of(), List.of());
        return new DdlRunner(c, new StateStore(c), options, new LockRetry(options.maxAttempts(), options.lockTimeout(),
                ExecutorFixture.noWaiting(new ArrayList<>()), line -> {}, watch), StepListener.NONE, plan);
    }
}
