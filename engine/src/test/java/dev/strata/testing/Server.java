package dev.strata.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.net.URI;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** A server the tests create databases on: embedded (per major) or external. */
record Server(String host, int port, String user, String password, String adminDatabase, int major) {

    static Server embedded(EmbeddedPostgres pg, int major) {
        return new Server("localhost", pg.getPort(), "postgres", "", "postgres", major);
    }

    static Server external(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalStateException(TestPostgres.EXTERNAL_URL_ENV + " must be a jdbc:postgresql:// URL");
        }
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        Map<String, String> params = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(pair.substring(0, eq),
                            java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        }
        String db = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
        String user = params.getOrDefault("user", System.getProperty("user.name"));
        String password = params.getOrDefault("password", "");
        Server probe = new Server(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), user, password, db, 0);
        try (var c = DriverManager.getConnection(probe.adminUrl(), user, password)) {
            int major = c.getMetaData().getDatabaseMajorVersion();
            return new Server(probe.host, probe.port, user, password, db, major);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the server named by " + TestPostgres.EXTERNAL_URL_ENV
                    + ": " + e.getMessage(), e);
        }
    }

    String adminUrl() {
        return urlFor(adminDatabase);
    }

    String urlFor(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }
}
