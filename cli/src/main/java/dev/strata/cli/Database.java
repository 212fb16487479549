package dev.strata.cli;

import dev.strata.connect.ConnectionSettings;
import dev.strata.connect.Connections;
import dev.strata.diagnostics.StrataException;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/**
 * How every command reaches the database named by {@code --url} and the PG* variables, and how a
 * failure there becomes the one line a user sees: what Strata was doing, the redacted address, the
 * driver's first line and a hint where one helps. Nothing leaves here with the password in it.
 */
final class Database {

    private Database() {}

    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    static ConnectionSettings settings(String url, Map<String, String> environment) {
        return ConnectionSettings.resolve(Optional.ofNullable(url), environment, System.getProperty("user.name"));
    }

    /** Runs {@code work} on a fresh connection; {@code doing} completes "cannot …", e.g. "read the catalog of". */
    static <T> T run(ConnectionSettings settings, String doing, Work<T> work) {
        try (Connection connection = Connections.open(settings)) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StrataException(settings.scrub("cannot " + doing + " " + settings.redacted() + ": "
                    + e.getMessage().lines().findFirst().orElse("") + hint(e, settings)), e);
        } catch (StrataException e) {
            String scrubbed = settings.scrub(e.getMessage());
            if (scrubbed.equals(e.getMessage())) {
                throw e;
            }
            throw new StrataException(scrubbed, e);
        }
    }

    private static String hint(SQLException e, ConnectionSettings settings) {
        return "42501".equals(e.getSQLState())
                ? " — role " + settings.user() + " needs USAGE on each schema it reads" : "";
    }
}
