package dev.strata.execute;

import dev.strata.diagnostics.StrataException;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockMode;
import dev.strata.plan.LockTarget;
import dev.strata.sql.Identifiers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * Retries work that gave up waiting for a lock. A DDL statement waiting for ACCESS EXCLUSIVE queues every later
 * query on the table behind it, so statements run with a short {@code lock_timeout}; when it fires, the work is
 * rolled back and retried after an exponential backoff with full jitter (base 200 ms, factor 2, cap 10 s).
 * Before each retry, the sessions in the way are reported (as the {@link LockWatch} saw them while the work waited,
 * else those holding conflicting table locks), and named again when it gives up.
 */
public final class LockRetry {

    static final Duration BASE = Duration.ofMillis(200);
    static final Duration CAP = Duration.ofSeconds(10);

    /** One attempt; {@code attempt} counts from 1. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run(int attempt) throws SQLException;
    }

    private final int maxAttempts;
    private final Duration lockTimeout;
    private final Timing timing;
    private final Consumer<String> log;
    private final LockWatch watch;

    LockRetry(int maxAttempts, Duration lockTimeout, Timing timing, Consumer<String> log, LockWatch watch) {
        this.maxAttempts = maxAttempts;
        this.lockTimeout = lockTimeout;
        this.timing = timing;
        this.log = log;
        this.watch = watch;
    }

    /**
     * Runs {@code work} until it succeeds, fails otherwise, or has failed on locks {@code maxAttempts} times.
     *
     * @param what  names the work in messages ({@code step expand-1})
     * @param locks the locks it takes, to find the sessions in its way
     */
    public <T> T run(String what, Connection connection, List<LockHold> locks, Attempt<T> work) throws SQLException {
        int pid = Session.backendPid(connection);
        List<Blocker> seenBefore = List.of();
        for (int attempt = 1; ; attempt++) {
            LockWatch.Watching watching = watch.start(pid);
            try {
                return work.run(attempt);
            } catch (SQLException e) {
                List<Blocker> seen = watching.stop();
                if (LostConnection.is(e)) {
                    throw e;
                }
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                }
                if (!isLockFailure(e)) {
                    throw e;
                }
                // Not seen this time (the wait was shorter than a look's period, or the server slow to answer): those
                // holding table locks now, else those seen in the way of an earlier attempt.
                List<Blocker> blockers = !seen.isEmpty() ? seen : blockers(connection, locks);
                blockers = blockers.isEmpty() ? seenBefore : blockers;
                seenBefore = blockers;
                if (attempt >= maxAttempts) {
                    throw new StrataException(what + ": gave up after " + attempt + " attempts, each waiting "
                            + lockTimeout.toMillis() + " ms for " + waitedFor(blockers, locks) + blockerLines(blockers)
                            + "\nnothing of " + what + " was applied; rerun strata apply once those sessions are done"
                            + " (or raise --lock-timeout / --max-attempts)");
                }
                Duration wait = backoff(attempt, timing.random());
                log.accept(what + ": lock not available within " + lockTimeout.toMillis() + " ms (attempt " + attempt
                        + " of " + maxAttempts + ", waiting for " + waitedFor(blockers, locks) + "), retrying in "
                        + wait.toMillis() + " ms" + blockerLines(blockers));
                timing.pause(wait);
            } finally {
                watching.stop();
            }
        }
    }

    /** Full jitter: uniform in [0, min(cap, base * 2^(attempt - 1))]. */
    public static Duration backoff(int attempt, RandomGenerator random) {
        long ceiling = BASE.toMillis() << Math.min(attempt - 1, 20);
        ceiling = Math.min(ceiling, CAP.toMillis());
        return Duration.ofMillis(random.nextLong(ceiling + 1));
    }

    /** lock_timeout fired (55P03), or a statement timeout cancelled a statement that was waiting for a lock. */
    public static boolean isLockFailure(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = e.getMessage() == null ? "" : e.getMessage();
        return state.equals("55P03") || (state.equals("57014") && message.contains("lock timeout"));
    }

    /** Sessions other than this one holding a granted lock, on one of {@code locks}' relations, that conflicts with it. */
    public static List<Blocker> blockers(Connection connection, List<LockHold> locks) throws SQLException {
        List<Blocker> found = new ArrayList<>();
        List<Integer> seen = new ArrayList<>();
        for (LockHold lock : locks) {
            // A type is locked as an object of class pg_type (ALTER TYPE … ADD VALUE), a relation as itself.
            String held = switch (lock.target()) {
                case LockTarget.Relation r -> "l.locktype = 'relation' AND l.relation = to_regclass(?)";
                case LockTarget.Type t -> "l.locktype = 'object' AND l.classid = 'pg_type'::regclass"
                        + " AND l.objid = to_regtype(?)::oid";
            };
            try (PreparedStatement ps = connection.prepareStatement("""
                    SELECT l.pid, l.mode, coalesce(a.state, ''),
                           coalesce(extract(epoch FROM now() - a.xact_start)::bigint, -1),
                           coalesce(a.application_name, ''), left(coalesce(a.query, ''), 80)
                    FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                    WHERE l.granted AND l.pid <> pg_backend_pid() AND %s
                    ORDER BY a.xact_start NULLS LAST, l.pid
                    """.formatted(held))) {
                ps.setString(1, Identifiers.qualified(lock.target().name()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int pid = rs.getInt(1);
                        String mode = rs.getString(2);
                        if (lock.mode().conflictsWith(mode(mode)) && !seen.contains(pid)) {
                            seen.add(pid);
                            String holds = switch (lock.target()) {
                                case LockTarget.Relation r -> "holds " + mode;
                                case LockTarget.Type t -> "holds " + mode + " on " + lock.describeTarget();
                            };
                            found.add(new Blocker(pid, Blocker.Kind.TABLE_LOCK, holds,
                                    lock.describeTarget(), rs.getString(3), rs.getLong(4), rs.getString(5),
                                    rs.getString(6).replace('\n', ' ')));
                        }
                    }
                }
            }
        }
        return found;
    }

    /** {@code AccessShareLock} → ACCESS_SHARE. */
    static LockMode mode(String pgLocksMode) {
        String words = pgLocksMode.replaceFirst("Lock$", "").replaceAll("([a-z])([A-Z])", "$1_$2");
        return LockMode.valueOf(words.toUpperCase(Locale.ROOT));
    }

    private static String wanted(List<LockHold> locks) {
        return locks.stream().map(l -> l.mode().sql() + " on " + l.describeTarget())
                .collect(Collectors.joining(", "));
    }

    /** What the wait was for: the lock declared for the step, unless the sessions seen in the way tell otherwise. */
    private static String waitedFor(List<Blocker> blockers, List<LockHold> locks) {
        Blocker.Kind kind = blockers.isEmpty() ? Blocker.Kind.TABLE_LOCK : blockers.getFirst().kind();
        return switch (kind) {
            case TABLE_LOCK, OTHER -> wanted(locks);
            case ROW_LOCK -> "a row of " + (blockers.getFirst().relation().isEmpty()
                    ? locks.stream().map(LockHold::target).filter(t -> t instanceof LockTarget.Relation)
                            .map(t -> t.name().toString()).distinct().collect(Collectors.joining(" or "))
                    : blockers.getFirst().relation()) + " that another transaction holds";
            case TRANSACTION -> "older transactions to end (a CONCURRENTLY build or drop waits out every transaction"
                    + " that began before it)";
        };
    }

    private static String blockerLines(List<Blocker> blockers) {
        if (blockers.isEmpty()) {
            return "\n  (the session in the way was not seen: it holds no conflicting table lock now, so it was a"
                    + " row lock, an older transaction, or a session that has ended since)";
        }
        return blockers.stream().map(b -> "\n  " + b.describe()).collect(Collectors.joining());
    }
}
