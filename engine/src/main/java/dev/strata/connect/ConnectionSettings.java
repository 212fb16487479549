package dev.strata.connect;

import dev.strata.diagnostics.StrataException;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where and as whom to connect: from {@code --url} (libpq or JDBC form), with missing pieces taken
 * from PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, PGSSLMODE and PGAPPNAME the way libpq does, then from
 * libpq's defaults. The password only ever leaves through {@link #properties()}; every textual
 * form of the settings leaves it out.
 */
public final class ConnectionSettings {

    public static final int DEFAULT_PORT = 5432;

    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final Optional<String> password;
    private final Optional<String> applicationName;
    private final SortedMap<String, String> parameters;

    private ConnectionSettings(String host, int port, String database, String user, Optional<String> password,
            Optional<String> applicationName, SortedMap<String, String> parameters) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
        this.applicationName = applicationName;
        this.parameters = Collections.unmodifiableSortedMap(new TreeMap<>(parameters));
    }

    /**
     * Resolves the settings from an optional URL and the given environment.
     *
     * @param url         {@code --url} as given, if any
     * @param environment the process environment (injected so tests need not change the real one)
     * @param osUser      the operating-system user name, libpq's default user
     * @throws StrataException with a one-line message naming the accepted URL forms
     */
    public static ConnectionSettings resolve(Optional<String> url, Map<String, String> environment, String osUser) {
        UrlParts parts = url.map(u -> {
            if (u.isBlank()) {
                throw UrlParser.invalid("the URL is empty");
            }
            return UrlParser.parse(u.strip());
        }).orElseGet(UrlParts::none);

        String host = parts.host().or(() -> env(environment, "PGHOST")).orElse("localhost");
        if (host.startsWith("/")) {
            throw new StrataException("the host is a Unix socket directory; Strata connects over TCP"
                    + " — give a host name such as localhost in --url or PGHOST");
        }
        int port = parts.port().isPresent() ? parts.port().getAsInt()
                : env(environment, "PGPORT").map(ConnectionSettings::environmentPort).orElse(DEFAULT_PORT);
        String user = parts.user().or(() -> env(environment, "PGUSER")).orElse(osUser);
        String database = parts.database().or(() -> env(environment, "PGDATABASE")).orElse(user);
        Optional<String> password = parts.password().or(() -> env(environment, "PGPASSWORD"));

        SortedMap<String, String> parameters = new TreeMap<>(parts.parameters());
        if (!parameters.containsKey("sslmode")) {
            env(environment, "PGSSLMODE").ifPresent(mode -> parameters.put("sslmode", SslModes.require(mode, "PGSSLMODE")));
        }
        // Kept apart from the other parameters: Strata appends its marker, and a name left in the URL would win.
        Optional<String> applicationName = Optional.empty();
        for (String key : java.util.List.copyOf(parameters.keySet())) {
            if (key.equalsIgnoreCase("ApplicationName")) {
                applicationName = Optional.of(parameters.remove(key)).filter(name -> !name.isBlank());
            }
        }
        if (applicationName.isEmpty()) {
            applicationName = env(environment, "PGAPPNAME");
        }
        return new ConnectionSettings(host, port, database, user, password, applicationName, parameters);
    }

    private static Optional<String> env(Map<String, String> environment, String name) {
        String value = environment.get(name);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private static int environmentPort(String text) {
        if (!text.matches("[0-9]{1,5}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65535) {
            throw new StrataException("PGPORT must be a port number from 1 to 65535, not '" + text + "'");
        }
        return Integer.parseInt(text);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String database() {
        return database;
    }

    /** The same server, role and parameters, connected to another database (the scratch check's own). */
    public ConnectionSettings withDatabase(String otherDatabase) {
        return new ConnectionSettings(host, port, otherDatabase, user, password, applicationName, parameters);
    }

    public String user() {
        return user;
    }

    public boolean hasPassword() {
        return password.isPresent();
    }

    /** The application_name the user gave (URL or PGAPPNAME), without Strata's marker. */
    public Optional<String> applicationName() {
        return applicationName;
    }

    /** Connection parameters other than user and password, by pgjdbc property name (sslmode, ...). */
    public SortedMap<String, String> parameters() {
        return parameters;
    }

    /** {@code host:port}, with an IPv6 host in brackets. */
    public String address() {
        return hostForUrl() + ":" + port;
    }

    /** A JDBC URL with host, port, database and parameters, never user or password. */
    public String jdbcUrl() {
        StringBuilder url = new StringBuilder("jdbc:postgresql://").append(address()).append('/').append(encode(database));
        String separator = "?";
        for (var parameter : parameters.entrySet()) {
            if (!isSecret(parameter.getKey())) {
                url.append(separator).append(encode(parameter.getKey())).append('=').append(encode(parameter.getValue()));
                separator = "&";
            }
        }
        return url.toString();
    }

    /** The user, password (if any) and secret-bearing parameters (such as sslpassword) for the driver. */
    public Properties properties() {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        password.ifPresent(p -> properties.setProperty("password", p));
        parameters.forEach((name, value) -> {
            if (isSecret(name)) {
                properties.setProperty(name, value);
            }
        });
        return properties;
    }

    /** {@code postgres://user@host:port/database}: what to show a user; never the password. */
    public String redacted() {
        return "postgres://" + user + "@" + address() + "/" + database;
    }

    @Override
    public String toString() {
        return redacted();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectionSettings other && host.equals(other.host) && port == other.port
                && database.equals(other.database) && user.equals(other.user) && password.equals(other.password)
                && applicationName.equals(other.applicationName) && parameters.equals(other.parameters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, database, user, parameters);
    }

    /** Replaces the password wherever it occurs in a text from elsewhere (a driver message, say). */
    public String scrub(String text) {
        return password.filter(p -> !p.isEmpty()).map(p -> text.replace(p, "***")).orElse(text);
    }

    private String hostForUrl() {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static boolean isSecret(String parameterName) {
        return parameterName.toLowerCase(java.util.Locale.ROOT).contains("password");
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters, so pgjdbc's decoder restores it exactly. */
    private static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 128 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
