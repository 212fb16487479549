package dev.strata.execute;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** Session and transaction settings the runners apply before their statements. */
final class Session {

    static final String APPLICATION_NAME = "strata apply";

    private Session() {}

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
