package dev.strata.execute;

import dev.strata.diagnostics.StrataException;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.LoadedSchema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static dev.strata.execute.ExecutorFixture.after;
import static dev.strata.execute.ExecutorFixture.apply;
import static dev.strata.execute.ExecutorFixture.createUsers;
import static dev.strata.execute.ExecutorFixture.desired;
import static dev.strata.execute.ExecutorFixture.yaml;
import static dev.strata.execute.ExecutorFixture.yes;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A step that gives up waiting names whoever it waited for, also when that was no table lock: a row another
 * transaction updated, or a transaction whose snapshot a concurrent index build must outlive.
 */
class WaitReportTest {

    /** Long enough for the lock watch to see the wait a few times; two attempts keep the test short. */
    private static final ApplyOptions PATIENT_TWICE = yes().withLockTimeout(Duration.ofMillis(400)).withMaxAttempts(2);

    private static Connection session(TestDatabase db, String applicationName, String... statements) throws SQLException {
        Connection c = db.connect();
        try (Statement st = c.createStatement()) {
            st.execute("SET application_name = '" + applicationName + "'");
            c.setAutoCommit(false);
            for (String sql : statements) {
                st.execute(sql);
            }
        }
        return c;
    }

    private static int pid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void backfillBatchBlockedByAnUncommittedUpdateNamesTheRowLockHolder(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            createUsers(db, 20);
            apply(db, yes(), desired(after()), PhaseSelection.EXPAND);
            try (Connection holder = session(db, "billing-job", "UPDATE public.users SET email = email WHERE id = 5")) {
                StrataException e = assertThrows(StrataException.class,
                        () -> apply(db, PATIENT_TWICE, desired(after()), PhaseSelection.BACKFILL));

                String message = e.getMessage();
                assertTrue(message.startsWith("step backfill-1 batch 1: gave up after 2 attempts"), message);
                assertTrue(message.contains("row lock held by pid " + pid(holder) + " (application_name 'billing-job'"),
                        message);
                assertTrue(message.contains("UPDATE public.users SET email = email WHERE id = 5"), message);
                assertFalse(message.contains("no session holds a conflicting lock"), message);
            }
        }
    }

    private static final LoadedSchema ITEMS = yaml("""
            tables:
              items:
                columns:
                  id: { type: bigint, nullable: false }
                  tag: text
                primary_key: [id]
            """);
    private static final LoadedSchema ITEMS_INDEXED = yaml("""
            tables:
              items:
                columns:
                  id: { type: bigint, nullable: false }
                  tag: text
                primary_key: [id]
                indexes:
                  - columns: [{ column: tag }]
            """);

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void concurrentIndexBuildWaitingForAnOldSnapshotNamesItsTransaction(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            ExecutorFixture.create(db, ITEMS);
            db.execute("INSERT INTO public.items SELECT g, 't' || g FROM generate_series(1, 10) g");
            try (Connection holder = session(db, "nightly-report",
                    "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", "SELECT count(*) FROM pg_class")) {
                StrataException e = assertThrows(StrataException.class,
                        () -> apply(db, PATIENT_TWICE, desired(ITEMS_INDEXED), PhaseSelection.ALL));

                String message = e.getMessage();
                assertTrue(message.startsWith("step expand-1: gave up after 2 attempts"), message);
                assertTrue(message.contains("waiting for transaction of pid " + pid(holder)
                        + " (application_name 'nightly-report'"), message);
                assertFalse(message.contains("no session holds a conflicting lock"), message);
            }
        }
    }
}
