package dev.strata.execute;

import dev.strata.connect.ApplicationName;
import dev.strata.sql.Literals;
import org.postgresql.PGConnection;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** Session and transaction settings the runners apply before their statements. */
final class Session {

    /** The marker apply's session shows in pg_stat_activity, after the name the user gave, if any. */
    static final String APPLICATION_NAME = "strata apply";

    private Session() {}

    /** The server process of the session, for a watching session to ask about; 0 when it cannot be known. */
    static int backendPid(Connection c) throws SQLException {
        // A connection that is not pgjdbc's underneath cannot say its backend, so it is not watched.
        return c.isWrapperFor(PGConnection.class) ? c.unwrap(PGConnection.class).getBackendPID() : 0;
    }

    /** Marks the session with {@code marker}, keeping the name the user gave it (see {@link ApplicationName}). */
    static void applicationName(Connection c, String marker) throws SQLException {
        String current;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW application_name")) {
            rs.next();
            current = rs.getString(1);
        }
        try (Statement st = c.createStatement()) {
            st.execute("SET application_name = " + Literals.quote(ApplicationName.marked(ApplicationName.given(current), marker)));
        }
    }

    /**
     * User text (defaults, checks, view queries) holds plain string literals that mean what they say only
     * with {@code standard_conforming_strings = on}; a server or role configured otherwise would read a
     * backslash in them as an escape and could end the string early. Every session that sends such
     * text sets it first.
     */
    static void standardStrings(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET standard_conforming_strings = on");
        }
    }

    /** {@code SET LOCAL} inside a transaction, plain {@code SET} in autocommit (then it lasts until reset). */
    static void timeouts(Connection c, Duration lockTimeout, Duration statementTimeout) throws SQLException {
        String scope = c.getAutoCommit() ? "SET " : "SET LOCAL ";
        try (Statement st = c.createStatement()) {
            st.execute(scope + "lock_timeout = '" + lockTimeout.toMillis() + "ms'");
            st.execute(scope + "statement_timeout = '" + statementTimeout.toMillis() + "ms'");
        }
    }

    static void resetTimeouts(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("RESET lock_timeout");
            st.execute("RESET statement_timeout");
        }
    }

    /** Back to autocommit after a step; a lost connection is left to the failure that reports it. */
    static void autoCommitQuietly(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException ignored) {
            // Only fails on a broken connection, which the step's own failure or the next statement reports.
        }
    }

    static void rollbackQuietly(Connection c) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException ignored) {
            // The original failure is the one worth reporting; a broken connection fails the next statement anyway.
        }
    }
}
