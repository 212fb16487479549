package dev.strata.rehearse;

import dev.strata.diagnostics.StrataException;
import dev.strata.model.QualifiedName;
import dev.strata.sql.Literals;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatisticsReaderTest {

    static final QualifiedName ACCOUNTS = QualifiedName.of("Prod Ä", "Account");
    static final QualifiedName FRESH = QualifiedName.of("Prod Ä", "fresh");

    static void production(TestDatabase db) {
        db.execute("CREATE SCHEMA \"Prod Ä\"",
                "CREATE TABLE \"Prod Ä\".\"Account\" (id int PRIMARY KEY, \"order\" text, \"Kind\" text NOT NULL,"
                        + " secret text, tags int[], doc json)",
                "INSERT INTO \"Prod Ä\".\"Account\" SELECT g, CASE WHEN g % 4 <> 0 THEN 'o' || g % 700 END,"
                        + " (ARRAY['a', 'b', 'b', 'c'])[1 + g % 4], 'pw' || g, ARRAY[g % 3], json_build_object('g', g)"
                        + " FROM generate_series(1, 5000) g",
                "ANALYZE \"Prod Ä\".\"Account\"",
                "CREATE TABLE \"Prod Ä\".fresh (a int) WITH (autovacuum_enabled = false)",
                "INSERT INTO \"Prod Ä\".fresh SELECT g FROM generate_series(1, 321) g");
    }

    /** A role that may only SELECT some columns, in read-only transactions by default: it cannot write at all. */
    static String reader(TestDatabase db) {
        String role = db.name() + "_reader";
        db.execute("DROP ROLE IF EXISTS " + role,
                "CREATE ROLE " + role + " LOGIN PASSWORD 'reader'",
                "ALTER ROLE " + role + " SET default_transaction_read_only = on",
                "GRANT USAGE ON SCHEMA \"Prod Ä\" TO " + role,
                "GRANT SELECT (id, \"Kind\", tags) ON \"Prod Ä\".\"Account\" TO " + role,
                "GRANT SELECT ON \"Prod Ä\".fresh TO " + role);
        return role;
    }

    static void dropReader(TestDatabase db, String role) {
        db.execute("DROP OWNED BY " + role, "DROP ROLE " + role);
    }

    static Connection connectAs(TestDatabase db, String role) throws Exception {
        return DriverManager.getConnection(db.jdbcUrl(), role, "reader");
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void readsExactlyWhatPgStatsHoldsAndCountsANeverAnalysedTable(int major) throws Exception {
        try (var db = TestPostgres.newDatabase(major); var c = db.connect()) {
            production(db);

            var stats = StatisticsReader.read(c, Set.of(ACCOUNTS, FRESH, QualifiedName.of("Prod Ä", "missing")),
                    Duration.ofSeconds(5));

            assertEquals(Set.of(ACCOUNTS, FRESH), stats.keySet());
            TableStatistics accounts = stats.get(ACCOUNTS);
            assertEquals(5000, accounts.rows());
            assertEquals(db.query("SELECT relpages FROM pg_class WHERE relname = 'Account'").getFirst().getFirst(),
                    String.valueOf(accounts.pages()));
            assertEquals(List.of("id", "order", "Kind", "secret", "tags", "doc"),
                    accounts.columns().stream().map(ColumnStatistics::column).toList(), "every column, in column order");
            for (ColumnStatistics s : accounts.columns()) {
                List<String> row = db.query("SELECT null_frac, n_distinct, coalesce(array_length(most_common_vals::text::text[], 1), 0),"
                        + " coalesce(array_to_string(most_common_vals::text::text[], '|'), ''),"
                        + " coalesce(array_to_string(most_common_freqs, '|'), ''),"
                        + " coalesce(array_to_string(histogram_bounds::text::text[], '|'), ''), avg_width, coalesce(correlation, 0)"
                        + " FROM pg_stats WHERE schemaname = 'Prod Ä' AND tablename = 'Account' AND attname = "
                        + Literals.quote(s.column())).getFirst();
                assertEquals(Float.parseFloat(row.get(0)), (float) s.nullFraction(), s.column());
                assertEquals(Float.parseFloat(row.get(1)), (float) s.distinct(), s.column());
                assertEquals(Integer.parseInt(row.get(2)), s.mostCommonValues().size(), s.column());
                assertEquals(row.get(3), String.join("|", s.mostCommonValues()), s.column());
                assertEquals(row.get(4), String.join("|", s.mostCommonFrequencies().stream()
                        .map(f -> String.valueOf(f.floatValue())).toList()), s.column());
                assertEquals(row.get(5), String.join("|", s.histogramBounds()), s.column());
                assertEquals(Integer.parseInt(row.get(6)), s.averageWidth(), s.column());
                assertEquals(Float.parseFloat(row.get(7)), (float) s.correlation(), s.column());
            }
            assertEquals(List.of("b", "a", "c"), accounts.column("Kind").orElseThrow().mostCommonValues());
            assertTrue(accounts.column("tags").orElseThrow().mostCommonValues().contains("{0}"),
                    "an array column's values as the server prints them");

            assertEquals(new TableStatistics(FRESH, 321, 0, List.of()), stats.get(FRESH),
                    "never analysed: counted, no column statistics");
            assertTrue(c.getAutoCommit(), "the caller's autocommit is restored");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aSelectOnlyRoleThatCannotWriteReadsTheColumnsItMaySee(int major) throws Exception {
        try (var db = TestPostgres.newDatabase(major)) {
            production(db);
            String role = reader(db);
            try (var c = connectAs(db, role)) {
                var stats = StatisticsReader.read(c, Set.of(ACCOUNTS, FRESH), Duration.ofSeconds(5));

                assertEquals(List.of("id", "Kind", "tags"),
                        stats.get(ACCOUNTS).columns().stream().map(ColumnStatistics::column).toList(),
                        "pg_stats shows a role only the columns it may read");
                assertEquals(5000, stats.get(ACCOUNTS).rows());
                assertEquals(321, stats.get(FRESH).rows());

                var sampled = StatisticsReader.sampled(c, Set.of(ACCOUNTS), 100, Duration.ofSeconds(5));
                assertEquals(List.of("id", "Kind", "tags"),
                        sampled.get(ACCOUNTS).columns().stream().map(ColumnStatistics::column).toList());
            } finally {
                dropReader(db, role);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void theStatementTimeoutBoundsTheReadAndEndsWithIt(int major) throws Exception {
        try (var db = TestPostgres.newDatabase(major); var c = db.connect()) {
            production(db);
            try (var st = c.createStatement()) {
                st.execute("SET statement_timeout = 0");
            }
            StatisticsReader.read(c, Set.of(ACCOUNTS), Duration.ofMillis(1500));
            try (var st = c.createStatement(); var rs = st.executeQuery("SHOW statement_timeout")) {
                rs.next();
                assertEquals("0", rs.getString(1), "SET LOCAL: the timeout ends with the read");
            }
            // A timeout too short for the count of a never-analysed table fails with one line.
            db.execute("CREATE TABLE \"Prod Ä\".big (a int) WITH (autovacuum_enabled = false)",
                    "INSERT INTO \"Prod Ä\".big SELECT g FROM generate_series(1, 300000) g");
            var e = assertThrows(StrataException.class, () -> StatisticsReader.read(c,
                    Set.of(QualifiedName.of("Prod Ä", "big")), Duration.ofMillis(1)));
            assertTrue(e.getMessage().startsWith("cannot read the statistics: "), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aSampleGivesTheSameShapesAsAnalyze(int major) throws Exception {
        try (var db = TestPostgres.newDatabase(major); var c = db.connect()) {
            production(db);
            Map<QualifiedName, TableStatistics> analysed = StatisticsReader.read(c, Set.of(ACCOUNTS), Duration.ofSeconds(5));

            var sampled = StatisticsReader.sampled(c, Set.of(ACCOUNTS), 100, Duration.ofSeconds(5)).get(ACCOUNTS);

            assertEquals(5000, sampled.rows());
            for (ColumnStatistics s : sampled.columns()) {
                ColumnStatistics a = analysed.get(ACCOUNTS).column(s.column()).orElseThrow();
                assertEquals(a.nullFraction(), s.nullFraction(), 0.01, s.column());
                if (!s.column().equals("doc")) {
                    assertEquals(a.distinctValues(5000), s.distinctValues(5000), a.distinctValues(5000) * 0.05,
                            s.column());
                }
                assertEquals(a.averageWidth(), s.averageWidth(), 2, s.column());
            }
            ColumnStatistics kind = sampled.column("Kind").orElseThrow();
            assertEquals(List.of("b", "a", "c"), kind.mostCommonValues());
            assertEquals(0.5, kind.mostCommonFrequencies().getFirst(), 0.001);
            assertEquals(101, sampled.column("id").orElseThrow().histogramBounds().size());
            assertEquals(1, sampled.column("id").orElseThrow().correlation(), 0.001, "inserted in order");
            ColumnStatistics doc = sampled.column("doc").orElseThrow();
            assertEquals(0, doc.distinct(), "json has no equality: distinct unknown");
            assertTrue(doc.averageWidth() > 0);
            assertTrue(c.getAutoCommit());
        }
    }
}
