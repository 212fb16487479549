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
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code strata restore} of a kept column killed with SIGKILL (issue 10 item 4) in a JVM of its own, while it copies
 * the values back and while it builds the unique index again: the rerun finds the column it marked, resumes, and ends
 * with every value, a valid unique constraint and no marker. A column the user added is never resumed.
 */
class RestoreColumnFaultTest {

    private static final int KILLED = 137;
    /** Three copy-back batches of 1000 archive rows: the first kill comes in the third. */
    private static final int ROWS = 3_000;
    private static final String CHECKSUM = "SELECT md5(string_agg(id || ':' || coalesce(email, '-'), ',' ORDER BY id))"
            + " FROM public.accounts";
    private static final String COMMENT = "SELECT col_description('public.accounts'::regclass, a.attnum) FROM pg_attribute a"
            + " WHERE a.attrelid = 'public.accounts'::regclass AND a.attname = 'email'";
    private static final String INVALID = "SELECT indexrelid::regclass::text FROM pg_index"
            + " WHERE indrelid = 'public.accounts'::regclass AND NOT indisvalid";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {TestPostgres.OLDEST_MAJOR, TestPostgres.NEWEST_MAJOR})
    void restoreKilledWhileCopyingBackResumesOnRerun(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            String before = dropEmail(db);
            // Holds the third batch's UPDATE in a sleep: two batches are committed when the JVM is killed.
            db.execute("CREATE FUNCTION public.stall() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                            + " IF NEW.id = 2500 THEN PERFORM pg_sleep(120); END IF; RETURN NEW; END $$",
                    "CREATE TRIGGER stall BEFORE UPDATE ON public.accounts FOR EACH ROW EXECUTE FUNCTION public.stall()");
            Process restore = restoreJvm(db);
            String pid = await(db, restore, "SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
                    + " AND wait_event = 'PgSleep' AND strpos(query, 'UPDATE public.accounts SET') > 0");
            kill(db, restore, pid);
            db.execute("DROP TRIGGER stall ON public.accounts", "DROP FUNCTION public.stall()");
            assertEquals(List.of(List.of("1980")), db.query("SELECT count(email) FROM public.accounts"),
                    "two batches were committed (every 100th email is NULL)");
            assertTrue(db.query(COMMENT).get(0).get(0).startsWith("strata: restoring public.accounts.email from"
                    + " strata_archive.\"public.accounts.email~"), db.query(COMMENT).toString());

            assertRerunRestores(db, before);
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {TestPostgres.OLDEST_MAJOR, TestPostgres.NEWEST_MAJOR})
    void restoreKilledWhileBuildingTheUniqueIndexDropsTheInvalidIndexAndResumesOnRerun(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            String before = dropEmail(db);
            // The build waits at its start for an advisory lock the test holds (no lock timeout: the test decides).
            db.execute("CREATE FUNCTION public.stall() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN"
                            + " IF strpos(current_query(), 'CREATE UNIQUE INDEX CONCURRENTLY') > 0 THEN"
                            + " PERFORM set_config('lock_timeout', '0', false); PERFORM pg_advisory_lock(4711, 4711);"
                            + " PERFORM pg_advisory_unlock(4711, 4711); END IF; END $$",
                    "CREATE EVENT TRIGGER stall ON ddl_command_start EXECUTE FUNCTION public.stall()");
            try (Connection blocker = db.connect(); Statement st = blocker.createStatement()) {
                st.execute("SELECT pg_advisory_lock(4711, 4711)");
                Process restore = restoreJvm(db);
                String pid = await(db, restore, "SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
                        + " AND wait_event = 'advisory' AND strpos(query, 'CREATE UNIQUE INDEX CONCURRENTLY') > 0");
                // A transaction holding a lock that conflicts with SHARE: the build commits the index INVALID, then waits for it.
                blocker.setAutoCommit(false);
                st.execute("LOCK TABLE public.accounts IN ROW EXCLUSIVE MODE");
                st.execute("SELECT pg_advisory_unlock(4711, 4711)");
                await(db, restore, INVALID);
                kill(db, restore, pid);
                blocker.rollback();
            }
            db.execute("DROP EVENT TRIGGER stall", "DROP FUNCTION public.stall()");
            assertEquals(List.of(List.of("accounts_email_key")), db.query(INVALID), "the killed build left it INVALID");
            assertEquals(before, db.query(CHECKSUM).get(0).get(0), "the values were back before the build");

            assertRerunRestores(db, before);
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {TestPostgres.OLDEST_MAJOR, TestPostgres.NEWEST_MAJOR})
    void restoreKilledAfterRebuildingEverythingButBeforeClearingItsMarkerResumesOnRerun(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            String before = dropEmail(db);
            db.execute("CREATE FUNCTION public.stall() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN"
                            + " IF strpos(current_query(), 'COMMENT ON COLUMN') > 0 AND strpos(current_query(), 'IS NULL') > 0"
                            + " THEN PERFORM pg_sleep(120); END IF; END $$",
                    "CREATE EVENT TRIGGER stall ON ddl_command_start EXECUTE FUNCTION public.stall()");
            Process restore = restoreJvm(db);
            String pid = await(db, restore, "SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
                    + " AND wait_event = 'PgSleep' AND strpos(query, 'COMMENT ON COLUMN') > 0");
            kill(db, restore, pid);
            db.execute("DROP EVENT TRIGGER stall", "DROP FUNCTION public.stall()");
            assertEquals(List.of(List.of("u")), db.query("SELECT contype FROM pg_constraint WHERE conname = 'accounts_email_key'"),
                    "the unique constraint was attached before the kill");

            assertRerunRestores(db, before);
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {TestPostgres.OLDEST_MAJOR, TestPostgres.NEWEST_MAJOR})
    void aColumnTheUserAddedAgainIsNeverResumed(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            dropEmail(db);
            db.execute("ALTER TABLE public.accounts ADD COLUMN email text",
                    "COMMENT ON COLUMN public.accounts.email IS 'strata: restoring public.accounts.email'",
                    "UPDATE public.accounts SET email = 'mine' WHERE id = 1");

            Strata rerun = Strata.run("restore", "--url", db.postgresUrl(), "--migration", "1");

            assertEquals(1, rerun.exitCode(), rerun.toString());
            assertEquals("public.accounts.email exists again: rename or drop it, then restore; nothing was restored",
                    rerun.err().strip());
            assertEquals(List.of(List.of("1", "mine")), db.query("SELECT count(email), max(email) FROM public.accounts"));
            assertEquals(List.of(List.of("strata: restoring public.accounts.email")), db.query(COMMENT));
        }
    }

    private void assertRerunRestores(TestDatabase db, String before) {
        Strata rerun = Strata.run("restore", "--url", db.postgresUrl(), "--migration", "1");

        assertEquals(0, rerun.exitCode(), rerun.toString());
        assertEquals(before, db.query(CHECKSUM).get(0).get(0), "every value is back");
        assertEquals(List.of(List.of("t", "t", "u")), db.query("SELECT i.indisunique, i.indisvalid, c.contype FROM pg_index i"
                + " JOIN pg_constraint c ON c.conindid = i.indexrelid WHERE i.indexrelid = 'public.accounts_email_key'::regclass"));
        assertEquals(List.of(), db.query(INVALID));
        assertEquals(List.of(Arrays.asList((String) null)), db.query(COMMENT), "the marker is gone");
    }

    /** Creates the table, drops its column email through apply (kept in strata_archive); the checksum before the drop. */
    private String dropEmail(TestDatabase db) throws IOException {
        db.execute("CREATE TABLE public.accounts (id bigint PRIMARY KEY, name text NOT NULL,"
                        + " email text CONSTRAINT accounts_email_key UNIQUE)",
                "INSERT INTO public.accounts SELECT g, 'n' || g, 'e' || g || '@example.com' FROM generate_series(1, " + ROWS + ") g",
                "UPDATE public.accounts SET email = NULL WHERE id % 100 = 0");
        String before = db.query(CHECKSUM).get(0).get(0);
        Files.writeString(dir.resolve("accounts.yaml"), """
                tables:
                  accounts:
                    columns:
                      id: { type: bigint, nullable: false }
                      name: { type: text, nullable: false }
                    primary_key: [id]
                """);
        Strata apply = Strata.run("apply", "--url", db.postgresUrl(), "--desired", dir.toString(), "--phase", "all",
                "--yes", "--batch-size", "1000");
        assertEquals(0, apply.exitCode(), apply.toString());
        return before;
    }

    /** strata restore of every kept column, in a JVM of its own. */
    private static Process restoreJvm(TestDatabase db) throws IOException {
        Process p = new ProcessBuilder(ChildJvm.command(CrashHook.class, "restore", "--url", db.postgresUrl(),
                "--migration", "1")).redirectErrorStream(true).start();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException ignored) {
                // killed
            }
        });
        return p;
    }

    /** Polls {@code query} until it returns a row while the restore runs; its first value. */
    private static String await(TestDatabase db, Process restore, String query) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            List<List<String>> rows = db.query(query);
            if (!rows.isEmpty()) {
                return rows.get(0).get(0);
            }
            assertTrue(restore.isAlive(), "strata restore ended before: " + query);
            assertTrue(System.nanoTime() < deadline, "strata restore never got to: " + query);
            Thread.sleep(20);
        }
    }

    /** SIGKILL, then ends its backend (a client killed mid-statement leaves it running until it next talks to it). */
    private static void kill(TestDatabase db, Process restore, String pid) throws InterruptedException {
        restore.destroyForcibly();
        assertTrue(restore.waitFor(30, TimeUnit.SECONDS));
        assertEquals(KILLED, restore.exitValue());
        db.execute("SELECT pg_terminate_backend(" + pid + ")");
        while (!db.query("SELECT 1 FROM pg_stat_activity WHERE pid = " + pid).isEmpty()) {
            Thread.sleep(20);
        }
    }
}
