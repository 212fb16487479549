package dev.strata.rehearse;

import dev.strata.diagnostics.StrataException;
import dev.strata.plan.LockMode;
import dev.strata.plan.Step;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.strata.rehearse.RehearseFixture.createItems;
import static dev.strata.rehearse.RehearseFixture.only;
import static dev.strata.rehearse.RehearseFixture.rehearse;
import static dev.strata.rehearse.RehearseFixture.saved;
import static dev.strata.rehearse.RehearseFixture.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The user's pgbench script as the workload. */
class PgbenchWorkloadTest {

    @TempDir
    Path directory;

    @Test
    void withoutPgbenchOnPathOrInStrataPgbenchTheErrorIsOneLineSayingWhatToDo() throws IOException {
        Path script = Files.writeString(directory.resolve("app.sql"), "SELECT 1;\n");
        var settings = dev.strata.connect.ConnectionSettings.resolve(Optional.of("postgres://u:secret@localhost/db"),
                Map.of(), "u");

        StrataException missing = assertThrows(StrataException.class,
                () -> Workload.pgbench(settings, script, 10, Map.of("PATH", directory.toString())));
        StrataException wrong = assertThrows(StrataException.class,
                () -> Workload.pgbench(settings, script, 10, Map.of("STRATA_PGBENCH", script.toString())));
        StrataException noScript = assertThrows(StrataException.class,
                () -> Workload.pgbench(settings, directory.resolve("none.sql"), 10, Map.of()));

        assertEquals("pgbench is not on PATH: install PostgreSQL's client programs (they include pgbench) or set"
                + " STRATA_PGBENCH to its path, or rehearse with the synthetic workload (no --workload)", missing.getMessage());
        assertTrue(wrong.getMessage().startsWith("STRATA_PGBENCH=" + script + " is not an executable file"), wrong.getMessage());
        assertTrue(noScript.getMessage().endsWith("none.sql does not exist or cannot be read"), noScript.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aClientAbortedByAColumnTheScriptUsesBeingDroppedIsCountedAsAFailure(int major) throws IOException {
        assumeTrue(onPath().isPresent(), "pgbench is not installed");
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            createItems(db, 100);
            Path script = Files.writeString(directory.resolve("app.sql"), """
                    \\set id random(1, 100)
                    UPDATE public.items SET tag = tag WHERE id = :id;
                    """);
            Workload workload = Workload.pgbench(RehearseFixture.settings(db), script, 50, System.getenv());
            workload.start();

            // The second step gives the clients a second to run into the dropped column: on a slow machine the
            // rehearsal could otherwise end before any client's next transaction.
            rehearse(db, saved(db, List.<Step>of(
                    step("expand-1", LockMode.ACCESS_EXCLUSIVE, "ALTER TABLE public.items DROP COLUMN tag"),
                    step("expand-2", LockMode.ACCESS_SHARE, "SELECT pg_sleep(1)"))), workload);

            assertTrue(workload.failureMessages().stream().anyMatch(m -> m.contains("aborted")
                    && m.contains("\"tag\" does not exist")), workload.failureMessages().toString());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aScriptPgbenchCannotRunStopsTheWorkloadAtStartWithPgbenchsOwnLine(int major) throws IOException {
        assumeTrue(onPath().isPresent(), "pgbench is not installed");
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            Path script = Files.writeString(directory.resolve("broken.sql"), "\\set id nosuchfunction(1)\n");
            Workload workload = Workload.pgbench(RehearseFixture.settings(db), script, 10, System.getenv());

            StrataException e = assertThrows(StrataException.class, workload::start);

            assertTrue(e.getMessage().startsWith("pgbench stopped at once (exit status 1): "), e.getMessage());
            assertTrue(!e.getMessage().contains(db.password()) || db.password().isEmpty(), e.getMessage());
        }
    }

    @Test
    void aLoggedTransactionTookItsTimeLessItsScheduleLagAndEndedAtItsTimestamp() {
        StatementLog log = new StatementLog();
        PgbenchWorkload workload = PgbenchWorkload.prepare(dev.strata.connect.ConnectionSettings.resolve(
                Optional.empty(), Map.of(), "u"), script(), 10, Map.of("STRATA_PGBENCH", "/bin/sh"), log);

        workload.transaction("0 1 5300 0 1700000000 250000 300");
        workload.transaction("1 7 failed 0 1700000001 0 0");
        workload.transaction("2 3 skipped 0 1700000002 0 0");

        long end = 1_700_000_000_250_000_000L;
        assertEquals(new WorkloadWindow(1, 0, Duration.ofMillis(5), Duration.ofMillis(5)),
                log.window(end - 1, end, end));
        assertEquals(2, log.statements());
        assertEquals(1, log.window(end, 1_700_000_001_000_000_000L, end).failures());
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void pgbenchTransactionsWaitBehindAnAccessExclusiveStepAndTheLogIsCompleteOnceClosed(int major) throws IOException {
        Optional<Path> pgbench = onPath();
        assumeTrue(pgbench.isPresent(), "pgbench is not installed");
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            createItems(db, 1_000);
            Path script = Files.writeString(directory.resolve("app.sql"), """
                    \\set id random(1, 1000)
                    SELECT tag FROM public.items WHERE id = :id;
                    UPDATE public.items SET qty = qty + 1 WHERE id = :id;
                    """);
            Workload workload = Workload.pgbench(RehearseFixture.settings(db), script, 100, System.getenv());
            workload.start();
            StepProbeTest.sleep(400);

            List<StepMeasurement> measured = rehearse(db, saved(db, List.<Step>of(
                    step("expand-1", LockMode.ACCESS_EXCLUSIVE,
                            "LOCK TABLE public.items IN ACCESS EXCLUSIVE MODE", "SELECT pg_sleep(0.4)"))), workload);

            StepMeasurement blocking = only(measured, "expand-1");
            assertTrue(blocking.workloadStatements() > 0, blocking.toString());
            assertTrue(blocking.longestApplicationWait().compareTo(Duration.ofMillis(250)) > 0, blocking.toString());
            assertEquals(0, blocking.workloadFailures(), workload.failureMessages().toString());
            // Ended by SIGALRM as by its own -T timer: a clean exit, every logged transaction read.
            assertEquals(List.of(), workload.notes());
            assertTrue(workload.statements() > 40, String.valueOf(workload.statements()));
            System.out.println("pgbench PG " + major + ": " + workload.statements() + " transactions; " + blocking);
        }
    }

    private Path script() {
        try {
            return Files.writeString(directory.resolve("one.sql"), "SELECT 1;\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Path> onPath() {
        try {
            return Optional.of(PgbenchWorkload.binary(System.getenv()));
        } catch (StrataException e) {
            return Optional.empty();
        }
    }
}
