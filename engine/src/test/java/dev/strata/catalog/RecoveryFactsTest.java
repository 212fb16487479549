package dev.strata.catalog;

import dev.strata.plan.Fact;
import dev.strata.plan.Recovery;
import dev.strata.plan.RestoreRate;
import dev.strata.testing.DedicatedPostgres;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecoveryFactsTest {

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void withArchivingOffTheFactsSaySoAndTheSizeIsTheDatabases(int major) throws SQLException {
        try (var db = TestPostgres.newDatabase(major); var c = db.connect()) {
            Recovery facts = RecoveryFacts.read(c, RestoreRate.DEFAULT);

            Recovery.Archiving archiving = known(facts.archiving());
            assertEquals("off", archiving.archiveMode());
            assertEquals(db.query("SHOW wal_level").getFirst().getFirst(), archiving.walLevel());
            assertEquals(Long.parseLong(db.query("SELECT pg_database_size(current_database())").getFirst().getFirst()),
                    known(facts.databaseBytes()));
            assertEquals(List.of(), known(facts.replicas()));
            assertInstanceOf(Fact.Known.class, facts.slots());
            assertEquals(Optional.of("WAL archiving is off (archive_mode off)"), facts.archiveRefusal(3600));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void withArchivingOnTheLastArchivedSegmentItsAgeSlotsAndFailuresAreRead(int major, @TempDir Path archive)
            throws Exception {
        // The server may run as another user (zonky unshares a user namespace when run as root).
        Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rwxrwxrwx"));
        // archive_mode needs a restart; archive_command is set afterwards, as its spaces do not survive the options
        // the server is started with.
        try (var server = DedicatedPostgres.start(major, Map.of("archive_mode", "on", "wal_level", "replica"));
             var db = server.newDatabase(); var c = db.connect()) {
            db.execute("ALTER SYSTEM SET archive_command = 'cp %p " + archive + "/%f'", "SELECT pg_reload_conf()",
                    "CREATE TABLE t (id int)", "INSERT INTO t SELECT generate_series(1, 1000)",
                    "SELECT pg_create_physical_replication_slot('strata_recovery_test')");
            String segment = db.query("SELECT pg_walfile_name(pg_current_wal_lsn())").getFirst().getFirst();
            db.execute("SELECT pg_switch_wal()");
            waitFor(db, "SELECT last_archived_wal >= '" + segment + "' FROM pg_stat_archiver");

            Recovery facts = RecoveryFacts.read(c, RestoreRate.DEFAULT);

            Recovery.Archiving archiving = known(facts.archiving());
            assertEquals("on", archiving.archiveMode());
            assertEquals("replica", archiving.walLevel());
            String last = archiving.lastArchivedWal().orElseThrow();
            assertTrue(Files.exists(archive.resolve(last)), "archived " + last);
            assertTrue(archiving.lastArchivedAge().getAsLong() < 60, "age " + archiving.lastArchivedAge());
            assertEquals(0, archiving.failedCount());
            assertEquals(false, archiving.lastAttemptFailed());
            assertEquals(List.of(new Recovery.Slot("strata_recovery_test", "physical", false)), known(facts.slots()));
            assertEquals(Optional.empty(), facts.archiveRefusal(3600));
            assertTrue(facts.archiveRefusal(-1).orElseThrow().startsWith("the last WAL segment was archived "));

            db.execute("ALTER SYSTEM SET archive_command = 'false'", "SELECT pg_reload_conf()",
                    "INSERT INTO t SELECT generate_series(1, 1000)");
            Thread.sleep(500);
            db.execute("SELECT pg_switch_wal()");
            waitFor(db, "SELECT failed_count > 0 FROM pg_stat_archiver");

            Recovery failing = RecoveryFacts.read(c, RestoreRate.DEFAULT);

            assertTrue(known(failing.archiving()).lastAttemptFailed());
            assertTrue(failing.archiveRefusal(3600).orElseThrow().startsWith("WAL archiving is failing"),
                    failing.archiveRefusal(3600).toString());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void viewsTheRoleMayNotReadBecomeUnknownFactsWithTheReasonAndTheTransactionGoesOn(int major) throws SQLException {
        try (var db = TestPostgres.newDatabase(major); var c = db.connect()) {
            String role = db.name() + "_monitorless";
            // As a managed service may: the archiver's statistics and the database size hidden from ordinary roles.
            db.execute("REVOKE SELECT ON pg_catalog.pg_stat_archiver FROM PUBLIC",
                    "REVOKE EXECUTE ON FUNCTION pg_catalog.pg_database_size(name) FROM PUBLIC", "CREATE ROLE " + role);
            try {
                c.setAutoCommit(false);
                try (var st = c.createStatement()) {
                    st.execute("SET ROLE " + role);
                }

                Recovery facts = RecoveryFacts.read(c, RestoreRate.DEFAULT);

                String reason = assertInstanceOf(Fact.Unknown.class, facts.archiving()).reason();
                assertTrue(reason.startsWith("cannot read pg_stat_archiver: permission denied"), reason);
                assertTrue(assertInstanceOf(Fact.Unknown.class, facts.databaseBytes()).reason()
                        .contains("permission denied for function pg_database_size"));
                assertInstanceOf(Fact.Known.class, facts.replicas());
                assertTrue(facts.restoreSeconds().isEmpty());
                assertTrue(facts.archiveRefusal(3600).orElseThrow().startsWith("whether WAL archiving works is unknown"));
                try (var st = c.createStatement(); var rs = st.executeQuery("SELECT 1")) {
                    assertTrue(rs.next(), "the transaction is still usable");
                }
                c.rollback();
            } finally {
                c.setAutoCommit(true);
                try (var st = c.createStatement()) {
                    st.execute("RESET ROLE");
                }
                db.execute("DROP ROLE " + role);
            }
        }
    }

    private static <T> T known(Fact<T> fact) {
        return switch (fact) {
            case Fact.Known<T> k -> k.value();
            case Fact.Unknown<T> u -> throw new AssertionError("unknown: " + u.reason());
        };
    }

    private static void waitFor(TestDatabase db, String condition) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!"t".equals(db.query(condition).getFirst().getFirst())) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + condition);
            Thread.sleep(100);
        }
    }
}
