package dev.strata.execute;

import dev.strata.diagnostics.StrataException;
import dev.strata.plan.BackfillSql;
import dev.strata.plan.BackfillStep;
import dev.strata.plan.LockHold;
import dev.strata.sql.Identifiers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a backfill in keyset batches ({@link BackfillSql}), each batch in its own transaction together with the
 * new position in {@code strata.backfill}, so a restart resumes right after the last committed batch and no
 * batch is ever applied twice. The step is recorded done in the transaction that finds the key range exhausted.
 */
final class BackfillRunner {

    private final Connection connection;
    private final StateStore state;
    private final ApplyOptions options;
    private final LockRetry retry;
    private final StepListener listener;
    private final Progress progress;
    private final Timing timing;

    BackfillRunner(Connection connection, StateStore state, ApplyOptions options, LockRetry retry,
            StepListener listener, Progress progress, Timing timing) {
        this.connection = connection;
        this.state = state;
        this.options = options;
        this.retry = retry;
        this.listener = listener;
        this.progress = progress;
        this.timing = timing;
    }

    void run(long migrationId, BackfillStep step) throws SQLException {
        BackfillProgress position = state.backfill(migrationId, step.id());
        progress.start(step, estimatedRows(step), position.rowsDone());
        List<LockHold> locks = step.locks();
        long startedAt = timing.nanoTime().getAsLong();
        long rowsThisRun = 0;
        int batch = 1;
        try {
            for (; ; batch++) {
                BackfillProgress before = position;
                BackfillProgress after = retry.run("step " + step.id() + " batch " + batch, connection, locks,
                        attempt -> batch(migrationId, step, before));
                if (after.finished()) {
                    progress.finish(after.rowsDone());
                    return;
                }
                rowsThisRun += after.rowsDone() - before.rowsDone();
                position = after;
                listener.afterBatch(step, batch);
                progress.advance(after.rowsDone(), after.lastKey());
                pace(startedAt, rowsThisRun);
            }
        } catch (SQLException e) {
            String resume = position.rowsDone() > 0
                    ? "the " + position.rowsDone() + " rows backfilled before it are kept; %srerun strata apply to"
                            + " resume after them"
                    : "no row of it was committed; %srerun strata apply to resume from its start";
            if (LostConnection.is(e)) {
                throw LostConnection.during(step, ", batch " + batch, e, resume.formatted(""));
            }
            Session.rollbackQuietly(connection);
            // Only this batch rolled back: saying so (rather than "the step was not done") tells the user a rerun
            // does not start the backfill over.
            throw new StrataException("step " + step.id() + " (" + step.summary() + "; " + step.phase().title()
                    + " phase, batch " + batch + ") failed: " + Executor.firstLine(e) + "\n"
                    + resume.formatted("fix the cause and "), e);
        } catch (RuntimeException e) {
            Session.rollbackQuietly(connection);
            throw e;
        } finally {
            Session.autoCommitQuietly(connection);
        }
    }

    private BackfillProgress batch(long migrationId, BackfillStep step, BackfillProgress position) throws SQLException {
        connection.setAutoCommit(false);
        Session.timeouts(connection, options.lockTimeout(), options.scanStatementTimeout());
        boolean first = position.lastKey().isEmpty();
        BackfillProgress next;
        try (PreparedStatement ps = connection.prepareStatement(BackfillSql.batchStatement(step, first))) {
            int p = 1;
            for (String key : position.lastKey()) {
                // Untyped: the server infers each key column's type from the comparison.
                ps.setObject(p++, key, Types.OTHER);
            }
            ps.setInt(p, options.batchSize());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    List<String> lastKey = new ArrayList<>();
                    for (int i = 0; i < step.key().size(); i++) {
                        lastKey.add(rs.getString(2 + i));
                    }
                    next = new BackfillProgress(step.id(), lastKey, position.rowsDone() + rs.getLong(1), false);
                } else {
                    next = new BackfillProgress(step.id(), position.lastKey(), position.rowsDone(), true);
                }
            }
        }
        listener.inStatement(step);
        state.saveBackfill(migrationId, next);
        if (next.finished()) {
            state.recordStep(migrationId, step.id(), 1);
        }
        connection.commit();
        return next;
    }

    /** The pause between batches, stretched so the rows/s cap holds on average. */
    private void pace(long startedAt, long rowsThisRun) {
        Duration wait = options.batchPause();
        if (options.rowsPerSecond() > 0) {
            long dueNanos = rowsThisRun * 1_000_000_000L / options.rowsPerSecond();
            long elapsed = timing.nanoTime().getAsLong() - startedAt;
            Duration capped = Duration.ofNanos(Math.max(0, dueNanos - elapsed));
            if (capped.compareTo(wait) > 0) {
                wait = capped;
            }
        }
        timing.pause(wait);
    }

    private long estimatedRows(BackfillStep step) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(?)")) {
            ps.setString(1, Identifiers.qualified(step.table()));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }
}
