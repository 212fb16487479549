package dev.strata.cli;

import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A table dropped through {@code apply} is kept in strata_archive: no data-loss flag, no later change, listed by status, destroyed only by purge. */
class RetainedDropCommandTest {

    @TempDir
    Path dir;

    private static final String CHECKSUM = "SELECT md5(string_agg(s::text, ',' ORDER BY id)) FROM %s s";

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void theApplicationWritesThroughoutTheDropOfATableThatReferencesItsTableAndRestoreBringsEveryRowBack(int major)
            throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE TABLE public.users (id bigint PRIMARY KEY, name text NOT NULL)",
                    "CREATE TABLE public.sessions (id bigint PRIMARY KEY, user_id bigint REFERENCES public.users)",
                    "INSERT INTO public.users SELECT g, 'u' || g FROM generate_series(1, 50) g",
                    "INSERT INTO public.sessions SELECT g, 1 + g % 50 FROM generate_series(1, 2000) g",
                    "ANALYZE public.sessions");
            List<List<String>> before = db.query(CHECKSUM.formatted("public.sessions"));
            Files.writeString(dir.resolve("users.yaml"), """
                    tables:
                      users:
                        columns:
                          id: { type: bigint, nullable: false }
                          name: { type: text, nullable: false }
                        primary_key: [id]
                    """);
            java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            Thread writer = Thread.ofPlatform().start(() -> {
                try (var c = db.connect();
                     var insert = c.prepareStatement("INSERT INTO public.users VALUES (?, 'w')");
                     var update = c.prepareStatement("UPDATE public.users SET name = name || '.' WHERE id = ?")) {
                    for (long id = 1_000; !stop.get(); id++) {
                        insert.setLong(1, id);
                        insert.executeUpdate();
                        update.setLong(1, 1 + id % 50);
                        update.executeUpdate();
                        writes.addAndGet(2);
                        Thread.sleep(1);
                    }
                } catch (Exception e) {
                    failure.set(e);
                }
            });
            Strata apply;
            try {
                apply = Strata.run("apply", "--url", db.postgresUrl(), "--desired", dir.toString(), "--phase", "all", "--yes");
            } finally {
                stop.set(true);
                writer.join(30_000);
            }

            assertEquals(0, apply.exitCode(), apply.toString());
            assertEquals(null, failure.get(), "every write of the application succeeded");
            assertTrue(writes.get() > 0, "the application wrote during the apply");
            Strata restore = Strata.run("restore", "--url", db.postgresUrl(), "--migration", "1");
            assertEquals(0, restore.exitCode(), restore.toString());
            assertEquals(before, db.query(CHECKSUM.formatted("public.sessions")), "every row is back");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void applyKeepsTheDroppedTableWithEveryRowAndALaterPlanSeesNoChange(int major) throws IOException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE TABLE public.users (id bigint PRIMARY KEY, name text NOT NULL)",
                    "CREATE TABLE public.sessions (id bigint PRIMARY KEY, user_id bigint REFERENCES public.users)",
                    "INSERT INTO public.users SELECT g, 'u' || g FROM generate_series(1, 50) g",
                    "INSERT INTO public.sessions SELECT g, 1 + g % 50 FROM generate_series(1, 500) g",
                    "ANALYZE public.sessions");
            List<List<String>> before = db.query(CHECKSUM.formatted("public.sessions"));
            Files.writeString(dir.resolve("users.yaml"), """
                    tables:
                      users:
                        columns:
                          id: { type: bigint, nullable: false }
                          name: { type: text, nullable: false }
                        primary_key: [id]
                    """);
            String url = db.postgresUrl();

            Strata plan = Strata.run("plan", "--url", url, "--desired", dir.toString());
            assertEquals(2, plan.exitCode(), plan.toString());
            assertTrue(plan.out().contains("recoverable until purged"), plan.out());

            Strata apply = Strata.run("apply", "--url", url, "--desired", dir.toString(), "--phase", "all", "--yes");

            assertEquals(0, apply.exitCode(), "no --allow-data-loss needed: " + apply);
            String archived = db.query("SELECT relname FROM pg_class WHERE relnamespace = 'strata_archive'::regnamespace"
                    + " AND relkind = 'r'").get(0).get(0);
            assertEquals(before, db.query(CHECKSUM.formatted("strata_archive.\"" + archived + "\"")));
            assertEquals(List.of(), db.query("SELECT 1 FROM pg_class WHERE relname = 'sessions'"));

            Strata again = Strata.run("plan", "--url", url, "--desired", dir.toString());
            assertEquals(0, again.exitCode(), "the archive is never planned: " + again);
            assertFalse(again.toString().contains("strata_archive"), again.toString());

            Strata status = Strata.run("status", "--url", url);
            assertEquals(0, status.exitCode(), status.toString());
            assertTrue(status.out().contains("dropped tables and columns kept in strata_archive (recoverable until purged, docs/retention.md):\n"
                    + "  strata_archive.\"" + archived + "\": "), status.out());
            assertTrue(status.out().contains(", about 500 rows"), status.out());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void purgeListsWithoutYesAndDestroysOnlyTheTableItNames(int major) throws IOException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE TABLE public.users (id bigint PRIMARY KEY)",
                    "CREATE TABLE public.sessions (id bigint PRIMARY KEY)", "CREATE TABLE public.audit (id bigint PRIMARY KEY)",
                    "INSERT INTO public.sessions SELECT g FROM generate_series(1, 100) g",
                    "INSERT INTO public.audit SELECT g FROM generate_series(1, 100) g");
            Files.writeString(dir.resolve("users.yaml"), """
                    tables:
                      users:
                        columns:
                          id: { type: bigint, nullable: false }
                        primary_key: [id]
                    """);
            String url = db.postgresUrl();
            assertEquals(0, Strata.run("apply", "--url", url, "--desired", dir.toString(), "--phase", "all", "--yes").exitCode());
            String kept = "SELECT relname FROM pg_class WHERE relnamespace = 'strata_archive'::regnamespace AND relkind = 'r'"
                    + " ORDER BY relname";
            List<List<String>> both = db.query(kept);
            assertEquals(2, both.size(), both.toString());
            String audit = both.get(0).get(0);
            String sessions = both.get(1).get(0);
            assertTrue(audit.startsWith("public.audit~") && sessions.startsWith("public.sessions~"), both.toString());

            Strata unconfirmed = Strata.run("purge", "--url", url);
            assertEquals(1, unconfirmed.exitCode(), unconfirmed.toString());
            assertTrue(unconfirmed.out().startsWith("would destroy for good:\n  strata_archive.\"" + audit + "\": "),
                    unconfirmed.out());
            assertTrue(unconfirmed.out().contains("nothing was destroyed: rerun with --yes"), unconfirmed.out());
            assertEquals(both, db.query(kept), "nothing changed without --yes");

            Strata unknown = Strata.run("purge", "--url", url, "--table", "public.nope~00000000", "--yes");
            assertEquals(1, unknown.exitCode(), unknown.toString());
            assertEquals("no table public.nope~00000000 in strata_archive (strata status lists what is kept;"
                    + " name it by its archived name, without the schema)", unknown.err().strip());
            assertEquals(both, db.query(kept));

            Strata purge = Strata.run("purge", "--url", url, "--table", sessions, "--yes");
            assertEquals(0, purge.exitCode(), purge.toString());
            assertTrue(purge.out().contains("destroyed 1 table, "), purge.out());
            assertEquals(List.of(List.of(audit)), db.query(kept), "only the named table is destroyed");
            assertEquals(List.of(List.of("100")), db.query("SELECT count(*) FROM strata_archive.\"" + audit + "\""));

            Strata rest = Strata.run("purge", "--url", url, "--yes");
            assertEquals(0, rest.exitCode(), rest.toString());
            assertEquals(List.of(), db.query(kept));
            assertEquals("nothing kept in strata_archive: nothing to purge", Strata.run("purge", "--url", url).out().strip());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void restoreBringsTheTableBackWithEveryRowAndItsForeignKeyAndRefusesATakenName(int major) throws IOException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE TABLE public.users (id bigint PRIMARY KEY, name text NOT NULL)",
                    "CREATE TABLE public.sessions (id bigint PRIMARY KEY, user_id bigint CONSTRAINT sessions_user_fk REFERENCES public.users)",
                    "INSERT INTO public.users SELECT g, 'u' || g FROM generate_series(1, 50) g",
                    "INSERT INTO public.sessions SELECT g, 1 + g % 50 FROM generate_series(1, 500) g");
            List<List<String>> before = db.query(CHECKSUM.formatted("public.sessions"));
            Files.writeString(dir.resolve("users.yaml"), """
                    tables:
                      users:
                        columns:
                          id: { type: bigint, nullable: false }
                          name: { type: text, nullable: false }
                        primary_key: [id]
                    """);
            String url = db.postgresUrl();
            assertEquals(0, Strata.run("apply", "--url", url, "--desired", dir.toString(), "--phase", "all", "--yes").exitCode());

            Strata unknown = Strata.run("restore", "--url", url, "--migration", "99");
            assertEquals(1, unknown.exitCode(), unknown.toString());
            assertEquals("no migration 99 (strata status shows the last one)", unknown.err().strip());
            Strata notKept = Strata.run("restore", "--url", url, "--migration", "1", "--table", "public.users");
            assertEquals(1, notKept.exitCode(), notKept.toString());
            assertEquals("migration 1 kept nothing named public.users in strata_archive", notKept.err().strip());

            db.execute("CREATE TABLE public.sessions (x int)");
            Strata taken = Strata.run("restore", "--url", url, "--migration", "1");
            assertEquals(1, taken.exitCode(), taken.toString());
            assertEquals("public.sessions exists again: rename or drop it, then restore; nothing was restored",
                    taken.err().strip());
            db.execute("DROP TABLE public.sessions");

            Strata restore = Strata.run("restore", "--url", url, "--migration", "1", "--table", "public.sessions");

            assertEquals(0, restore.exitCode(), restore.toString());
            assertTrue(restore.out().startsWith("restored public.sessions from strata_archive.\"public.sessions~"), restore.out());
            assertTrue(restore.out().contains("with its foreign keys: every row it held when it was dropped is back"), restore.out());
            assertEquals(before, db.query(CHECKSUM.formatted("public.sessions")), "every row is back");
            assertEquals(List.of(List.of("sessions_user_fk", "t")), db.query("SELECT conname, convalidated FROM pg_constraint"
                    + " WHERE conrelid = 'public.sessions'::regclass AND contype = 'f'"));
            assertEquals(List.of(), db.query("SELECT 1 FROM pg_class WHERE relnamespace = 'strata_archive'::regnamespace"));

            Strata again = Strata.run("restore", "--url", url, "--migration", "1");
            assertEquals(1, again.exitCode(), again.toString());
            assertTrue(again.err().contains("is no longer kept (purged, or restored already): cannot restore public.sessions"),
                    again.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void dropNowDestroysTheTableAsBeforeAndNeedsAllowDataLoss(int major) throws IOException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE TABLE public.users (id bigint PRIMARY KEY)", "CREATE TABLE public.sessions (id bigint PRIMARY KEY)",
                    "INSERT INTO public.sessions SELECT g FROM generate_series(1, 10) g");
            Files.writeString(dir.resolve("users.yaml"), """
                    tables:
                      users:
                        columns:
                          id: { type: bigint, nullable: false }
                        primary_key: [id]
                    """);
            String url = db.postgresUrl();

            Strata plan = Strata.run("plan", "--url", url, "--desired", dir.toString(), "--drop-now");
            assertEquals(2, plan.exitCode(), plan.toString());
            assertTrue(plan.out().contains("DROP TABLE IF EXISTS public.sessions"), plan.out());
            assertFalse(plan.out().contains("recoverable until purged"), plan.out());

            Strata refused = Strata.run("apply", "--url", url, "--desired", dir.toString(), "--phase", "all", "--yes", "--drop-now");
            assertEquals(1, refused.exitCode(), refused.toString());
            assertEquals(List.of(List.of("10")), db.query("SELECT count(*) FROM public.sessions"), "nothing ran");

            Strata savedWithFlag = Strata.run("apply", "--url", url, "--plan", dir.resolve("none.json").toString(),
                    "--phase", "all", "--drop-now");
            assertEquals(1, savedWithFlag.exitCode(), savedWithFlag.toString());
            assertEquals("--drop-now applies to --desired: a saved plan already says how it drops tables and columns"
                    + " (make it with strata plan --drop-now)", savedWithFlag.err().strip());

            Strata apply = Strata.run("apply", "--url", url, "--desired", dir.toString(), "--phase", "all", "--yes",
                    "--drop-now", "--allow-data-loss");
            assertEquals(0, apply.exitCode(), apply.toString());
            assertEquals(List.of(), db.query("SELECT 1 FROM pg_class WHERE relname = 'sessions'"));
            assertEquals(List.of(), db.query("SELECT 1 FROM pg_namespace WHERE nspname = 'strata_archive'"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void restoreWhoseForeignKeyNoLongerHoldsBringsTheRowsBackAndSaysWhichKeyStaysNotValid(int major) throws IOException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE TABLE public.users (id bigint PRIMARY KEY)",
                    "CREATE TABLE public.sessions (id bigint PRIMARY KEY, user_id bigint CONSTRAINT sessions_user_fk REFERENCES public.users)",
                    "INSERT INTO public.users SELECT g FROM generate_series(1, 5) g",
                    "INSERT INTO public.sessions SELECT g, 1 + g % 5 FROM generate_series(1, 20) g");
            List<List<String>> before = db.query(CHECKSUM.formatted("public.sessions"));
            Files.writeString(dir.resolve("users.yaml"), """
                    tables:
                      users:
                        columns:
                          id: { type: bigint, nullable: false }
                        primary_key: [id]
                    """);
            String url = db.postgresUrl();
            assertEquals(0, Strata.run("apply", "--url", url, "--desired", dir.toString(), "--phase", "all", "--yes").exitCode());
            db.execute("DELETE FROM public.users WHERE id = 3");

            Strata restore = Strata.run("restore", "--url", url, "--migration", "1");

            assertEquals(1, restore.exitCode(), restore.toString());
            assertTrue(restore.err().startsWith("restored, but a foreign key is left NOT VALID (rows of the live table changed"
                    + " since the drop, or a lock was not granted); rerun it when fixed: ALTER TABLE public.sessions VALIDATE"
                    + " CONSTRAINT sessions_user_fk: "), restore.toString());
            assertEquals(before, db.query(CHECKSUM.formatted("public.sessions")), "every row is back all the same");
            assertEquals(List.of(List.of("f")), db.query("SELECT convalidated FROM pg_constraint WHERE conname = 'sessions_user_fk'"));
        }
    }
}
