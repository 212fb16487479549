package dev.strata.execute;

import dev.strata.diagnostics.StrataException;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.LoadedSchema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

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
}
