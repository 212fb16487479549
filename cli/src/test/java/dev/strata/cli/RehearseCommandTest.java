package dev.strata.cli;

import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code strata rehearse} end to end: production read through a role that can only SELECT, the plan run on the tests'
 * scratch server (no server given), per-step measured and projected figures printed, production unchanged.
 * A few thousand rows at most: the figures' values are not what is tested here.
 */
class RehearseCommandTest {

    private static final String USERS = """
            CREATE TABLE public.users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, username text NOT NULL UNIQUE,
                email text NOT NULL UNIQUE, created_at timestamptz NOT NULL DEFAULT now())""";

    private static TestDatabase production(int major) {
        TestDatabase db = TestPostgres.newDatabase(major);
        db.execute("COMMENT ON SCHEMA public IS NULL", USERS, "COMMENT ON TABLE public.users IS 'People who can sign in.'",
                "INSERT INTO public.users (username, email) SELECT 'user' || i, 'user' || i || '@example.com'"
                        + " FROM generate_series(1, 2500) i",
                "ANALYZE public.users");
        return db;
    }

    /** Everything of production a rehearsal could change: its tables, columns, constraints, indexes and rows. */
    private static List<List<String>> state(TestDatabase db) {
        return List.of(
                db.query("SELECT string_agg(c.relname || ':' || c.relkind::text || ':' || c.relfilenode, ',' ORDER BY c.relname)"
                        + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN"
                        + " ('pg_catalog', 'information_schema', 'pg_toast')").getFirst(),
                db.query("SELECT string_agg(attname, ',' ORDER BY attname) FROM pg_attribute"
                        + " WHERE attrelid = 'public.users'::regclass AND attnum > 0 AND NOT attisdropped").getFirst(),
                db.query("SELECT string_agg(conname, ',' ORDER BY conname) FROM pg_constraint"
                        + " WHERE conrelid = 'public.users'::regclass").getFirst(),
                db.query("SELECT md5(string_agg(u::text, ',' ORDER BY id)) FROM public.users u").getFirst(),
                db.query("SELECT count(*) FROM pg_namespace WHERE nspname IN ('strata', 'strata_archive')").getFirst());
    }

    /** The URL of a new role on production that can only SELECT, in read-only transactions. */
    private static String readOnlyRole(TestDatabase db) {
        String role = "reader_" + db.name();
        db.execute("CREATE ROLE " + role + " LOGIN", "GRANT USAGE ON SCHEMA public TO " + role,
                "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + role,
                "ALTER ROLE " + role + " SET default_transaction_read_only = on");
        return "postgres://" + role + "@" + db.host() + ":" + db.port() + "/" + db.name();
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void rehearsesTheRenameOnScratchThroughARoleThatCanOnlyReadProduction(int major) {
        try (TestDatabase db = production(major)) {
            String readOnly = readOnlyRole(db);
            List<List<String>> before = state(db);

            var r = Strata.run("rehearse", "--url", readOnly, "--desired", "examples/users/after",
                    "--scales", "0.2,0.4,0.8", "--workload-tps", "20", "--max-blocking-ms", "60000");

            assertEquals(0, r.exitCode(), r.toString());
            assertTrue(r.out().contains("Scale 20 %: public.users 500 rows"), r.toString());
            assertTrue(r.out().contains("Scale 80 %: public.users 2,000 rows"), r.toString());
            assertTrue(r.out().contains(" @ 2,500 ("), r.toString()); // projected to production's rows
            for (String step : List.of("expand-", "backfill-", "contract-")) {
                assertTrue(r.outLines().stream().anyMatch(l -> l.startsWith(step) && l.endsWith("  ok")), r.toString());
            }
            assertTrue(r.out().contains("Verdict: every step stays within the thresholds at production size."), r.toString());
            assertEquals(before, state(db), "production changed");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aSampleOfProductionsRowsIsReadThroughARoleThatCanOnlyReadAndLeavesProductionUnchanged(int major) {
        try (TestDatabase db = production(major)) {
            String readOnly = readOnlyRole(db);
            List<List<String>> before = state(db);

            var r = Strata.run("rehearse", "--url", readOnly, "--desired", "examples/users/after", "--sample", "50",
                    "--scale", "0.4", "--workload-tps", "0", "--max-blocking-ms", "60000");

            assertEquals(0, r.exitCode(), r.toString());
            assertTrue(r.out().contains("Scale 40 %: public.users 1,000 rows"), r.toString());
            assertTrue(r.outLines().stream().anyMatch(l -> l.startsWith("backfill-") && l.endsWith("  ok")), r.toString());
            assertEquals(before, state(db), "production changed");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void fromFilesAndRowsNeedsNoDatabaseAndAFigureOverAThresholdExitsFive(int major) {
        var r = Strata.run("rehearse", "--from", "examples/users/before", "--desired", "examples/users/after",
                "--rows", "users=3000", "--pg-version", String.valueOf(major), "--scales", "0.1,0.2", "--workload-tps", "0",
                "--max-step-duration", "1ms", "--format", "json");

        assertEquals(5, r.exitCode(), r.toString());
        assertTrue(r.out().contains("\"format\": \"strata-rehearsal/1\""), r.toString());
        assertTrue(r.out().contains("\"within_thresholds\": false"), r.toString());
        assertTrue(r.out().contains("\"production_rows\": 3000"), r.toString());
        assertTrue(r.out().contains("duration projected") || r.out().contains("duration measured"), r.toString());
        assertFalse(r.out().contains("\"model\": \"none\""), r.toString());
        assertFalse(r.out().contains("No PostgreSQL version given"), r.toString());
    }

    @Test
    void fromFilesWithoutAVersionRehearsesOnTheOldestSupportedMajorAndSaysSo() {
        var r = Strata.run("rehearse", "--from", "examples/users/before", "--desired", "examples/users/after",
                "--rows", "users=200", "--scale", "0.5", "--workload-tps", "0", "--max-blocking-ms", "60000");

        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("(PostgreSQL 14)"), r.toString());
        assertTrue(r.out().contains("No PostgreSQL version given (--pg-version, or pg_version in strata.yaml): rehearsed on"
                + " PostgreSQL 14, the oldest supported"), r.toString());
    }

    @Test
    void anUnreachableProductionIsOneLine() {
        var r = Strata.run("rehearse", "--url", "postgres://nobody:secret@localhost:1/none", "--desired", "examples/users/after");

        assertEquals(1, r.exitCode(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        assertTrue(r.err().startsWith("cannot connect to localhost:1: connection refused"), r.toString());
        assertFalse(r.err().contains("secret"), r.toString());
        assertEquals("", r.out(), r.toString());
    }
}
