package dev.strata.execute;

import dev.strata.diagnostics.StrataException;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.LoadedSchema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.SQLException;
import java.util.List;

import static dev.strata.execute.ExecutorFixture.apply;
import static dev.strata.execute.ExecutorFixture.create;
import static dev.strata.execute.ExecutorFixture.desired;
import static dev.strata.execute.ExecutorFixture.yaml;
import static dev.strata.execute.ExecutorFixture.yes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A type change never cuts or rounds a value: where {@code ALTER COLUMN … TYPE} would raise "value too long",
 * or where an explicit cast would round, the migration stops with the key and the value — in the backfill and
 * in the sync trigger — and the old column keeps every original value.
 */
class TypeChangeConversionTest {

    private static LoadedSchema items(String type, String using) {
        return yaml("""
                tables:
                  items:
                    columns:
                      id: { type: bigint, nullable: false }
                      v: { type: "%s"%s }
                    primary_key: [id]
                """.formatted(type, using.isEmpty() ? "" : ", using: \"" + using + "\""));
    }

    private static TestDatabase itemsOf(int major, String type, String... values) {
        TestDatabase db = TestPostgres.newDatabase(major);
        create(db, items(type, ""));
        for (int i = 0; i < values.length; i++) {
            db.execute("INSERT INTO public.items VALUES (" + (i + 1) + ", " + values[i] + ")");
        }
        db.execute("ANALYZE public.items");
        return db;
    }

    private static ApplyOptions allowing() {
        return yes().withAllowDataLoss(true);
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void shrinkingTextToVarcharStopsTheBackfillAtALongerValueInsteadOfCuttingIt(int major) {
        String longer = "x".repeat(100);
        try (TestDatabase db = itemsOf(major, "text", "'short'", "'" + longer + "'")) {
            apply(db, allowing(), desired(items("varchar(64)", "")), PhaseSelection.EXPAND);

            StrataException e = assertThrows(StrataException.class,
                    () -> apply(db, allowing(), desired(items("varchar(64)", "")), PhaseSelection.BACKFILL));

            assertTrue(e.getMessage().contains("of public.items.v at id = '2' does not fit character varying(64) unchanged"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("'" + "x".repeat(80) + "'... (100 characters)"), e.getMessage());
            assertEquals(List.of(List.of("short"), List.of(longer)), db.query("SELECT v FROM public.items ORDER BY id"));
            assertEquals(List.of(List.of("running")), db.query("SELECT status FROM strata.migration"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void shrinkingTextToVarcharRefusesALongerValueWrittenAfterExpand(int major) {
        try (TestDatabase db = itemsOf(major, "text", "'short'")) {
            apply(db, allowing(), desired(items("varchar(64)", "")), PhaseSelection.EXPAND);

            String longer = "y".repeat(65);
            SQLException e = assertThrows(SQLException.class, () -> insert(db, "INSERT INTO public.items VALUES (7, '" + longer + "')"));

            assertEquals("22001", e.getSQLState());
            assertTrue(e.getMessage().contains("at id = '7' does not fit character varying(64)"), e.getMessage());
            apply(db, allowing(), desired(items("varchar(64)", "")), PhaseSelection.ALL);
            assertEquals(List.of(List.of("1", "short", "character varying")),
                    db.query("SELECT id, v, pg_typeof(v)::text FROM public.items ORDER BY id"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void reducingNumericScaleStopsTheBackfillInsteadOfRounding(int major) {
        try (TestDatabase db = itemsOf(major, "numeric(10,3)", "1.500", "1.234")) {
            apply(db, allowing(), desired(items("numeric(10,1)", "")), PhaseSelection.EXPAND);

            StrataException e = assertThrows(StrataException.class,
                    () -> apply(db, allowing(), desired(items("numeric(10,1)", "")), PhaseSelection.BACKFILL));

            assertTrue(e.getMessage().contains("the value '1.234' of public.items.v at id = '2' does not fit numeric(10,1)"
                    + " unchanged (it would become '1.2')"), e.getMessage());
            assertEquals(List.of(List.of("1.500"), List.of("1.234")), db.query("SELECT v FROM public.items ORDER BY id"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void reducingNumericScaleRefusesARoundedValueWrittenAfterExpandAndKeepsEqualOnes(int major) throws SQLException {
        try (TestDatabase db = itemsOf(major, "numeric(10,3)", "1.500")) {
            apply(db, allowing(), desired(items("numeric(10,1)", "")), PhaseSelection.EXPAND);

            SQLException e = assertThrows(SQLException.class, () -> insert(db, "INSERT INTO public.items VALUES (2, 2.345)"));
            insert(db, "INSERT INTO public.items VALUES (3, 2.500)");
            insert(db, "UPDATE public.items SET v = 7.100 WHERE id = 1");

            assertEquals("22003", e.getSQLState());
            apply(db, allowing(), desired(items("numeric(10,1)", "")), PhaseSelection.ALL);
            assertEquals(List.of(List.of("1", "7.1"), List.of("3", "2.5")), db.query("SELECT id, v FROM public.items ORDER BY id"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aNarrowingChangeIsRefusedWithoutAllowDataLossBeforeAnythingRuns(int major) {
        try (TestDatabase db = itemsOf(major, "text", "'short'")) {
            StrataException e = assertThrows(StrataException.class,
                    () -> apply(db, yes(), desired(items("varchar(64)", "")), PhaseSelection.ALL));

            assertTrue(e.getMessage().startsWith("refusing to run steps that can lose data (nothing was run):"), e.getMessage());
            assertTrue(e.getMessage().contains("converts column public.items.v from text to character varying(64) (about 1 rows):"
                    + " values longer than 64 characters do not fit; the migration stops at the first such value"), e.getMessage());
            assertEquals(List.of(List.of("0")), db.query("SELECT count(*) FROM strata.migration"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aWideningChangeNeedsNoAllowDataLossAndKeepsEveryValue(int major) {
        try (TestDatabase db = itemsOf(major, "integer", "2147483647", "-2147483648", "NULL")) {
            assertEquals(ApplyResult.Outcome.MIGRATION_DONE,
                    apply(db, yes(), desired(items("bigint", "")), PhaseSelection.ALL).outcome());

            assertEquals(List.of(List.of("2147483647", "bigint"), List.of("-2147483648", "bigint"), List.of("NULL", "bigint")),
                    db.query("SELECT coalesce(v::text, 'NULL'), pg_typeof(v)::text FROM public.items ORDER BY id"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aUsingExpressionStatesTheConversionAndNeedsNoAllowDataLoss(int major) {
        try (TestDatabase db = itemsOf(major, "text", "'" + "z".repeat(70) + "'")) {
            assertEquals(ApplyResult.Outcome.MIGRATION_DONE,
                    apply(db, yes(), desired(items("varchar(64)", "left(v, 64)")), PhaseSelection.ALL).outcome());

            assertEquals(List.of(List.of("z".repeat(64))), db.query("SELECT v FROM public.items"));
        }
    }

    private static void insert(TestDatabase db, String sql) throws SQLException {
        try (var c = db.connect(); var st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
