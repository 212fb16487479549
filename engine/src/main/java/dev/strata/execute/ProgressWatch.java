package dev.strata.execute;

import dev.strata.plan.DdlStep;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
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

    private final SecondSession session;
    private final Progress progress;
    private final LongSupplier nanoTime;

    ProgressWatch(Optional<SessionOpener> opener, Progress progress, LongSupplier nanoTime, Consumer<String> log) {
        this.session = new SecondSession(opener, APPLICATION_NAME, "strata-progress", "read index build progress",
                "progress shows only the time", log);
        this.progress = progress;
        this.nanoTime = nanoTime;
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
        ScheduledFuture<?> polling = session.timer().scheduleWithFixedDelay(() -> poll(step, pid, startedAt, stopped),
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

    private synchronized void poll(DdlStep step, int pid, long startedAt, boolean[] stopped) {
        if (stopped[0]) {
            return;
        }
        try {
            Optional<IndexBuild> index = pid > 0 ? session.connection().flatMap(c -> look(c, pid)) : Optional.empty();
            progress.stepRunning(step, Duration.ofNanos(nanoTime.getAsLong() - startedAt), index);
        } catch (RuntimeException e) {
            // Drawing progress must never stop the step; a timer task that throws would not run again either.
        }
    }

    private static Optional<IndexBuild> look(Connection session, int pid) {
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
        // Under the monitor: a poll in flight ends first.
        session.close();
    }
}
