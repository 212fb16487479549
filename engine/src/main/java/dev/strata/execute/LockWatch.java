package dev.strata.execute;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Sees whom a step waits for while it waits. Once lock_timeout has fired the wait is over and PostgreSQL no longer
 * says what it was for, and a table-lock query afterwards misses the waits that matter most: a row another
 * transaction updated (a {@code transactionid} or {@code tuple} lock) and the older transactions a
 * {@code CONCURRENTLY} build must outlive ({@code virtualxid}). So during every attempt a second session asks
 * {@code pg_blocking_pids} about Strata's backend, a few times per lock timeout and only while that backend waits
 * for a lock (a cheap {@code pg_stat_activity} look otherwise).
 */
final class LockWatch implements AutoCloseable {

    /** The application_name marker of the watching session. */
    static final String APPLICATION_NAME = "strata lock watch";

    /** What one attempt saw; {@link #stop()} may be called more than once. */
    interface Watching {
        /** The blockers of the latest wait seen, if that wait can be the one that just timed out. */
        List<Blocker> stop();
    }

    private static final Watching BLIND = List::of;

    private final SecondSession session;
    private final Duration lockTimeout;
    private final Duration period;
    private final LongSupplier nanoTime;

    LockWatch(Optional<SessionOpener> opener, Duration lockTimeout, LongSupplier nanoTime, Consumer<String> log) {
        this.session = new SecondSession(opener, APPLICATION_NAME, "strata-lock-watch", "watch lock waits",
                "a step that gives up waiting names only sessions holding table locks", log);
        this.lockTimeout = lockTimeout;
        this.period = Duration.ofMillis(Math.clamp(lockTimeout.toMillis() / 4, 10, 1000));
        this.nanoTime = nanoTime;
    }

    /** Watches backend {@code pid} until the result is stopped; blind when no second session can be had or no pid. */
    Watching start(int pid) {
        if (pid <= 0 || session.connection().isEmpty()) {
            return BLIND;
        }
        AtomicReference<Seen> latest = new AtomicReference<>();
        ScheduledFuture<?> sampling = session.timer().scheduleWithFixedDelay(() -> sample(pid, latest),
                period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        return () -> {
            sampling.cancel(false);
            synchronized (this) {
                // Taking the monitor waits for a sample in flight.
            }
            Seen seen = latest.get();
            // The wait that timed out lasted lockTimeout; a sample older than that saw an earlier wait.
            long horizon = nanoTime.getAsLong() - lockTimeout.toNanos() - period.toNanos();
            return seen == null || seen.at() < horizon ? List.of() : seen.blockers();
        };
    }

    private record Seen(long at, List<Blocker> blockers) {}

    private synchronized void sample(int pid, AtomicReference<Seen> latest) {
        Optional<Connection> connection = session.connection();
        if (connection.isEmpty()) {
            return;
        }
        try {
            if (!waitsForALock(connection.get(), pid)) {
                return;
            }
            List<Blocker> blockers = blockers(connection.get(), pid);
            if (!blockers.isEmpty()) {
                latest.set(new Seen(nanoTime.getAsLong(), blockers));
            }
        } catch (SQLException e) {
            // A failed look only leaves the report poorer; the step itself is unaffected.
        }
    }

    private static boolean waitsForALock(Connection session, int pid) throws SQLException {
        try (PreparedStatement ps = session.prepareStatement(
                "SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = ?")) {
            ps.setInt(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** The sessions {@code pid} waits for, and what for: the lock it has not been granted tells the kind. */
    private static List<Blocker> blockers(Connection session, int pid) throws SQLException {
        List<Blocker> found = new ArrayList<>();
        try (PreparedStatement ps = session.prepareStatement("""
                SELECT w.locktype, coalesce(n.nspname || '.' || c.relname, 'type ' || tn.nspname || '.' || t.typname, ''), b.pid,
                       coalesce(a.application_name, ''), coalesce(a.state, ''),
                       coalesce(extract(epoch FROM now() - a.xact_start)::bigint, -1),
                       left(coalesce(a.query, ''), 80),
                       coalesce((SELECT string_agg(CASE WHEN h.granted THEN 'holds ' ELSE 'queued ahead for ' END
                                                   || h.mode || coalesce(' on type ' || tn.nspname || '.' || t.typname, ''),
                                                   ', ' ORDER BY h.granted DESC, h.mode)
                                 FROM pg_locks h
                                 WHERE h.pid = b.pid AND (h.locktype = 'relation' AND h.relation = w.relation
                                       OR h.locktype = 'object' AND h.classid = w.classid AND h.objid = w.objid
                                          AND t.oid IS NOT NULL)), ''),
                       coalesce(w.classid::regclass::text, '')
                FROM pg_locks w
                CROSS JOIN LATERAL unnest(pg_blocking_pids(w.pid)) AS b(pid)
                LEFT JOIN pg_stat_activity a ON a.pid = b.pid
                LEFT JOIN pg_class c ON c.oid = w.relation
                LEFT JOIN pg_namespace n ON n.oid = c.relnamespace
                LEFT JOIN pg_type t ON w.locktype = 'object' AND w.classid = 'pg_type'::regclass AND t.oid = w.objid
                LEFT JOIN pg_namespace tn ON tn.oid = t.typnamespace
                WHERE w.pid = ? AND NOT w.granted
                ORDER BY a.xact_start NULLS LAST, b.pid
                """)) {
            ps.setInt(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int blocker = rs.getInt(3);
                    if (found.stream().noneMatch(b -> b.pid() == blocker)) {
                        Blocker.Kind kind = Blocker.Kind.of(rs.getString(1), rs.getString(9));
                        String lock = kind == Blocker.Kind.TABLE_LOCK ? rs.getString(8) : rs.getString(1);
                        found.add(new Blocker(blocker, kind, lock, rs.getString(2), rs.getString(5), rs.getLong(6),
                                rs.getString(4), rs.getString(7).replace('\n', ' ')));
                    }
                }
            }
        }
        return found;
    }

    @Override
    public synchronized void close() {
        // Under the monitor: a sample in flight ends first.
        session.close();
    }
}
