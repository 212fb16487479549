package dev.strata.execute;

import dev.strata.diagnostics.StrataException;
import dev.strata.plan.BackfillStep;
import dev.strata.plan.Step;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static dev.strata.execute.ExecutorFixture.after;
import static dev.strata.execute.ExecutorFixture.createUsers;
import static dev.strata.execute.ExecutorFixture.desired;
import static dev.strata.execute.ExecutorFixture.yes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Strata's session ended by the server in the middle of a step: the error says which step, why, and how to go on. */
class LostConnectionTest {

    /** The server's own word, when the driver reads it before it finds the socket closed. */
    private static final String TERMINATED = "the server terminated Strata's connection (an administrator ended the session";
    private static final String LOST = "the connection to the server was lost (the server ended the session";

    /** Ends Strata's backend from another session and waits until it is gone. */
    private static void terminate(TestDatabase db, int pid) {
        try (Connection admin = db.connect(); Statement st = admin.createStatement()) {
            st.execute("SELECT pg_terminate_backend(" + pid + ")");
            for (int i = 0; i < 200; i++) {
                try (var rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid)) {
                    rs.next();
                    if (rs.getInt(1) == 0) {
                        return;
                    }
                }
                Thread.sleep(10);
            }
            throw new IllegalStateException("backend " + pid + " did not end");
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int pid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void terminatedDuringADdlStepNamesTheStepTheCauseAndHowToResume(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            createUsers(db, 10);
            StrataException e;
            try (Connection c = db.connect()) {
                int strata = pid(c);
                StepListener killer = new StepListener() {
                    @Override
                    public void inStatement(Step step) {
                        terminate(db, strata);
                    }
                };
                Executor executor = new Executor(c, yes(), line -> {}).withListener(killer).withProgress(Progress.NONE)
                        .withTiming(ExecutorFixture.noWaiting(new ArrayList<>()));
                e = assertThrows(StrataException.class, () -> executor.apply(desired(after()), PhaseSelection.EXPAND));
            }

            String message = e.getMessage();
            assertTrue(message.startsWith("step expand-1 ("), message);
            assertTrue(message.contains(TERMINATED) || message.contains(LOST), message);
            assertTrue(message.contains("rerun strata apply to resume"), message);
            assertFalse(message.contains("This connection has been closed"), message);
            assertEquals(List.of(), db.query("SELECT step_id FROM strata.step"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void terminatedBetweenBackfillBatchesNamesTheBatchAndKeepsTheCommittedOnes(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            createUsers(db, 10);
            ExecutorFixture.apply(db, yes(), desired(after()), PhaseSelection.EXPAND);
            StrataException e;
            try (Connection c = db.connect()) {
                int strata = pid(c);
                StepListener killer = new StepListener() {
                    @Override
                    public void afterBatch(BackfillStep step, int batch) {
                        terminate(db, strata);
                    }
                };
                Executor executor = new Executor(c, yes().withBatchSize(4), line -> {}).withListener(killer)
                        .withProgress(Progress.NONE).withTiming(ExecutorFixture.noWaiting(new ArrayList<>()));
                e = assertThrows(StrataException.class, () -> executor.apply(desired(after()), PhaseSelection.BACKFILL));
            }

            String message = e.getMessage();
            assertTrue(message.startsWith("step backfill-1 ("), message);
            assertTrue(message.contains("batch 2"), message);
            assertTrue(message.contains(TERMINATED) || message.contains(LOST), message);
            assertTrue(message.contains("rerun strata apply to resume"), message);
            assertEquals(List.of(List.of("4")), db.query("SELECT count(*) FROM public.users WHERE handle IS NOT NULL"));
        }
    }
}
