package dev.strata.execute;

import dev.strata.diagnostics.StrataException;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.strata.execute.ExecutorFixture.after;
import static dev.strata.execute.ExecutorFixture.createUsers;
import static dev.strata.execute.ExecutorFixture.create;
import static dev.strata.execute.ExecutorFixture.desired;
import static dev.strata.execute.ExecutorFixture.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lock timeouts, retries and the one-apply-at-a-time lock, against sessions that really hold locks. */
class LockContentionTest {

    private static final ApplyOptions SHORT = ApplyOptions.defaults().withLockTimeout(Duration.ofMillis(100)).withMaxAttempts(3);

    /** A session reading users in an open transaction: it holds ACCESS SHARE until it ends. */
    private static Connection reader(TestDatabase db, String applicationName) throws SQLException {
        Connection c = db.connect();
        try (Statement st = c.createStatement()) {
            st.execute("SET application_name = '" + applicationName + "'");
            c.setAutoCommit(false);
            st.execute("SELECT count(*) FROM public.users");
        }
        return c;
    }

    private static int pid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void accessExclusiveStepRetriesWithBackoffThenGivesUpNamingTheBlockingSession() throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(18)) {
            createUsers(db, 10);
            try (Connection holder = reader(db, "report-job"); Connection c = db.connect()) {
            List<Duration> sleeps = new ArrayList<>();
            List<String> log = new ArrayList<>();
            Executor executor = new Executor(c, SHORT, log::add).withTiming(ExecutorFixture.noWaiting(sleeps));

            StrataException e = assertThrows(StrataException.class,
                    () -> executor.apply(desired(after()), PhaseSelection.EXPAND));

            String message = e.getMessage();
            assertTrue(message.startsWith("step expand-1: gave up after 3 attempts, each waiting 100 ms for ACCESS EXCLUSIVE on public.users"), message);
            assertTrue(message.contains("blocked by pid " + pid(holder) + " (application_name 'report-job', holds AccessShareLock"), message);
            assertEquals(2, sleeps.size(), "one backoff before each retry");
            assertTrue(sleeps.get(0).toMillis() <= 200 && sleeps.get(1).toMillis() <= 400, sleeps.toString());
            assertEquals(List.of(), db.query("SELECT step_id FROM strata.step"));
            }
        }
    }

    @Test
    void stepSucceedsOnceTheBlockingSessionEndsBetweenRetries() throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(14)) {
            createUsers(db, 10);
            try (Connection holder = reader(db, "report-job"); Connection c = db.connect()) {
                List<Duration> sleeps = new ArrayList<>();
                Timing releaseOnFirstBackoff = new Timing(System::nanoTime, d -> {
                    sleeps.add(d);
                    try {
                        holder.commit();
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }, new Random(1));
                Executor executor = new Executor(c, SHORT, line -> {}).withTiming(releaseOnFirstBackoff);

                ApplyResult result = executor.apply(desired(after()), PhaseSelection.EXPAND);

                assertEquals(ApplyResult.Outcome.PHASES_DONE, result.outcome());
                assertEquals(1, sleeps.size());
                assertEquals(List.of(List.of("2")), db.query("SELECT attempts FROM strata.step WHERE step_id = 'expand-1'"));
            }
        }
    }

    @Test
    void secondApplyFailsNamingTheSessionHoldingTheApplyLock() throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(18)) {
            createUsers(db, 10);
            try (Connection other = db.connect(); Connection c = db.connect()) {
                try (Statement st = other.createStatement()) {
                    st.execute("SET application_name = 'strata apply'");
                    st.execute("SELECT pg_advisory_lock(" + ApplyLock.KEY + ")");
                }

                StrataException e = assertThrows(StrataException.class, () -> new Executor(c, SHORT, line -> {})
                        .apply(desired(after()), PhaseSelection.EXPAND));

                assertTrue(e.getMessage().startsWith("another strata command (apply, restore or purge) is running on"
                        + " this database: pid " + pid(other) + ", application_name 'strata apply', client "), e.getMessage());
            }
        }
    }

    @Test
    void applyWhileARestoreHoldsTheLockNamesTheRestoreNotAnApply() throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(18)) {
            createUsers(db, 10);
            try (Connection restore = db.connect(); Connection c = db.connect()) {
                ApplyLock.acquireFor(restore, "restore");

                StrataException e = assertThrows(StrataException.class, () -> new Executor(c, SHORT, line -> {})
                        .apply(desired(after()), PhaseSelection.EXPAND));

                assertFalse(e.getMessage().contains("another strata apply"), e.getMessage());
                assertTrue(e.getMessage().contains("pid " + pid(restore) + ", application_name 'strata restore"),
                        e.getMessage());
            }
        }
    }

    /**
     * ALTER TYPE … ADD VALUE waits only for another change to the same enum (its EXCLUSIVE lock on the type); a
     * transaction that has written to a table using the type is no obstacle.
     */
    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void anEnumLabelAdditionWaitsOnlyForAnotherChangeToTheTypeAndNamesIt(int major) throws Exception {
        String table = """
                tables:
                  t:
                    columns:
                      m: mood
                """;
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            create(db, yaml("enums:\n  mood: [happy, sad]\n" + table));
            try (Connection writer = db.connect(); Connection changer = db.connect(); Connection c = db.connect();
                 Statement w = writer.createStatement(); Statement ch = changer.createStatement()) {
                writer.setAutoCommit(false);
                w.execute("INSERT INTO public.t VALUES ('happy')");
                ch.execute("SET application_name = 'other-migration'");
                changer.setAutoCommit(false);
                ch.execute("ALTER TYPE public.mood ADD VALUE 'glum'");
                Executor executor = new Executor(c, SHORT, new ArrayList<String>()::add)
                        .withTiming(ExecutorFixture.noWaiting(new ArrayList<>()));
                var source = desired(yaml("enums:\n  mood: [happy, meh, sad]\n" + table));

                String message = assertThrows(StrataException.class,
                        () -> executor.apply(source, PhaseSelection.EXPAND)).getMessage();

                assertTrue(message.startsWith("step expand-1: gave up after 3 attempts, each waiting 100 ms for"
                        + " EXCLUSIVE on type public.mood"), message);
                assertTrue(message.contains("blocked by pid " + pid(changer) + " (application_name 'other-migration',"
                        + " holds ExclusiveLock"), message);
                assertFalse(message.contains("pid " + pid(writer)), message);
                // The lock watch of the CLI names the held lock and the type just as well.
                String watched = assertThrows(StrataException.class, () -> executor.withLockWatch(db::connect)
                        .apply(source, PhaseSelection.EXPAND)).getMessage();
                assertTrue(watched.contains("blocked by pid " + pid(changer) + " (application_name 'other-migration',"
                        + " holds ExclusiveLock on type public.mood, "), watched);
                assertFalse(watched.contains("pid " + pid(writer)), watched);

                changer.rollback();
                executor.apply(source, PhaseSelection.EXPAND);
                assertEquals(List.of(List.of("{happy,meh,sad}")), db.query("SELECT enum_range(NULL::public.mood)"));
                writer.commit();
            }
        }
    }
}
