package dev.strata.cli;

import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.Test;
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

/** The Recovery section of plan --url, --restore-rate, and apply --require-archive-age, as a user runs them. */
class RecoveryCommandTest {

    @TempDir
    Path dir;

    /** items(id, legacy) in the database; the desired schema drops legacy. */
    private Path dropLegacy(TestDatabase db) throws IOException {
        db.execute("CREATE TABLE public.items (id bigint PRIMARY KEY, legacy text)",
                "INSERT INTO public.items SELECT g, 'old ' || g FROM generate_series(1, 40) g");
        Path after = Files.createDirectories(dir.resolve("after"));
        Files.writeString(after.resolve("items.yaml"), """
                tables:
                  items:
                    columns:
                      id: { type: bigint, nullable: false }
                    primary_key: [id]
                """);
        return after;
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aPlanAgainstTheDatabaseSaysWhatARestoreWouldStartFrom(int major) throws IOException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            Path after = dropLegacy(db);

            Strata r = Strata.run("plan", "--url", db.postgresUrl(), "--desired", after.toString(), "--restore-rate", "1GB/s");

            assertEquals(PlanCommand.CHANGES, r.exitCode(), r.toString());
            assertTrue(r.out().contains("\nRecovery (read from the server when the plan was made)\n"
                    + "  WAL archiving: off (archive_mode off, wal_level "), r.toString());
            assertTrue(r.out().contains("  Replicas: none streaming from this server\n"), r.toString());
            assertTrue(r.out().contains(" to copy the database at 1024 MB/s (--restore-rate)"), r.toString());
        }
    }

    @Test
    void anOfflinePlanHasNoRecoverySection() throws IOException {
        Path before = Files.createDirectories(dir.resolve("before"));
        Files.writeString(before.resolve("items.yaml"), """
                tables:
                  items:
                    columns:
                      id: { type: bigint, nullable: false }
                      legacy: text
                    primary_key: [id]
                """);
        try (TestDatabase db = TestPostgres.newDatabase(18)) {
            Path after = dropLegacy(db);

            Strata r = Strata.run("plan", "--from", before.toString(), "--desired", after.toString());

            assertEquals(PlanCommand.CHANGES, r.exitCode(), r.toString());
            assertFalse(r.out().contains("Recovery"), r.toString());
        }
    }

    @Test
    void aRestoreRateThatIsNotASizePerSecondIsAUsageErrorInOneLine() {
        Strata r = Strata.run("plan", "--from", "examples/users/before", "--desired", "examples/users/after",
                "--restore-rate", "fast");

        assertEquals(64, r.exitCode(), r.toString());
        assertTrue(r.err().startsWith("--restore-rate must be a size per second such as 200MB/s or 1.5GB/s (units B, kB,"
                + " MB, GB, TB), not 'fast'\n"), r.toString());
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void applyRequiringARecentArchiveRefusesToDropDataWhileArchivingIsOff(int major) throws IOException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            Path after = dropLegacy(db);

            Strata r = Strata.run("apply", "--url", db.postgresUrl(), "--desired", after.toString(), "--phase", "all",
                    "--yes", "--allow-data-loss", "--drop-now", "--require-archive-age", "1h");

            assertEquals(1, r.exitCode(), r.toString());
            List<String> lines = r.err().lines().toList();
            assertEquals(1, lines.size(), r.toString());
            assertTrue(lines.getFirst().contains("refusing to start contract (contract-1 loses data; nothing was run):"
                    + " WAL archiving is off (archive_mode off); make WAL archiving work"), r.toString());
            assertEquals(List.of(List.of("40")), db.query("SELECT count(legacy) FROM public.items"));
        }
    }

    @Test
    void aRequiredArchiveAgeThatIsNotADurationIsAUsageError() {
        Strata r = Strata.run("apply", "--url", "postgres://nobody@localhost:1/none", "--desired", "examples/users/after",
                "--phase", "all", "--require-archive-age", "soon");

        assertEquals(64, r.exitCode(), r.toString());
        assertTrue(r.err().startsWith("--require-archive-age must be a positive duration such as 90s, 30m, 1h or 2d,"
                + " not 'soon'\n"), r.toString());
    }
}
