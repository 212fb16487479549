package dev.strata.rehearse;

import dev.strata.connect.ApplicationName;
import dev.strata.connect.ConnectionSettings;
import dev.strata.connect.Connections;
import dev.strata.sql.Literals;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The rehearsal's own sessions on the scratch database, marked in pg_stat_activity by what they are for. */
final class Sessions {

    private Sessions() {}

    /**
     * An autocommit session marked {@code marker} ({@code strata rehearse workload}, ...).
     *
     * @throws dev.strata.diagnostics.StrataException when it cannot connect (one line, never the password)
     */
    static Connection open(ConnectionSettings settings, String marker) {
        Connection connection = Connections.open(settings);
        try {
            connection.setAutoCommit(true);
            try (Statement st = connection.createStatement()) {
                st.execute("SET application_name = "
                        + Literals.quote(ApplicationName.marked(settings.applicationName(), marker)));
            }
            return connection;
        } catch (SQLException e) {
            closeQuietly(connection);
            throw Connections.failure(e, settings);
        }
    }

    static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Closing a rehearsal session that failed changes nothing for the measurements taken.
            }
        }
    }

    /** The first line of a driver message, the password scrubbed. */
    static String firstLine(SQLException e, ConnectionSettings settings) {
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return settings.scrub(text.lines().findFirst().orElse(text).strip());
    }
}
