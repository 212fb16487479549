package dev.strata.execute;

import dev.strata.diagnostics.StrataException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One apply at a time per database: a session-level advisory lock held by the executor's session for its whole
 * run. PostgreSQL releases it when the session ends, however it ends, so a crashed apply never leaves it taken.
 */
public final class ApplyLock {

    /** The bytes of "strata" as a number: fixed, so every Strata version contends for the same lock. */
    public static final long KEY = 0x737472617461L;

    private ApplyLock() {}

    /**
     * Takes the lock or fails naming the session that holds it.
     *
     * @throws StrataException when another session holds it
     */
    public static void acquire(Connection connection) throws SQLException {
        if (tryLock(connection)) {
            return;
        }
        // The holder may be a restore or a purge as well as an apply: its application_name says which.
        throw new StrataException("another strata command (apply, restore or purge) is running on this database: "
                + holder(connection) + "; wait for it to finish (or end that session) and retry");
    }

    /**
     * Takes the lock for another command that must not run while an apply does ({@code restore}, {@code purge}), or
     * fails naming the session that holds it (its application_name says which command).
     */
    public static void acquireFor(Connection connection, String command) throws SQLException {
        Session.applicationName(connection, "strata " + command);
        if (tryLock(connection)) {
            return;
        }
        throw new StrataException("cannot " + command + " while another strata command (apply, restore or purge) runs on"
                + " this database: " + holder(connection) + "; nothing was done: wait for it to finish and retry");
    }

    public static void release(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            ps.setLong(1, KEY);
            ps.execute();
        }
    }

    /** The holding session, in words; a bigint advisory key shows in pg_locks as classid (high) and objid (low). */
    static String holder(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT a.pid, coalesce(a.application_name, ''), coalesce(host(a.client_addr), 'local'),
                       a.backend_start::text
                FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND l.classid::bigint = ? AND l.objid::bigint = ? AND l.objsubid = 1
                """)) {
            ps.setLong(1, KEY >>> 32);
            ps.setLong(2, KEY & 0xffffffffL);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return "its session ended a moment ago";
                }
                return "pid " + rs.getInt(1) + ", application_name '" + rs.getString(2) + "', client "
                        + rs.getString(3) + ", backend started " + rs.getString(4);
            }
        }
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            ps.setLong(1, KEY);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
