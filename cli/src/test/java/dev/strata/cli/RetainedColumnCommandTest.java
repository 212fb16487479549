package dev.strata.cli;

import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A column dropped through {@code apply} is kept in strata_archive while the application keeps writing; {@code restore}
 * brings back every value it held at contract time and its unique index, and counts exactly what it cannot restore.
 */
class RetainedColumnCommandTest {

    private static final int ROWS = 3_000;
    /** Original rows deleted after the contract: their values stay in the archive. */
    private static final String DELETED = "id BETWEEN 11 AND 15";
    private static final String CHECKSUM = "SELECT md5(string_agg(id || ':' || coalesce(email, '-'), ',' ORDER BY id))"
            + " FROM public.accounts WHERE id <= " + ROWS + " AND NOT (" + DELETED + ")";
    private static final String ARCHIVE = "SELECT relname FROM pg_class WHERE relnamespace = 'strata_archive'::regnamespace"
            + " AND relkind = 'r'";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aColumnDroppedUnderWritesIsRestoredWithEveryValueAndItsUniqueIndexAndAnExactReport(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            create(db);
            String before = db.query(CHECKSUM).get(0).get(0);
            String url = db.postgresUrl();

            List<Long> inserted = new ArrayList<>();
            AtomicLong writes = new AtomicLong();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = Thread.ofPlatform().start(() -> {
                try (Connection c = db.connect();
                     PreparedStatement insert = c.prepareStatement("INSERT INTO public.accounts (id, name) VALUES (?, 'w')");
                     PreparedStatement update = c.prepareStatement("UPDATE public.accounts SET name = name || '.' WHERE id = ?")) {
                    for (long id = 100_000; !stop.get(); id++) {
                        insert.setLong(1, id);
                        insert.executeUpdate();
                        synchronized (inserted) {
                            inserted.add(id);
                        }
                        update.setLong(1, 1 + ThreadLocalRandom.current().nextInt(ROWS));
                        update.executeUpdate();
                        writes.addAndGet(2);
                        Thread.sleep(1);
                    }
                } catch (SQLException | InterruptedException | RuntimeException e) {
                    failure.set(e);
                }
            });
            Strata apply;
            try {
                apply = Strata.run("apply", "--url", url, "--desired", dir.toString(), "--phase", "all", "--yes",
                        "--batch-size", "500");
            } finally {
                stop.set(true);
                writer.join(TimeUnit.SECONDS.toMillis(30));
            }
            assertEquals(0, apply.exitCode(), "no --allow-data-loss needed: " + apply);
            assertEquals(null, failure.get(), "every write of the application succeeded");
            assertTrue(writes.get() > 0, "the application wrote during the apply");
            assertEquals(List.of(), db.query("SELECT 1 FROM information_schema.columns WHERE table_name = 'accounts'"
                    + " AND column_name = 'email'"), "the live table ends as declared");
            String archived = db.query(ARCHIVE).get(0).get(0);
            assertTrue(archived.startsWith("public.accounts.email~"), archived);

            Strata again = Strata.run("plan", "--url", url, "--desired", dir.toString());
            assertEquals(0, again.exitCode(), "the archive table is never planned: " + again);
            Strata status = Strata.run("status", "--url", url);
            assertTrue(java.util.regex.Pattern.compile("copied \\d+ rows, last key \\[\\d+], finished").matcher(status.out()).find()
                    && !status.out().contains("backfilled"), "a copy into the archive is no backfill: " + status);

            // Since the contract: rows inserted (the writer's rows the copy missed, and 7 more) and 5 rows deleted.
            db.execute("INSERT INTO public.accounts (id, name) SELECT g, 'late' FROM generate_series(200001, 200007) g",
                    "DELETE FROM public.accounts WHERE " + DELETED);
            long missed = Long.parseLong(db.query("SELECT count(*) FROM public.accounts a WHERE id >= 100000 AND id < 200000"
                    + " AND NOT EXISTS (SELECT 1 FROM strata_archive.\"" + archived + "\" k WHERE k.id = a.id)").get(0).get(0));
            assertEquals(inserted.size(), Long.parseLong(db.query("SELECT count(*) FROM public.accounts WHERE id >= 100000"
                    + " AND id < 200000").get(0).get(0)), "the writer inserted only these");
            long kept = Long.parseLong(db.query("SELECT count(*) FROM strata_archive.\"" + archived + "\"").get(0).get(0));

            Strata restore = Strata.run("restore", "--url", url, "--migration", "1", "--object", "public.accounts.email");

            assertEquals(0, restore.exitCode(), restore.toString());
            assertEquals(before, db.query(CHECKSUM).get(0).get(0), "every value present at contract time is back");
            assertEquals(List.of(List.of("t", "t", "u")), db.query("SELECT i.indisunique, i.indisvalid, c.contype FROM pg_index i"
                    + " JOIN pg_constraint c ON c.conindid = i.indexrelid WHERE i.indexrelid = 'public.accounts_email_key'::regclass"));
            assertTrue(restore.out().startsWith("restored public.accounts.email from strata_archive.\"" + archived + "\": "
                    + (kept - 5) + " rows have their value back"), restore.out());
            assertTrue(restore.out().contains("not restored: " + (missed + 7) + " rows inserted since the drop (their email"
                    + " is NULL); 5 rows deleted since (their values stay in strata_archive.\"" + archived + "\" until purged)."),
                    restore.out());
            assertTrue(restore.out().contains("updates made since to rows that still exist cannot be told apart"), restore.out());

            Strata twice = Strata.run("restore", "--url", url, "--migration", "1");
            assertEquals(1, twice.exitCode(), twice.toString());
            assertEquals("public.accounts.email exists again: rename or drop it, then restore; nothing was restored",
                    twice.err().strip());

            Strata purge = Strata.run("purge", "--url", url, "--table", archived, "--yes");
            assertEquals(0, purge.exitCode(), "purge destroys a column's archive like a table's: " + purge);
            db.execute("ALTER TABLE public.accounts DROP COLUMN email");
            Strata gone = Strata.run("restore", "--url", url, "--migration", "1");
            assertEquals(1, gone.exitCode(), gone.toString());
            assertEquals("strata_archive." + archived + " is no longer kept (purged, or restored already): cannot restore"
                    + " public.accounts.email; nothing was restored", gone.err().strip());
            assertEquals(List.of(), db.query("SELECT 1 FROM information_schema.columns WHERE table_name = 'accounts'"
                    + " AND column_name = 'email'"), "a refused restore changes nothing");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aCopyKilledAfterItsSecondBatchResumesAfterItOnRerun(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            create(db);
            String everyRow = CHECKSUM.replace(" AND NOT (" + DELETED + ")", "");
            String before = db.query(everyRow).get(0).get(0);
            String url = db.postgresUrl();
            Strata plan = Strata.run("plan", "--url", url, "--desired", dir.toString(), "--format", "json");
            assertTrue(plan.out().contains("\"archive\""), plan.out());

            ProcessBuilder builder = new ProcessBuilder(ChildJvm.command(CrashHook.class,
                    "apply", "--url", url, "--desired", dir.toString(), "--phase", "all", "--yes", "--batch-size", "500"))
                    .redirectErrorStream(true);
            builder.environment().put("STRATA_CRASH_AT", "after-batch:contract-2:2");
            Process killed = builder.start();
            String output = new String(killed.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(killed.waitFor(120, TimeUnit.SECONDS));
            assertEquals(137, killed.exitValue(), output);
            String archived = db.query(ARCHIVE).get(0).get(0);
            assertEquals(List.of(List.of("1000", "{1000}", "f")), db.query("SELECT rows_done, last_key, finished FROM strata.backfill"));
            assertEquals(List.of(List.of("1000")), db.query("SELECT count(*) FROM strata_archive.\"" + archived + "\""));

            Strata rerun = Strata.run("apply", "--url", url, "--desired", dir.toString(), "--phase", "all", "--yes",
                    "--batch-size", "500");

            assertEquals(0, rerun.exitCode(), rerun.toString());
            assertTrue(rerun.toString().contains("resuming after 1000 rows"), rerun.toString());
            assertEquals(List.of(List.of(String.valueOf(ROWS), "t")), db.query("SELECT rows_done, finished FROM strata.backfill"));
            assertEquals(before, db.query(everyRow.replace("public.accounts", "strata_archive.\"" + archived + "\"")).get(0).get(0),
                    "the archive holds every value once");
            assertEquals(List.of(), db.query("SELECT 1 FROM information_schema.columns WHERE table_name = 'accounts'"
                    + " AND column_name = 'email'"));
        }
    }

    private void create(TestDatabase db) throws IOException {
        db.execute("CREATE TABLE public.accounts (id bigint PRIMARY KEY, name text NOT NULL,"
                        + " email text CONSTRAINT accounts_email_key UNIQUE)",
                "INSERT INTO public.accounts SELECT g, 'n' || g, 'e' || g || '@example.com' FROM generate_series(1, " + ROWS + ") g",
                "UPDATE public.accounts SET email = NULL WHERE id % 100 = 0",
                "ANALYZE public.accounts");
        Files.writeString(dir.resolve("accounts.yaml"), """
                tables:
                  accounts:
                    columns:
                      id: { type: bigint, nullable: false }
                      name: { type: text, nullable: false }
                    primary_key: [id]
                """);
    }
}
