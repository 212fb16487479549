package dev.strata.execute;

import dev.strata.diagnostics.StrataException;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.LoadedSchema;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import net.jqwik.api.statistics.Statistics;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.strata.execute.ExecutorFixture.apply;
import static dev.strata.execute.ExecutorFixture.desired;
import static dev.strata.execute.ExecutorFixture.yaml;
import static dev.strata.execute.ExecutorFixture.yes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * No silent data change: for a type change planned without {@code using:} and applied phase by phase through the
 * executor, every value either arrives unchanged in meaning (the new value converts back to the original, compared
 * with the old type's equality) or the migration stops with a clear error while the old column still holds every
 * original value — never a changed value and success. Values reach the conversion both ways: rows present before
 * EXPAND go through the backfill, rows inserted after it through the sync trigger.
 *
 * <p>CI runs a few tries per version; {@code -Dstrata.conversion.long=true} adds a 300-try run per version:
 * {@code mvn -o -pl engine test -Dtest=ConversionProperties -Dstrata.conversion.long=true}.
 */
class ConversionProperties {

    /** An old type, new types to try, and values of the old type (SQL literals) including its edge values. */
    private record Pair(String from, List<String> to, List<String> values) {}

    private static final List<Pair> PAIRS = List.of(
            new Pair("text", List.of("varchar(1)", "varchar(4)", "varchar(8)", "char(3)", "integer", "bigint", "jsonb", "date", "boolean"),
                    List.of("''", "'a'", "'abcd'", "'abcdefghijk'", "'ab  '", "'é'", "'007'", "'7'", "' 7'", "'-0'", "'2147483648'",
                            "'t'", "'true'", "'{\"a\":1}'", "'{\"a\": 1}'", "'2024-01-01'", "'2024-1-1'", "NULL")),
            new Pair("varchar(10)", List.of("varchar(3)", "char(5)", "integer", "text"),
                    List.of("'abcdefghij'", "'abc'", "'abc '", "'12'", "''", "NULL")),
            new Pair("char(5)", List.of("varchar(2)", "char(2)", "text"),
                    List.of("'ab'", "'abcde'", "'a'", "''", "NULL")),
            new Pair("numeric(10,3)", List.of("numeric(10,1)", "numeric(5,3)", "numeric(12,4)", "integer", "real", "double precision", "text"),
                    List.of("0", "-0.000", "1.500", "1.234", "1.250", "9999999.999", "-1.05", "0.001", "2.5", "'NaN'", "NULL")),
            new Pair("numeric", List.of("numeric(5,2)", "integer", "bigint", "double precision", "real"),
                    List.of("'NaN'", "'Infinity'", "'-Infinity'", "1e20", "0.1", "1.5", "2.5", "-2.5", "12345678901234567890.123",
                            "0.30000000000000004", "NULL")),
            new Pair("double precision", List.of("integer", "bigint", "real", "numeric(10,2)", "numeric", "text"),
                    List.of("1.5", "2.5", "-0.0", "'NaN'", "'Infinity'", "'-Infinity'", "1e300", "1e-300", "0.1", "2147483647",
                            "2147483648", "9007199254740993", "3", "NULL")),
            new Pair("real", List.of("integer", "numeric(6,2)", "double precision"),
                    List.of("0.1", "1.5", "'NaN'", "16777217", "3", "-0.0", "NULL")),
            new Pair("bigint", List.of("integer", "smallint", "double precision", "real", "numeric(10,0)", "text"),
                    List.of("9223372036854775807", "-9223372036854775808", "2147483648", "0", "9007199254740993", "16777217",
                            "42", "NULL")),
            new Pair("integer", List.of("smallint", "bigint", "real", "numeric(5,0)", "text"),
                    List.of("2147483647", "-2147483648", "32768", "0", "16777217", "99999", "NULL")),
            new Pair("timestamp(6)", List.of("timestamp(0)", "timestamp(3)", "timestamptz", "date", "time"),
                    List.of("'2024-01-01 12:00:00.123456'", "'2024-01-01 12:00:00'", "'2024-01-01 12:00:00.5'",
                            "'2024-03-10 02:30:00'", "'infinity'", "'-infinity'", "NULL")),
            new Pair("timestamptz", List.of("timestamptz(2)", "timestamp(0)", "date"),
                    List.of("'2024-01-01 12:00:00.123456+00'", "'2024-01-01 00:00:00+00'", "'2024-06-30 23:59:59.995+00'",
                            "'infinity'", "NULL")),
            new Pair("time(6)", List.of("time(0)", "time(4)"),
                    List.of("'12:00:00.999999'", "'12:00:00'", "'23:59:59.5'", "'00:00:00.00005'", "NULL")),
            new Pair("varbit(8)", List.of("varbit(4)", "bit(4)"),
                    List.of("B'1'", "B'1010'", "B'10101010'", "B''", "NULL")),
            new Pair("text[]", List.of("varchar(3)[]", "integer[]"),
                    List.of("ARRAY['a', 'abcd']", "ARRAY['ab']", "ARRAY[]::text[]", "ARRAY[NULL]::text[]", "ARRAY['12', '012']", "NULL")));

    /**
     * One try: a type change and the values of its rows, the first {@code beforeExpand} of them present before
     * EXPAND (converted by the backfill), the rest inserted after it (converted by the sync trigger).
     */
    record Case(String from, String to, List<String> values, int beforeExpand) {
        @Override
        public String toString() {
            return from + " -> " + to + " with " + values.subList(0, beforeExpand) + " then " + values.subList(beforeExpand, values.size());
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.of(PAIRS).flatMap(pair -> Combinators.combine(
                Arbitraries.of(pair.to()),
                Arbitraries.of(pair.values()).list().ofMinSize(1).ofMaxSize(6),
                Arbitraries.integers().between(0, 6)).as((to, values, split) ->
                new Case(pair.from(), to, values, Math.min(split, values.size()))));
    }

    @Property(tries = 5, afterFailure = AfterFailureMode.SAMPLE_FIRST)
    void everyValueArrivesUnchangedOrTheMigrationStopsOnPostgres14(@ForAll("cases") Case c) {
        unchangedOrStopped(c, 14);
    }

    @Property(tries = 5, afterFailure = AfterFailureMode.SAMPLE_FIRST)
    void everyValueArrivesUnchangedOrTheMigrationStopsOnPostgres18(@ForAll("cases") Case c) {
        unchangedOrStopped(c, 18);
    }

    @Property(tries = 300)
    @AddLifecycleHook(OnlyWhenAsked.class)
    void longRunOnPostgres14(@ForAll("cases") Case c) {
        unchangedOrStopped(c, 14);
    }

    @Property(tries = 300)
    @AddLifecycleHook(OnlyWhenAsked.class)
    void longRunOnPostgres18(@ForAll("cases") Case c) {
        unchangedOrStopped(c, 18);
    }

    /** Skips the long runs unless {@code -Dstrata.conversion.long=true}. */
    static final class OnlyWhenAsked implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            return Boolean.getBoolean("strata.conversion.long") ? SkipResult.doNotSkip()
                    : SkipResult.skip("long run: pass -Dstrata.conversion.long=true");
        }
    }

    private static LoadedSchema schema(String type) {
        return yaml("""
                tables:
                  items:
                    columns:
                      id: { type: bigint, nullable: false }
                      v: "%s"
                    primary_key: [id]
                """.formatted(type));
    }

    private static void unchangedOrStopped(Case c, int major) {
        Statistics.label("conversion").collect(c.from() + " -> " + c.to());
        LoadedSchema after = schema(c.to());
        ApplyOptions options = yes().withAllowDataLoss(true);
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE TABLE public.items (id bigint PRIMARY KEY, v " + c.from() + ")");
            // The originals, kept in the old type, to compare with whatever the column holds at the end.
            // Outside the managed schema, so the plan leaves them alone.
            db.execute("CREATE SCHEMA scratch", "CREATE TABLE scratch.originals (id bigint PRIMARY KEY, v " + c.from() + ")",
                    "CREATE TABLE scratch.probe (v " + c.to() + ")");
            List<Integer> inserted = new ArrayList<>();
            for (int i = 0; i < c.beforeExpand(); i++) {
                db.execute("INSERT INTO public.items VALUES (" + (i + 1) + ", " + c.values().get(i) + ")",
                        "INSERT INTO scratch.originals VALUES (" + (i + 1) + ", " + c.values().get(i) + ")");
                inserted.add(i + 1);
            }
            Optional<String> stopped = run(db, options, after, PhaseSelection.EXPAND);
            List<String> refusedWrites = new ArrayList<>();
            if (stopped.isEmpty()) {
                for (int i = c.beforeExpand(); i < c.values().size(); i++) {
                    try {
                        insertRow(db, i + 1, c.values().get(i));
                        inserted.add(i + 1);
                    } catch (SQLException e) {
                        assertClear(e.getMessage(), c);
                        assertTrue(!fits(db, c, c.values().get(i)),
                                () -> "a write of a value that converts back unchanged was refused: " + e.getMessage() + "\n" + c);
                        refusedWrites.add(c.values().get(i));
                    }
                }
                stopped = run(db, options, after, PhaseSelection.BACKFILL);
            }
            if (stopped.isEmpty()) {
                stopped = run(db, options, after, PhaseSelection.CONTRACT);
            }
            Statistics.label("outcome").collect(stopped.isPresent() ? "stopped" : refusedWrites.isEmpty() ? "converted" : "converted, writes refused");
            if (stopped.isPresent()) {
                String message = stopped.get();
                assertClear(message, c);
                assertEquals(List.of(), db.query("SELECT o.id FROM scratch.originals o LEFT JOIN public.items i USING (id)"
                                + " WHERE i.id IS NULL OR i.v IS DISTINCT FROM o.v"),
                        () -> "the migration stopped but the old column no longer holds every original value: " + c);
                assertTrue(c.values().subList(0, c.beforeExpand()).stream().anyMatch(v -> !fits(db, c, v)) || message.contains("cannot be checked"),
                        () -> "the migration stopped although every value converts back unchanged: " + message + "\n" + c);
            } else {
                assertEquals(columnType(db, "scratch.probe"), columnType(db, "public.items"), () -> "the column was not converted: " + c);
                assertEquals(List.of(), db.query("SELECT o.id, o.v::text, i.v::text FROM scratch.originals o LEFT JOIN public.items i USING (id)"
                                + " WHERE i.id IS NULL OR CAST(i.v AS " + c.from() + ") IS DISTINCT FROM o.v"),
                        () -> "a value changed and the migration succeeded: " + c);
            }
        }
    }

    private static Optional<String> run(TestDatabase db, ApplyOptions options, LoadedSchema after, PhaseSelection phases) {
        try {
            apply(db, options, desired(after), phases);
            return Optional.empty();
        } catch (StrataException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static void insertRow(TestDatabase db, int id, String value) throws SQLException {
        try (var conn = db.connect(); var st = conn.createStatement()) {
            conn.setAutoCommit(false);
            st.execute("INSERT INTO public.items VALUES (" + id + ", " + value + ")");
            st.execute("INSERT INTO scratch.originals VALUES (" + id + ", " + value + ")");
            conn.commit();
        }
    }

    /** The criterion on its own: the value converts to the new type and back unchanged. */
    private static boolean fits(TestDatabase db, Case c, String value) {
        try {
            return "t".equals(db.query("SELECT CAST(CAST((" + value + ")::" + c.from() + " AS " + c.to() + ") AS " + c.from() + ")"
                    + " IS NOT DISTINCT FROM (" + value + ")::" + c.from()).getFirst().getFirst());
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static String columnType(TestDatabase db, String table) {
        return db.query("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '" + table
                + "'::regclass AND attname = 'v'").getFirst().getFirst();
    }

    /** A clear error: Strata's own line, or PostgreSQL's for a value it cannot convert at all. */
    private static void assertClear(String message, Case c) {
        List<String> clear = List.of("strata: the value", "cannot be checked", "out of range", "invalid input syntax", "field overflow",
                "value too long", "cannot cast", "bit string length", "is out of range", "cannot convert");
        if (clear.stream().noneMatch(message::contains)) {
            fail("not a clear error: " + message + "\n" + c);
        }
    }
}
