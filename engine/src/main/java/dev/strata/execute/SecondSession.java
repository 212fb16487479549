package dev.strata.execute;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * The session a watcher ({@link LockWatch}, {@link ProgressWatch}) asks the server about apply's own backend through,
 * and the timer it asks on. Opened at first use and kept for the run, marked in pg_stat_activity, its questions
 * bounded by a short statement_timeout; if it cannot be opened the watcher goes without (said once in the log), since
 * watching must never stop a step.
 */
final class SecondSession implements AutoCloseable {

    private final Optional<SessionOpener> opener;
    private final String applicationName;
    private final String threadName;
    private final String purpose;
    private final String fallback;
    private final Consumer<String> log;
    private Connection connection;
    private ScheduledExecutorService timer;
    private boolean broken;

    /**
     * @param purpose  what the session is for, and {@code fallback} what the watcher does without it: the log line
     *                 that says it could not be opened
     */
    SecondSession(Optional<SessionOpener> opener, String applicationName, String threadName, String purpose,
            String fallback, Consumer<String> log) {
        this.opener = opener;
        this.applicationName = applicationName;
        this.threadName = threadName;
        this.purpose = purpose;
        this.fallback = fallback;
        this.log = log;
    }

    /** The open session, opening it on first use; empty without an opener or after it failed to open. */
    synchronized Optional<Connection> connection() {
        if (connection != null) {
            return Optional.of(connection);
        }
        if (broken || opener.isEmpty()) {
            return Optional.empty();
        }
        try {
            connection = opener.get().open();
            connection.setAutoCommit(true);
            Session.applicationName(connection, applicationName);
            try (Statement st = connection.createStatement()) {
                st.execute("SET statement_timeout = '5s'");
            }
            return Optional.of(connection);
        } catch (SQLException | RuntimeException e) {
            broken = true;
            closeConnection();
            log.accept("cannot open a second session to " + purpose + " ("
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + "); " + fallback);
            return Optional.empty();
        }
    }

    /** The timer the watcher samples on, a daemon thread started on first use. */
    synchronized ScheduledExecutorService timer() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, threadName);
                t.setDaemon(true);
                return t;
            });
        }
        return timer;
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        closeConnection();
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Closing a watching session that failed changes nothing for the apply.
            }
            connection = null;
        }
    }
}
