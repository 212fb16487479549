package dev.strata.connect;

import dev.strata.diagnostics.StrataException;
import org.postgresql.util.PSQLException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

/** Opens connections and turns the driver's failures into one line that says what to do. */
public final class Connections {

    /** Seconds to wait for the server to accept and authenticate before giving up. */
    public static final int CONNECT_TIMEOUT_SECONDS = 10;

    private Connections() {}

    public static Connection open(ConnectionSettings settings) {
        settings.parameters().forEach((key, value) -> {
            if (key.equalsIgnoreCase("preferQueryMode") && !value.equalsIgnoreCase("extended")) {
                throw new StrataException("preferQueryMode=" + value + " in the URL is not supported: Strata sends one"
                        + " statement per protocol message (the extended protocol) — remove it from --url");
            }
        });
        Properties properties = settings.properties();
        settings.parameters().forEach(properties::putIfAbsent);
        properties.putIfAbsent("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        properties.putIfAbsent("loginTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        properties.setProperty("ApplicationName", ApplicationName.marked(settings.applicationName(), ApplicationName.MARKER));
        // One statement per protocol message, whatever the URL asks: text can never append a second one.
        properties.put("preferQueryMode", "extended");
        try {
            // The driver directly, not DriverManager: no dependence on service registration in a shaded jar.
            Connection connection = new org.postgresql.Driver().connect(settings.jdbcUrl(), properties);
            if (connection == null) {
                throw new StrataException("the PostgreSQL driver does not accept the URL for " + settings.redacted());
            }
            return connection;
        } catch (SQLException e) {
            throw failure(e, settings);
        }
    }

    /** The one-line explanation of a failure to connect; never contains the password. */
    public static StrataException failure(SQLException e, ConnectionSettings settings) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String target = "cannot connect to " + settings.redacted() + ": ";
        String message = switch (state) {
            case "28P01", "28000" -> target + serverMessage(e) + " — check the user name and password"
                    + " (--url, or PGUSER and PGPASSWORD)";
            case "3D000" -> target + "database " + settings.database() + " does not exist"
                    + " — check the database name in --url or PGDATABASE";
            case "42501" -> target + serverMessage(e) + " — role " + settings.user()
                    + " needs the CONNECT privilege on database " + settings.database();
            case "53300" -> target + "the server has no free connection slots — retry later or raise max_connections";
            case "57P03" -> target + "the server is starting up or shutting down — retry in a moment";
            case "08004" -> !settings.hasPassword()
                    ? target + "the server asks for a password and none was given — add it to --url or set PGPASSWORD"
                    : target + driverMessage(e);
            default -> networkFailure(e, settings).orElseGet(() -> target + driverMessage(e));
        };
        return new StrataException(settings.scrub(message), e);
    }

    private static Optional<String> networkFailure(SQLException e, ConnectionSettings settings) {
        String target = "cannot connect to " + settings.address() + ": ";
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return Optional.of(target + "connection refused — is PostgreSQL running there?"
                        + " check --url or PGHOST/PGPORT");
            }
            if (cause instanceof UnknownHostException) {
                return Optional.of(target + "unknown host " + settings.host()
                        + " — check the host name in --url or PGHOST");
            }
            if (cause instanceof SocketTimeoutException || cause instanceof NoRouteToHostException) {
                return Optional.of(target + "no answer within " + CONNECT_TIMEOUT_SECONDS + " s"
                        + " — check the host and port in --url or PGHOST/PGPORT, and any firewall in between");
            }
        }
        return Optional.empty();
    }

    /** The server's primary message without the severity ("FATAL:") prefix. */
    private static String serverMessage(SQLException e) {
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null
                && p.getServerErrorMessage().getMessage() != null) {
            return p.getServerErrorMessage().getMessage();
        }
        return driverMessage(e);
    }

    private static String driverMessage(SQLException e) {
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return text.lines().findFirst().orElse(text).strip();
    }
}
