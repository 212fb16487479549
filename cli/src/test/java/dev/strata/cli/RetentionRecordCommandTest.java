package dev.strata.cli;

import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The record of each retained object (strata.retained): written with the step that retires it, read by status (age,
 * migration, original name; "no record" for what the catalog alone knows), chosen through by purge --older-than and
 * --migration, closed by restore and purge; and restore and purge wait for no apply: they refuse while one runs.
 */
class RetentionRecordCommandTest {

    @TempDir
    Path dir;

    private static final String USERS_ONLY = """
            tables:
              users:
                columns:
                  id: { type: bigint, nullable: false }
                primary_key: [id]
            """;
    private static final String KEPT = "SELECT relname FROM pg_class WHERE relnamespace = 'strata_archive'::regnamespace"
            + " AND relkind = 'r' ORDER BY relname COLLATE \"C\"";

    /** Migration 1 drops sessions (backdated 10 days), migration 2 drops audit; returns their archived names. */
    private List<String> twoMigrations(TestDatabase db) throws IOException {
        db.execute("CREATE TABLE public.users (id bigint PRIMARY KEY)",
                "CREATE TABLE public.sessions (id bigint PRIMARY KEY, user_id bigint REFERENCES public.users)",
                "CREATE TABLE public.audit (id bigint PRIMARY KEY)",
                "INSERT INTO public.users SELECT g FROM generate_series(1, 10) g",
                "INSERT INTO public.sessions SELECT g, 1 + g % 10 FROM generate_series(1, 300) g",
                "INSERT INTO public.audit SELECT g FROM generate_series(1, 20) g", "ANALYZE");
        Files.writeString(dir.resolve("users.yaml"), USERS_ONLY + """
                  audit:
                    columns:
                      id: { type: bigint, nullable: false }
                    primary_key: [id]
                """);
        String url = db.postgresUrl();
        assertEquals(0, Strata.run("apply", "--url", url, "--desired", dir.toString(), "--phase", "all", "--yes").exitCode());
        db.execute("UPDATE strata.retained SET retired_at = now() - interval '10 days 2 hours'");
        Files.writeString(dir.resolve("users.yaml"), USERS_ONLY);
        assertEquals(0, Strata.run("apply", "--url", url, "--desired", dir.toString(), "--phase", "all", "--yes").exitCode());
        List<List<String>> kept = db.query(KEPT);
        assertEquals(2, kept.size(), kept.toString());
        return List.of(kept.get(1).get(0), kept.get(0).get(0));
    }

    @ParameterizedTest
    @ValueSource(ints = {TestPostgres.OLDEST_MAJOR, TestPostgres.NEWEST_MAJOR})
    void theStepThatRetiresATableRecordsItAndStatusShowsItsAgeMigrationAndOriginalName(int major) throws IOException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            List<String> archived = twoMigrations(db);
            String sessions = archived.get(0);
            String audit = archived.get(1);

            assertEquals(List.of(
                    List.of("1", "table", "public.sessions", "strata_archive", sessions, "300", "t", "t"),
                    List.of("2", "table", "public.audit", "strata_archive", audit, "20", "t", "t")),
                    db.query("SELECT r.migration_id, r.kind, r.object, r.archived_schema, r.archived_name, r.row_estimate,"
                            + " r.bytes > 0, r.restored_at IS NULL AND r.purged_at IS NULL FROM strata.retained r"
                            + " JOIN strata.step s USING (migration_id, step_id) ORDER BY r.migration_id"));
            String definition = db.query("SELECT definition FROM strata.retained WHERE migration_id = 1").get(0).get(0);
            assertTrue(definition.startsWith("CREATE TABLE public.sessions (\n"), definition);
            assertTrue(definition.contains("FOREIGN KEY (user_id) REFERENCES public.users (id)"), definition);
            db.execute("CREATE TABLE strata_archive.by_hand (x int)");

            Strata status = Strata.run("status", "--url", db.postgresUrl());

            assertEquals(0, status.exitCode(), status.toString());
            List<String> lines = status.outLines();
            int at = lines.indexOf("dropped tables and columns kept in strata_archive (recoverable until purged, docs/retention.md):");
            assertTrue(at >= 0, status.out());
            assertEquals("  strata_archive.by_hand: no record (moved there by hand or by an older Strata), 0 bytes",
                    lines.get(at + 1));
            assertTrue(lines.get(at + 2).matches("  strata_archive\\.\"" + java.util.regex.Pattern.quote(audit)
                    + "\": table public\\.audit, migration 2, kept less than a minute, \\d+ kB, about 20 rows"), lines.get(at + 2));
            assertTrue(lines.get(at + 3).matches("  strata_archive\\.\"" + java.util.regex.Pattern.quote(sessions)
                    + "\": table public\\.sessions, migration 1, kept 10 days, \\d+ kB, about 300 rows"), lines.get(at + 3));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {TestPostgres.OLDEST_MAJOR, TestPostgres.NEWEST_MAJOR})
    void purgeChoosesByAgeAndMigrationThroughTheRecordAndMarksWhatItDestroys(int major) throws IOException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            List<String> archived = twoMigrations(db);
            String sessions = archived.get(0);
            String audit = archived.get(1);
            db.execute("CREATE TABLE strata_archive.by_hand (x int)");
            String url = db.postgresUrl();

            Strata badAge = Strata.run("purge", "--url", url, "--older-than", "7 days", "--yes");
            assertNotEquals(0, badAge.exitCode(), badAge.toString());
            assertNotEquals(1, badAge.exitCode(), "a usage error: " + badAge);
            assertTrue(badAge.err().contains("--older-than") && badAge.err().contains(
                    "expected an age such as 30m, 12h, 7d or 2w (minutes, hours, days, weeks), not '7 days'"), badAge.toString());
            Strata unknown = Strata.run("purge", "--url", url, "--migration", "9", "--yes");
            assertEquals(1, unknown.exitCode(), unknown.toString());
            assertEquals("no migration 9 (strata status shows the last one)", unknown.err().strip());
            Strata none = Strata.run("purge", "--url", url, "--older-than", "2w", "--yes");
            assertEquals(0, none.exitCode(), none.toString());
            assertEquals("nothing kept in strata_archive matches --older-than 2w: nothing to purge", none.out().strip());
            Strata notBoth = Strata.run("purge", "--url", url, "--older-than", "7d", "--migration", "2", "--yes");
            assertEquals(0, notBoth.exitCode(), notBoth.toString());
            assertTrue(notBoth.out().startsWith("nothing kept in strata_archive matches --older-than 7d --migration 2"),
                    notBoth.toString());

            Strata unconfirmed = Strata.run("purge", "--url", url, "--older-than", "7d");
            assertEquals(1, unconfirmed.exitCode(), unconfirmed.toString());
            assertTrue(unconfirmed.out().startsWith("would destroy for good:\n  strata_archive.\"" + sessions
                    + "\": table public.sessions, migration 1, "), unconfirmed.out());
            assertEquals(3, unconfirmed.outLines().size(), unconfirmed.out());

            Strata old = Strata.run("purge", "--url", url, "--older-than", "7d", "--yes");
            assertEquals(0, old.exitCode(), old.toString());
            assertTrue(old.out().contains("destroyed 1 table, "), old.out());
            assertEquals(List.of(List.of("by_hand"), List.of(audit)), db.query(KEPT));

            Strata second = Strata.run("purge", "--url", url, "--migration", "2", "--yes");
            assertEquals(0, second.exitCode(), second.toString());
            assertEquals(List.of(List.of("by_hand")), db.query(KEPT), "a table without a record is chosen only by name");
            assertEquals(List.of(List.of("1", "t", "f"), List.of("2", "t", "f")), db.query("SELECT migration_id,"
                    + " purged_at IS NOT NULL, restored_at IS NOT NULL FROM strata.retained ORDER BY migration_id"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {TestPostgres.OLDEST_MAJOR, TestPostgres.NEWEST_MAJOR})
    void restoreClosesTheRecordAndAStateSchemaWithoutTheRecordStillWorks(int major) throws IOException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            List<String> archived = twoMigrations(db);
            String url = db.postgresUrl();

            Strata restore = Strata.run("restore", "--url", url, "--migration", "1");

            assertEquals(0, restore.exitCode(), restore.toString());
            assertEquals(List.of(List.of("1", "t", "f"), List.of("2", "f", "f")), db.query("SELECT migration_id,"
                    + " restored_at IS NOT NULL, purged_at IS NOT NULL FROM strata.retained ORDER BY migration_id"));
            assertEquals(List.of(List.of("300")), db.query("SELECT count(*) FROM public.sessions"));

            // The state tables of an older Strata: no record at all.
            db.execute("DROP TABLE strata.retained");
            Strata status = Strata.run("status", "--url", url);
            assertEquals(0, status.exitCode(), status.toString());
            assertTrue(status.out().contains("  strata_archive.\"" + archived.get(1)
                    + "\": no record (moved there by hand or by an older Strata), "), status.out());
            Strata byAge = Strata.run("purge", "--url", url, "--older-than", "1m", "--yes");
            assertEquals(0, byAge.exitCode(), byAge.toString());
            assertTrue(byAge.out().contains("nothing to purge"), byAge.out());
            Strata all = Strata.run("purge", "--url", url, "--yes");
            assertEquals(0, all.exitCode(), all.toString());
            assertEquals(List.of(), db.query(KEPT));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {TestPostgres.OLDEST_MAJOR, TestPostgres.NEWEST_MAJOR})
    void restoreAndPurgeRefuseWhileAnApplyHoldsTheLock(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major); Connection apply = db.connect()) {
            twoMigrations(db);
            String url = db.postgresUrl();
            try (Statement st = apply.createStatement()) {
                st.execute("SET application_name = 'strata apply'");
                st.execute("SELECT pg_advisory_lock(" + dev.strata.execute.ApplyLock.KEY + ")");
            }

            Strata purge = Strata.run("purge", "--url", url, "--yes");
            Strata restore = Strata.run("restore", "--url", url, "--migration", "1");

            assertEquals(1, purge.exitCode(), purge.toString());
            assertEquals(1, purge.errLines().size(), purge.toString());
            assertTrue(purge.err().startsWith("cannot purge while another strata command (apply, restore or purge) runs on"
                    + " this database: pid "), purge.err());
            assertTrue(purge.err().contains("application_name 'strata apply'")
                    && purge.err().strip().endsWith("; nothing was done: wait for it to finish and retry"), purge.err());
            assertEquals(1, restore.exitCode(), restore.toString());
            assertTrue(restore.err().startsWith("cannot restore while another strata command"), restore.err());
            assertEquals(2, db.query(KEPT).size(), "nothing was purged or restored");
        }
    }
}
