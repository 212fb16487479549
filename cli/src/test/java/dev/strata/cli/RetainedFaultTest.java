package dev.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * strata apply, restore and purge killed with SIGKILL in the middle of retiring, restoring or purging a table (issue 10
 * item 4): the rerun completes, the record in strata.retained and the catalog agree, and no row is lost. The killed
 * run is a JVM of its own. apply stops at the crash hook inside the drop step; restore and purge are held inside the
 * statement to interrupt by an event trigger that sleeps, then the JVM is killed and its backend terminated (a client
 * killed while its statement runs leaves the backend running until it next talks to it).
 */
class RetainedFaultTest {

    private static final int KILLED = 137;
    private static final String CHECKSUM = "SELECT md5(string_agg(s::text, ',' ORDER BY id)) FROM %s s";
    private static final String KEPT = "SELECT relname FROM pg_class WHERE relnamespace = 'strata_archive'::regnamespace"
            + " AND relkind = 'r' ORDER BY relname COLLATE \"C\"";

    @TempDir
    Path dir;

    private void create(TestDatabase db) throws IOException {
        db.execute("CREATE TABLE public.users (id bigint PRIMARY KEY)",
                "CREATE TABLE public.sessions (id bigint PRIMARY KEY, user_id bigint CONSTRAINT sessions_user_fk REFERENCES public.users)",
                "CREATE TABLE public.audit (id bigint PRIMARY KEY)",
                "INSERT INTO public.users SELECT g FROM generate_series(1, 20) g",
                "INSERT INTO public.sessions SELECT g, 1 + g % 20 FROM generate_series(1, 2000) g",
                "INSERT INTO public.audit SELECT g FROM generate_series(1, 100) g");
        Files.writeString(dir.resolve("users.yaml"), """
                tables:
                  users:
                    columns:
                      id: { type: bigint, nullable: false }
                    primary_key: [id]
                """);
    }

    private Strata apply(TestDatabase db) {
        return Strata.run("apply", "--url", db.postgresUrl(), "--desired", dir.toString(), "--phase", "all", "--yes");
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {TestPostgres.OLDEST_MAJOR, TestPostgres.NEWEST_MAJOR})
    void applyKilledInsideTheStepThatRetiresATableLeavesNeitherMoveNorRecordAndTheRerunKeepsEveryRow(int major)
            throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            create(db);
            List<List<String>> before = db.query(CHECKSUM.formatted("public.sessions"));
            String step = retiringStep(db, "public.sessions");

            Process killed = jvm(Map.of("STRATA_CRASH_AT", "in-statement:" + step), "apply", "--url", db.postgresUrl(),
                    "--desired", dir.toString(), "--phase", "all", "--yes");
            String output = new String(killed.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(killed.waitFor(120, TimeUnit.SECONDS));
            assertEquals(KILLED, killed.exitValue(), output);
            assertEquals(before, db.query(CHECKSUM.formatted("public.sessions")), "the move rolled back");
            assertEquals(List.of(List.of("public.audit")), db.query("SELECT object FROM strata.retained"),
                    "the record of sessions rolled back with its move; audit's step was done before");

            Strata rerun = apply(db);

            assertEquals(0, rerun.exitCode(), rerun.toString());
            List<List<String>> kept = db.query(KEPT);
            assertEquals(2, kept.size(), kept.toString());
            assertEquals(kept, db.query("SELECT archived_name FROM strata.retained WHERE restored_at IS NULL"
                    + " AND purged_at IS NULL ORDER BY archived_name COLLATE \"C\""), "one open record per kept table");
            String sessions = kept.get(1).get(0);
            assertEquals(List.of(List.of("public.sessions", step)),
                    db.query("SELECT object, step_id FROM strata.retained WHERE archived_name = '" + sessions + "'"));
            assertEquals(before, db.query(CHECKSUM.formatted("strata_archive.\"" + sessions + "\"")));
            assertEquals(0, Strata.run("plan", "--url", db.postgresUrl(), "--desired", dir.toString()).exitCode());
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}: killed in {1}")
    // Killed inside the move back, the transaction rolls back like any other: once (PG 18) is enough.
    @CsvSource({"14, VALIDATE CONSTRAINT", "18, SET SCHEMA", "18, VALIDATE CONSTRAINT"})
    void restoreKilledWhileMovingBackOrValidatingConvergesOnRerun(int major, String statement) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            create(db);
            List<List<String>> before = db.query(CHECKSUM.formatted("public.sessions"));
            assertEquals(0, apply(db).exitCode());
            stallOn(db, statement);

            killWhileStalled(db, statement, "restore", "--url", db.postgresUrl(), "--migration", "1", "--table", "public.sessions");

            boolean moved = statement.startsWith("VALIDATE");
            assertEquals(List.of(List.of(moved ? "t" : "f")), db.query("SELECT to_regclass('public.sessions') IS NOT NULL"));
            assertEquals(List.of(List.of(moved ? "t" : "f")), db.query("SELECT restored_at IS NOT NULL FROM strata.retained"
                    + " WHERE object = 'public.sessions'"), "the record moved with the table");

            Strata rerun = Strata.run("restore", "--url", db.postgresUrl(), "--migration", "1", "--table", "public.sessions");

            assertEquals(0, rerun.exitCode(), rerun.toString());
            assertEquals(before, db.query(CHECKSUM.formatted("public.sessions")), "every row is back");
            assertEquals(List.of(List.of("t")), db.query("SELECT convalidated FROM pg_constraint WHERE conname = 'sessions_user_fk'"));
            assertEquals(List.of(List.of("public.audit", "f"), List.of("public.sessions", "t")), db.query("SELECT object,"
                    + " restored_at IS NOT NULL FROM strata.retained ORDER BY object"));
            assertEquals(1, db.query(KEPT).size(), "audit stays kept");
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {TestPostgres.OLDEST_MAJOR, TestPostgres.NEWEST_MAJOR})
    void purgeKilledAfterDroppingOneOfTwoTablesDestroysNeitherAndTheRerunDestroysBoth(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            create(db);
            assertEquals(0, apply(db).exitCode());
            List<List<String>> kept = db.query(KEPT);
            assertEquals(2, kept.size(), kept.toString());
            // audit sorts first: its DROP is done inside the transaction when the one of sessions stalls.
            stallOn(db, "DROP TABLE strata_archive.\"public.sessions");

            killWhileStalled(db, "DROP TABLE strata_archive.\"public.sessions", "purge", "--url", db.postgresUrl(), "--yes");

            assertEquals(kept, db.query(KEPT), "all or none");
            assertEquals(List.of(List.of("0")), db.query("SELECT count(*) FROM strata.retained WHERE purged_at IS NOT NULL"));

            Strata rerun = Strata.run("purge", "--url", db.postgresUrl(), "--yes");

            assertEquals(0, rerun.exitCode(), rerun.toString());
            assertEquals(List.of(), db.query(KEPT));
            assertEquals(List.of(List.of("2")), db.query("SELECT count(*) FROM strata.retained WHERE purged_at IS NOT NULL"));
            assertEquals(List.of(List.of("20")), db.query("SELECT count(*) FROM public.users"), "only the kept tables went");
        }
    }

    /** The id of the step that moves {@code table} to strata_archive, from the JSON plan. */
    private String retiringStep(TestDatabase db, String table) throws IOException {
        Strata plan = Strata.run("plan", "--url", db.postgresUrl(), "--desired", dir.toString(), "--format", "json");
        assertEquals(2, plan.exitCode(), plan.toString());
        for (JsonNode step : new ObjectMapper().readTree(plan.out()).get("steps")) {
            JsonNode retained = step.path("retains").path("table");
            if ((retained.path("schema").asText() + "." + retained.path("name").asText()).equals(table)) {
                return step.get("id").asText();
            }
        }
        throw new AssertionError("no step retains " + table + ":\n" + plan.out());
    }

    /** An event trigger that holds every DDL statement containing {@code text} in a long sleep. */
    private static void stallOn(TestDatabase db, String text) {
        db.execute("CREATE FUNCTION public.stall() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN"
                        + " IF strpos(current_query(), " + dev.strata.sql.Literals.quote(text) + ") > 0 THEN PERFORM pg_sleep(120);"
                        + " END IF; END $$",
                "CREATE EVENT TRIGGER stall ON ddl_command_start EXECUTE FUNCTION public.stall()");
    }

    /** Runs strata in a JVM of its own, kills it (SIGKILL) once its statement containing {@code text} sleeps, ends its backend. */
    private void killWhileStalled(TestDatabase db, String text, String... args) throws Exception {
        Process p = jvm(Map.of(), args);
        Thread.ofPlatform().daemon().start(() -> {
            try {
                p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException ignored) {
                // killed
            }
        });
        String stalled = "SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND wait_event = 'PgSleep'"
                + " AND strpos(query, " + dev.strata.sql.Literals.quote(text) + ") > 0";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<List<String>> pid = List.of();
        while (pid.isEmpty()) {
            assertTrue(p.isAlive(), "strata " + args[0] + " ended before reaching " + text);
            assertTrue(System.nanoTime() < deadline, "strata " + args[0] + " never reached " + text);
            Thread.sleep(20);
            pid = db.query(stalled);
        }
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(KILLED, p.exitValue());
        db.execute("SELECT pg_terminate_backend(" + pid.get(0).get(0) + ")");
        while (!db.query("SELECT 1 FROM pg_stat_activity WHERE pid = " + pid.get(0).get(0)).isEmpty()) {
            Thread.sleep(20);
        }
        db.execute("DROP EVENT TRIGGER stall", "DROP FUNCTION public.stall()");
        assertFalse(p.isAlive());
    }

    private static Process jvm(Map<String, String> environment, String... args) throws IOException {
        List<String> command = ChildJvm.command(CrashHook.class, args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        return builder.start();
    }
}
