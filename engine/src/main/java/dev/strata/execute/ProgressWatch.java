package dev.strata.execute;

import dev.strata.plan.DdlStep;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Tells the {@link Progress} how a long DDL step goes while its statement runs, which no callback from that
 * statement can: a timer calls it every {@link Progress#pollEvery()} with the time so far and, read by a second
 * session, the server's own account of an index build ({@code pg_stat_progress_create_index} for Strata's backend:
 * phase, blocks, tuples, transactions waited for). The session is opened at the first watched step and kept for
 * the run; without one (no opener, or it failed) only the time is reported. {@link Progress#NONE} is not watched.
 */
final class ProgressWatch implements AutoCloseable {

    /** The application_name marker of the watching session. */
    static final String APPLICATION_NAME = "strata progress";

    /** One watched step; closing it stops the polls, and no {@code stepRunning} follows {@code stepEnded}. */
    interface Watching extends AutoCloseable {
        @Override
        void close();
    }

    private static final Watching NOTHING = () -> {};

    private final Optional<SessionOpener> opener;
    private final Progress progress;
    private final LongSupplier nanoTime;
    private final Consumer<String> log;
    private Connection session;
    private boolean broken;
    private ScheduledExecutorService timer;

    ProgressWatch(Optional<SessionOpener> opener, Progress progress, LongSupplier nanoTime, Consumer<String> log) {
        this.opener = opener;
        this.progress = progress;
        this.nanoTime = nanoTime;
        this.log = log;
    }

    /** Watches nothing. */
    static ProgressWatch none() {
        return new ProgressWatch(Optional.empty(), Progress.NONE, System::nanoTime, line -> {});
    }

    /**
     * A step worth watching runs for as long as its table is big: it scans or rewrites every row, or runs outside a
     * transaction ({@code CONCURRENTLY}, which also waits out older transactions).
     */
    static boolean longRunning(DdlStep step) {
        return !step.transactional() || step.locks().stream().anyMatch(l -> l.work().touchesEveryRow());
    }

    /** Starts watching {@code step}, run by backend {@code pid} (0: unknown, then only the time is reported). */
    Watching start(DdlStep step, int pid) {
        if (progress == Progress.NONE || !longRunning(step)) {
            return NOTHING;
        }
        progress.stepStarted(step);
        long startedAt = nanoTime.getAsLong();
        long period = Math.max(10, progress.pollEvery().toMillis());
        boolean[] stopped = {false};
        ScheduledFuture<?> polling = timer().scheduleWithFixedDelay(() -> poll(step, pid, startedAt, stopped),
                period, period, TimeUnit.MILLISECONDS);
        return () -> {
            polling.cancel(false);
            synchronized (this) {
                // Under the monitor a poll holds while it runs: none is in flight after this, none starts.
                stopped[0] = true;
            }
            progress.stepEnded(step);
        };
    }

    private synchronized ScheduledExecutorService timer() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "strata-progress");
                t.setDaemon(true);
                return t;
            });
        }
        return timer;
    }

    private synchronized void poll(DdlStep step, int pid, long startedAt, boolean[] stopped) {
        if (stopped[0]) {
            return;
        }
        try {
            Optional<IndexBuild> index = pid > 0 && ready() ? look(pid) : Optional.empty();
            progress.stepRunning(step, Duration.ofNanos(nanoTime.getAsLong() - startedAt), index);
        } catch (RuntimeException e) {
            // Drawing progress must never stop the step; a timer task that throws would not run again either.
        }
    }

    private boolean ready() {
        if (session != null) {
            return true;
        }
        if (broken || opener.isEmpty()) {
            return false;
        }
        try {
            session = opener.get().open();
            session.setAutoCommit(true);
            Session.applicationName(session, APPLICATION_NAME);
            try (Statement st = session.createStatement()) {
                st.execute("SET statement_timeout = '5s'");
            }
            return true;
        } catch (SQLException | RuntimeException e) {
            broken = true;
            closeSession();
            log.accept("cannot open a second session to read index build progress (" + String.valueOf(e.getMessage())
                    .lines().findFirst().orElse("") + "); progress shows only the time");
            return false;
        }
    }

    private Optional<IndexBuild> look(int pid) {
        try (PreparedStatement ps = session.prepareStatement("""
                SELECT phase, blocks_done, blocks_total, tuples_done, tuples_total, lockers_done, lockers_total
                FROM pg_stat_progress_create_index WHERE pid = ?""")) {
            ps.setInt(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new IndexBuild(rs.getString(1), rs.getLong(2), rs.getLong(3),
                        rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7))) : Optional.empty();
            }
        } catch (SQLException e) {
            // A failed look leaves the progress poorer; the step itself is unaffected.
            return Optional.empty();
        }
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        closeSession();
    }

    private void closeSession() {
        if (session != null) {
            try {
                session.close();
            } catch (SQLException ignored) {
                // Closing a watching session that failed changes nothing for the apply.
            }
            session = null;
        }
    }
}
