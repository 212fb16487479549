package dev.strata.execute;

import dev.strata.diagnostics.StrataException;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.LoadedSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static dev.strata.execute.ExecutorFixture.apply;
import static dev.strata.execute.ExecutorFixture.droppingNow;
import static dev.strata.execute.ExecutorFixture.yaml;
import static dev.strata.execute.ExecutorFixture.yes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Steps that delete data need --allow-data-loss, checked before anything runs. */
class DataLossTest {

    private static final LoadedSchema BEFORE = yaml("""
            tables:
              items:
                columns:
                  id: { type: bigint, nullable: false }
                  legacy: text
                primary_key: [id]
            """);
    private static final LoadedSchema AFTER = yaml("""
            tables:
              items:
                columns:
                  id: { type: bigint, nullable: false }
                primary_key: [id]
            """);

    private static TestDatabase itemsWithLegacyData() {
        TestDatabase db = TestPostgres.newDatabase(18);
        ExecutorFixture.create(db, BEFORE);
        db.execute("INSERT INTO public.items SELECT g, 'old ' || g FROM generate_series(1, 40) g", "ANALYZE public.items");
        return db;
    }

    @Test
    void dropColumnIsRefusedWithoutAllowDataLossNamingTheColumnAndItsRows() {
        try (TestDatabase db = itemsWithLegacyData()) {
            StrataException e = assertThrows(StrataException.class,
                    () -> apply(db, yes(), droppingNow(AFTER), PhaseSelection.ALL));

            assertTrue(e.getMessage().startsWith("refusing to run steps that can lose data (nothing was run):"), e.getMessage());
            assertTrue(e.getMessage().contains("contract-1: deletes column public.items.legacy"), e.getMessage());
            assertTrue(e.getMessage().contains("(about 40 rows)"), e.getMessage());
            assertEquals(List.of(List.of("0")), db.query("SELECT count(*) FROM strata.migration"));
            assertEquals(List.of(List.of("40")), db.query("SELECT count(legacy) FROM public.items"));
        }
    }

    @Test
    void dropColumnRunsWithAllowDataLoss() {
        try (TestDatabase db = itemsWithLegacyData()) {
            ApplyResult result = apply(db, yes().withAllowDataLoss(true), droppingNow(AFTER), PhaseSelection.ALL);

            assertEquals(ApplyResult.Outcome.MIGRATION_DONE, result.outcome());
            assertEquals(List.of(List.of("0")), db.query("SELECT count(*) FROM information_schema.columns"
                    + " WHERE table_name = 'items' AND column_name = 'legacy'"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void neverAnalysedTableHasItsRowsCountedInTheRefusal(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            ExecutorFixture.create(db, BEFORE);
            // No ANALYZE, and autovacuum kept away: reltuples stays at "never analysed".
            db.execute("ALTER TABLE public.items SET (autovacuum_enabled = false)",
                    "INSERT INTO public.items SELECT g, 'old ' || g FROM generate_series(1, 1000) g");

            StrataException e = assertThrows(StrataException.class,
                    () -> apply(db, yes(), droppingNow(AFTER), PhaseSelection.ALL));

            assertTrue(e.getMessage().contains("contract-1: deletes column public.items.legacy"), e.getMessage());
            assertTrue(e.getMessage().contains("1000 rows"), e.getMessage());
            assertFalse(e.getMessage().contains("about 0 rows"), e.getMessage());
        }
    }
}
