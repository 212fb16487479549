package dev.strata.plan;

import dev.strata.model.QualifiedName;
import dev.strata.sql.Identifiers;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackfillSqlTest {

    // Composite key (text, int) with names that need quoting; 5 regions x 500 numbers = 2,500 rows.
    private static final List<String> REGIONS = List.of("Zürich", "ABC", "abc", "Ölfeld", "b");
    private static final BackfillStep STEP = new BackfillStep(
            "backfill-1", "fill \"Handle\" from \"Naïve Name\"",
            QualifiedName.of("Shop", "Kunden"),
            List.of("Région", "Nr"),
            List.of(new BackfillStep.Assignment("Handle", "upper(\"Naïve Name\") || '#' || \"Nr\"")),
            "\"Handle\" IS DISTINCT FROM upper(\"Naïve Name\") || '#' || \"Nr\"");

    private static void createTable(TestDatabase db) {
        db.execute(
                "CREATE SCHEMA \"Shop\"",
                "CREATE TABLE \"Shop\".\"Kunden\" (\"Région\" text, \"Nr\" integer, \"Naïve Name\" text NOT NULL,"
                        + " \"Handle\" text, PRIMARY KEY (\"Région\", \"Nr\"))",
                "INSERT INTO \"Shop\".\"Kunden\" SELECT r, n, 'name ' || r || ' ' || n, NULL"
                        + " FROM unnest(ARRAY['" + String.join("','", REGIONS) + "']) r, generate_series(1, 500) n");
    }

    private static List<List<String>> wrongRows(TestDatabase db) {
        return db.query("SELECT \"Région\", \"Nr\", \"Handle\" FROM \"Shop\".\"Kunden\""
                + " WHERE \"Handle\" IS DISTINCT FROM upper('name ' || \"Région\" || ' ' || \"Nr\") || '#' || \"Nr\"");
    }

    private static long count(TestDatabase db, String sql) {
        return Long.parseLong(db.query(sql).getFirst().getFirst());
    }

    /** Runs batches until the key range is exhausted; returns how many batches returned a row. */
    private static int runBatches(TestDatabase db, int batchSize, Runnable betweenBatches, List<Long> updatedCounts)
            throws SQLException {
        try (Connection c = db.connect();
                PreparedStatement first = c.prepareStatement(BackfillSql.batchStatement(STEP, true));
                PreparedStatement next = c.prepareStatement(BackfillSql.batchStatement(STEP, false))) {
            c.setAutoCommit(true);
            first.setInt(1, batchSize);
            PreparedStatement current = first;
            int batches = 0;
            while (true) {
                Object[] lastKey;
                try (var rs = current.executeQuery()) {
                    if (!rs.next()) {
                        return batches;
                    }
                    updatedCounts.add(rs.getLong(1));
                    lastKey = new Object[] {rs.getObject(2), rs.getObject(3)};
                    assertFalse(rs.next(), "one row per batch");
                }
                batches++;
                betweenBatches.run();
                next.setObject(1, lastKey[0]);
                next.setObject(2, lastKey[1]);
                next.setInt(3, batchSize);
                current = next;
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void batchesUpdateEveryRowOnceInKeyOrder(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            createTable(db);
            List<Long> updated = new ArrayList<>();

            int batches = runBatches(db, 100, () -> {}, updated);

            assertEquals(25, batches);
            assertEquals(List.of(), wrongRows(db));
            assertTrue(updated.stream().allMatch(n -> n == 100), updated.toString());
            assertEquals(25, count(db, "SELECT count(DISTINCT xmin::text) FROM \"Shop\".\"Kunden\""),
                    "each batch commits on its own");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void rowsThatNoLongerMatchPendingAreSkippedButStillPaginated(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            createTable(db);
            db.execute("UPDATE \"Shop\".\"Kunden\" SET \"Handle\" = upper(\"Naïve Name\") || '#' || \"Nr\""
                    + " WHERE \"Nr\" % 2 = 0");
            List<Long> updated = new ArrayList<>();

            int batches = runBatches(db, 100, () -> {}, updated);

            assertEquals(25, batches);
            assertEquals(1250L, updated.stream().mapToLong(Long::longValue).sum());
            assertEquals(List.of(), wrongRows(db));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void rowsInsertedAheadOfTheCursorArePickedUp(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            createTable(db);
            List<Long> updated = new ArrayList<>();
            int[] seen = {0};

            // "Zürich" sorts last in the C collation; "Zz" after it, so the cursor has not reached them yet.
            int batches = runBatches(db, 100, () -> {
                if (++seen[0] == 3) {
                    db.execute("INSERT INTO \"Shop\".\"Kunden\" SELECT 'Zz', n, 'late ' || n, NULL"
                            + " FROM generate_series(1, 100) n");
                }
            }, updated);

            assertEquals(26, batches);
            assertEquals(2600L, updated.stream().mapToLong(Long::longValue).sum());
            assertEquals(List.of(), db.query("SELECT \"Nr\" FROM \"Shop\".\"Kunden\" WHERE \"Région\" = 'Zz'"
                    + " AND \"Handle\" IS DISTINCT FROM upper('late ' || \"Nr\") || '#' || \"Nr\""));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void doScriptCommitsEveryBatchOutsideATransactionBlock(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            createTable(db);
            List<String> notices = new ArrayList<>();

            try (Connection c = db.connect(); var st = c.createStatement()) {
                c.setAutoCommit(true);
                st.execute(BackfillSql.script(STEP, 100, Duration.ofMillis(1)));
                for (SQLWarning w = st.getWarnings(); w != null; w = w.getNextWarning()) {
                    notices.add(w.getMessage());
                }
            }

            assertEquals(List.of(), wrongRows(db));
            assertEquals(25, count(db, "SELECT count(DISTINCT xmin::text) FROM \"Shop\".\"Kunden\""),
                    "each batch commits on its own");
            assertEquals(26, notices.size(), notices.toString());
            assertEquals("strata backfill: done, 2500 rows updated in 25 batches", notices.getLast());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void anArchiveCopyScriptKeepsEveryValueOnceAndTheCopyBackPutsThemBackByKey(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            createTable(db);
            db.execute("UPDATE \"Shop\".\"Kunden\" SET \"Handle\" = \"Région\" || \"Nr\" WHERE \"Nr\" % 3 = 0",
                    "CREATE SCHEMA strata_archive",
                    "CREATE TABLE strata_archive.\"Shop.Kunden.Handle~x\" (\"Région\" text NOT NULL, \"Nr\" integer NOT NULL,"
                            + " \"Handle\" text, PRIMARY KEY (\"Région\", \"Nr\"))");
            QualifiedName archive = QualifiedName.of("strata_archive", "Shop.Kunden.Handle~x");
            BackfillStep copy = new BackfillStep("contract-2", Phase.CONTRACT, "copy", STEP.table(), STEP.key(),
                    new BackfillStep.Batch.Archive(archive, "Handle"));
            String checksum = "SELECT md5(string_agg(\"Région\" || \"Nr\" || ':' || coalesce(\"Handle\", '-'), ','"
                    + " ORDER BY \"Région\", \"Nr\")) FROM %s";
            List<List<String>> before = db.query(checksum.formatted("\"Shop\".\"Kunden\""));

            db.execute(BackfillSql.script(copy, 300, Duration.ZERO));
            db.execute(BackfillSql.script(copy, 300, Duration.ZERO));

            assertEquals(before, db.query(checksum.formatted(Identifiers.qualified(archive))), "every value once, a rerun adds none");
            db.execute("UPDATE \"Shop\".\"Kunden\" SET \"Handle\" = NULL");
            try (Connection c = db.connect()) {
                c.setAutoCommit(true);
                List<String> last = List.of();
                long updated = 0;
                for (int batch = 0; batch < 100; batch++) {
                    try (PreparedStatement ps = c.prepareStatement(BackfillSql.copyBackStatement(STEP.table(), STEP.key(),
                            archive, "Handle", last.isEmpty()))) {
                        int p = 1;
                        for (String k : last) {
                            ps.setObject(p++, k, java.sql.Types.OTHER);
                        }
                        ps.setInt(p, 700);
                        try (var rs = ps.executeQuery()) {
                            if (!rs.next()) {
                                break;
                            }
                            updated += rs.getLong(1);
                            last = List.of(rs.getString(2), rs.getString(3));
                        }
                    }
                }
                assertEquals(2500, updated);
            }
            assertEquals(before, db.query(checksum.formatted("\"Shop\".\"Kunden\"")), "every value back by its key");
        }
    }

    @Test
    void doScriptIsSafeToRerun() throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase()) {
            createTable(db);
            db.execute(BackfillSql.script(STEP, 1000, Duration.ZERO));
            long before = count(db, "SELECT count(DISTINCT xmin::text) FROM \"Shop\".\"Kunden\"");

            db.execute(BackfillSql.script(STEP, 1000, Duration.ZERO));

            assertEquals(List.of(), wrongRows(db));
            assertEquals(before, count(db, "SELECT count(DISTINCT xmin::text) FROM \"Shop\".\"Kunden\""),
                    "a rerun rewrites no row");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void doScriptWorksOnColumnsNamedLikeItsOwnVariables(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE TABLE public.t (strata_last int PRIMARY KEY, strata_total int, strata_batches int)",
                    "INSERT INTO public.t SELECT g, g FROM generate_series(1, 30) g");
            BackfillStep step = new BackfillStep("b", "s", QualifiedName.of("public", "t"), List.of("strata_last"),
                    List.of(new BackfillStep.Assignment("strata_batches", "strata_total + strata_last")), "strata_batches IS NULL");

            db.execute(BackfillSql.script(step, 7, Duration.ZERO));

            assertEquals(List.of(List.of("30")), db.query("SELECT count(*) FROM public.t WHERE strata_batches = 2 * strata_last"));
            db.execute("TRUNCATE public.t", BackfillSql.script(step, 7, Duration.ZERO));
        }
    }

    @Test
    void singleColumnKeyNeedsNoRowComparison() {
        BackfillStep step = new BackfillStep("b", "s", QualifiedName.of("public", "users"), List.of("id"),
                List.of(new BackfillStep.Assignment("handle", "username")), "handle IS DISTINCT FROM username");

        assertEquals("WITH batch(strata_k1) AS (SELECT id FROM public.users WHERE (id) > (?) ORDER BY id LIMIT ?),"
                        + " updated AS (UPDATE public.users SET handle = (username)"
                        + " WHERE (public.users.id) >= (SELECT strata_k1 FROM batch ORDER BY strata_k1 LIMIT 1)"
                        + " AND (public.users.id) <= (SELECT strata_k1 FROM batch ORDER BY strata_k1 DESC LIMIT 1)"
                        + " AND (handle IS DISTINCT FROM username)"
                        + " RETURNING 1) SELECT (SELECT count(*) FROM updated) AS strata_updated, strata_k1"
                        + " FROM batch ORDER BY strata_k1 DESC LIMIT 1",
                BackfillSql.batchStatement(step, false));
    }

    @Test
    void doScriptKeepsLineBreaksInsideStringsAndNamesAsWritten() {
        BackfillStep step = new BackfillStep("b", "s", QualifiedName.of("public", "t\nx"), List.of("id"),
                List.of(new BackfillStep.Assignment("c", "'a\r\nb' || E'\\\rc'")), "c IS NULL");

        String script = BackfillSql.script(step, 10, Duration.ZERO);

        // The batch statement is the string EXECUTE runs: quotes and backslashes doubled, line breaks as written.
        assertTrue(script.contains("SET c = (''a\r\nb'' || E''\\\\\rc'')"), script);
        assertTrue(script.contains("UPDATE public.\"t\nx\" SET"), script);
        assertTrue(script.startsWith("-- Backfill public.\"t x\": s\n"), script);
    }

    @Test
    void doScriptPicksADollarTagTheExpressionsDoNotContain() {
        BackfillStep step = new BackfillStep("b", "s", QualifiedName.of("public", "t"), List.of("id"),
                List.of(new BackfillStep.Assignment("c", "$strata$x$strata$")), "c IS NULL");

        String script = BackfillSql.script(step, 10, Duration.ZERO);

        assertTrue(script.contains("DO $strata1$\n"), script);
    }
}
