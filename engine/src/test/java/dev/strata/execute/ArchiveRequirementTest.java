package dev.strata.execute;

import dev.strata.diagnostics.StrataException;
import dev.strata.testing.DedicatedPostgres;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.LoadedSchema;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.strata.execute.ExecutorFixture.droppingNow;
import static dev.strata.execute.ExecutorFixture.yaml;
import static dev.strata.execute.ExecutorFixture.yes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code apply --require-archive-age}: a phase that loses data starts only with a recent restore point. */
class ArchiveRequirementTest {

    private static final LoadedSchema BEFORE = yaml("""
            tables:
              items:
                columns:
                  id: { type: bigint, nullable: false }
                  legacy: text
                primary_key: [id]
            """);
    private static final LoadedSchema AFTER = yaml("""
            tables:
              items:
                columns:
                  id: { type: bigint, nullable: false }
                primary_key: [id]
            """);

    private static ApplyResult apply(TestDatabase db, boolean requireArchive) {
        try (Connection c = db.connect()) {
            Executor executor = new Executor(c, yes().withAllowDataLoss(true), new ArrayList<String>()::add)
                    .withProgress(Progress.NONE);
            return (requireArchive ? executor.withArchiveRequirement(Duration.ofHours(1)) : executor)
                    .apply(droppingNow(AFTER), PhaseSelection.ALL);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void itemsWithLegacyData(TestDatabase db) {
        ExecutorFixture.create(db, BEFORE);
        db.execute("INSERT INTO public.items SELECT g, 'old ' || g FROM generate_series(1, 40) g");
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aPhaseThatLosesDataIsRefusedWhileArchivingIsOffAndRunsOnceTheRequirementIsDropped(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            itemsWithLegacyData(db);

            StrataException e = assertThrows(StrataException.class, () -> apply(db, true));

            assertEquals("refusing to start contract (contract-1 loses data; nothing was run): WAL archiving is off"
                    + " (archive_mode off); make WAL archiving work (check pg_stat_archiver; SELECT pg_switch_wal()"
                    + " archives the current segment) and rerun, or rerun without --require-archive-age to go without a"
                    + " restore point", e.getMessage());
            assertEquals(List.of(List.of("40")), db.query("SELECT count(legacy) FROM public.items"));

            assertEquals(ApplyResult.Outcome.MIGRATION_DONE, apply(db, false).outcome());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aPhaseThatLosesDataRunsWhenASegmentWasArchivedWithinTheRequiredAge(int major, @TempDir Path archive)
            throws Exception {
        Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rwxrwxrwx"));
        try (var server = DedicatedPostgres.start(major, Map.of("archive_mode", "on", "wal_level", "replica"));
             TestDatabase db = server.newDatabase()) {
            db.execute("ALTER SYSTEM SET archive_command = 'cp %p " + archive + "/%f'", "SELECT pg_reload_conf()");
            itemsWithLegacyData(db);
            db.execute("SELECT pg_switch_wal()");
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (db.query("SELECT last_archived_wal IS NOT NULL FROM pg_stat_archiver").getFirst().getFirst().equals("f")) {
                assertTrue(System.nanoTime() < deadline, "nothing archived within a minute");
                Thread.sleep(100);
            }

            assertEquals(ApplyResult.Outcome.MIGRATION_DONE, apply(db, true).outcome());
            assertEquals(List.of(), db.query("SELECT 1 FROM information_schema.columns WHERE column_name = 'legacy'"));
        }
    }
}
