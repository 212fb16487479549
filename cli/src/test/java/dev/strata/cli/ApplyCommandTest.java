package dev.strata.cli;

import dev.strata.ddl.CreateDdl;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.SchemaFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** strata apply, status and abandon as a user runs them, on the users rename of examples/users. */
class ApplyCommandTest {

    private static final String AFTER = "examples/users/after";

    @TempDir
    Path dir;

    private static TestDatabase users() {
        TestDatabase db = TestPostgres.newDatabase(18);
        db.execute(CreateDdl.statements(SchemaFiles.read(Path.of("examples/users/before")).catalog()).toArray(String[]::new));
        db.execute("INSERT INTO public.users (username, email) SELECT 'user' || g, 'u' || g || '@example.com'"
                + " FROM generate_series(1, 300) g");
        return db;
    }

    @Test
    void phaseByPhaseExitsZeroAfterEachPhaseAndThreeAtAnUnconfirmedGate() {
        try (TestDatabase db = users()) {
            String url = db.postgresUrl();

            Strata expand = Strata.run("apply", "--url", url, "--desired", AFTER, "--phase", "expand");
            assertEquals(0, expand.exitCode(), expand.toString());
            assertTrue(expand.out().contains("next: gate gate-dual-write: deploy dual-write"), expand.toString());

            Strata unconfirmed = Strata.run("apply", "--url", url, "--desired", AFTER, "--phase", "backfill");
            assertEquals(ApplyCommand.WAITING_AT_GATE, unconfirmed.exitCode(), unconfirmed.toString());
            assertTrue(unconfirmed.out().contains("stopped at gate gate-dual-write"), unconfirmed.toString());

            Strata backfill = Strata.run("apply", "--url", url, "--desired", AFTER, "--phase", "backfill", "--yes",
                    "--batch-size", "100");
            assertEquals(0, backfill.exitCode(), backfill.toString());

            Strata contract = Strata.run("apply", "--url", url, "--desired", AFTER, "--phase", "contract", "--yes");
            assertEquals(0, contract.exitCode(), contract.toString());
            assertTrue(contract.out().contains("migration 1 done"), contract.toString());

            Strata plan = Strata.run("plan", "--url", url, "--desired", AFTER);
            assertEquals(0, plan.exitCode(), plan.toString());
        }
    }

    /** public.t gets a column and loses one: EXPAND and CONTRACT, no backfill. */
    private Path addAndDrop(TestDatabase db) throws java.io.IOException {
        db.execute("CREATE TABLE public.t (id bigint PRIMARY KEY, old text)");
        Path desired = dir.resolve("desired");
        Files.createDirectories(desired);
        Files.writeString(desired.resolve("t.yaml"), "tables:\n  t:\n    columns:\n      id: { type: bigint, nullable: false }\n"
                + "      new: text\n    primary_key: [id]\n");
        return desired;
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void withoutABackfillPhaseAllAsksForTheOneGateThatPhaseContractAsksFor(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            Path desired = addAndDrop(db);
            Strata all = Strata.run("apply", "--url", db.postgresUrl(), "--desired", desired.toString(), "--phase", "all",
                    "--allow-data-loss");
            assertEquals(ApplyCommand.WAITING_AT_GATE, all.exitCode(), all.toString());
            assertTrue(all.out().contains("stopped at gate gate-read-switch"), all.toString());
            assertFalse(all.out().contains("gate-dual-write"), all.toString());
        }
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            Path desired = addAndDrop(db);
            assertEquals(0, Strata.run("apply", "--url", db.postgresUrl(), "--desired", desired.toString(), "--phase", "expand").exitCode());
            Strata contract = Strata.run("apply", "--url", db.postgresUrl(), "--desired", desired.toString(), "--phase", "contract",
                    "--allow-data-loss");
            assertEquals(ApplyCommand.WAITING_AT_GATE, contract.exitCode(), contract.toString());
            assertTrue(contract.out().contains("stopped at gate gate-read-switch"), contract.toString());
            assertFalse(contract.out().contains("gate-dual-write"), contract.toString());
        }
    }

    /** The CLI gives the executor its second session: a row lock in the way is named, with its holder. */
    @Test
    void aBackfillBlockedByAnUncommittedUpdateNamesTheRowLockHolder() throws Exception {
        try (TestDatabase db = users(); var holder = db.connect()) {
            String url = db.postgresUrl() + "?application_name=deploy-bot";
            assertEquals(0, Strata.run("apply", "--url", url, "--desired", AFTER, "--phase", "expand").exitCode());
            int pid;
            try (var st = holder.createStatement()) {
                st.execute("SET application_name = 'billing-job'");
                holder.setAutoCommit(false);
                st.execute("UPDATE public.users SET email = email WHERE id = 7");
                var rs = st.executeQuery("SELECT pg_backend_pid()");
                rs.next();
                pid = rs.getInt(1);
            }

            Strata r = Strata.run("apply", "--url", url, "--desired", AFTER, "--phase", "backfill", "--yes",
                    "--lock-timeout", "400", "--max-attempts", "2");

            assertEquals(1, r.exitCode(), r.toString());
            assertTrue(r.err().contains("blocked by a row lock held by pid " + pid + " (application_name 'billing-job'"),
                    r.toString());
            holder.rollback();
        }
    }

    @Test
    void statusShowsStepsBackfillProgressAndTheNextGate() {
        try (TestDatabase db = users()) {
            String url = db.postgresUrl();
            Strata.run("apply", "--url", url, "--desired", AFTER, "--phase", "expand");
            Strata.run("apply", "--url", url, "--desired", AFTER, "--phase", "backfill", "--yes");

            Strata status = Strata.run("status", "--url", url);

            assertEquals(0, status.exitCode(), status.toString());
            assertTrue(status.out().startsWith("migration 1: running"), status.toString());
            assertTrue(status.out().contains("phase: Contract"), status.toString());
            assertTrue(status.out().contains("backfilled 300 rows, last key [300], finished"), status.toString());
            assertTrue(status.out().contains("next gate gate-read-switch (deploy read switch) asks:"), status.toString());
        }
    }

    @Test
    void statusOnADatabaseNeverAppliedToSaysSo() {
        try (TestDatabase db = users()) {
            Strata status = Strata.run("status", "--url", db.postgresUrl());

            assertEquals(0, status.exitCode(), status.toString());
            assertTrue(status.out().startsWith("no migration: strata apply has not run on "), status.toString());
        }
    }

    @Test
    void abandonPrintsWhatWasDoneLeavesItAndRemovesTheSyncTriggerAndTheRenamesNewColumn() {
        try (TestDatabase db = users()) {
            String url = db.postgresUrl();
            Strata.run("apply", "--url", url, "--desired", AFTER, "--phase", "expand");

            Strata abandon = Strata.run("abandon", "--url", url);

            assertEquals(0, abandon.exitCode(), abandon.toString());
            assertEquals(List.of("abandoned migration 1; the steps done stay done.",
                    "done (left in place): expand-1, expand-2",
                    "never run: backfill-1, backfill-2, contract-1, contract-2, contract-3",
                    "removed (only the migration needed it): sync trigger strata_sync_users_handle and its function on public.users,"
                            + " column public.users.handle of the unfinished rename of username (username holds every value)",
                    "plan again (strata plan --url …) to see what remains between the database and your schema."),
                    abandon.outLines());
        }
    }

    @Test
    void savedPlanAppliesAndIsRefusedOnceTheCatalogChanged() throws Exception {
        try (TestDatabase db = users()) {
            String url = db.postgresUrl();
            Strata plan = Strata.run("plan", "--url", url, "--desired", AFTER, "--format", "json");
            assertTrue(plan.out().contains("\"catalogFingerprint\": \""), plan.toString());
            Path file = dir.resolve("plan.json");
            Files.writeString(file, plan.out());
            db.execute("ALTER TABLE public.users ADD COLUMN nickname text");

            Strata refused = Strata.run("apply", "--url", url, "--plan", file.toString(), "--phase", "all", "--yes");

            assertEquals(1, refused.exitCode(), refused.toString());
            assertTrue(refused.err().startsWith("the database schema changed since this plan was made"), refused.toString());

            db.execute("ALTER TABLE public.users DROP COLUMN nickname");
            Strata applied = Strata.run("apply", "--url", url, "--plan", file.toString(), "--phase", "all", "--yes");
            assertEquals(0, applied.exitCode(), applied.toString());
        }
    }

    @Test
    void aSavedPlanForANewerPostgresqlThanTheServerIsRefusedBeforeAnyStep() throws Exception {
        try (TestDatabase db = users()) {
            String url = db.postgresUrl();
            Strata plan = Strata.run("plan", "--url", url, "--desired", AFTER, "--format", "json");
            Path file = dir.resolve("plan.json");
            // As if made against a PG 19 server whose catalog matched this one.
            Files.writeString(file, plan.out().replace("\"pgMajor\": 18,", "\"pgMajor\": 19,"));

            Strata refused = Strata.run("apply", "--url", url, "--plan", file.toString(), "--phase", "all", "--yes");

            assertEquals(1, refused.exitCode(), refused.toString());
            assertEquals("this plan was made for PostgreSQL 19 and the server runs 18: some of its statements need the"
                    + " newer server; plan again against this one", refused.err().strip());
            assertEquals(List.of(List.of("f")), db.query("SELECT EXISTS (SELECT FROM pg_attribute"
                    + " WHERE attrelid = 'public.users'::regclass AND attname = 'handle')"));
        }
    }

    @Test
    void unknownPhaseIsAUsageError() {
        Strata r = Strata.run("apply", "--url", "postgres://nobody@localhost:1/x", "--desired", AFTER, "--phase", "later");

        assertEquals(64, r.exitCode(), r.toString());
        assertTrue(r.err().contains("--phase must be expand, backfill, contract or all, not 'later'"), r.toString());
    }
}
