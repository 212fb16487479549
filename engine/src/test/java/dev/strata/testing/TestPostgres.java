package dev.strata.testing;

import dev.strata.scratch.Scratch;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real PostgreSQL servers for tests. By default one embedded server per major version is started
 * on first use and shared by the JVM; every test gets a database of its own. With
 * {@value #EXTERNAL_URL_ENV} set to a JDBC URL of a role that may create databases, that server is
 * used for every major instead.
 */
public final class TestPostgres {

    /** A JDBC URL such as {@code jdbc:postgresql://localhost:5432/postgres?user=me&password=secret}. */
    public static final String EXTERNAL_URL_ENV = "STRATA_TEST_PG_URL";

    public static final int OLDEST_MAJOR = 14;
    public static final int NEWEST_MAJOR = 18;

    /**
     * Roles every test server has (created once when the server is first used, kept if they exist): what generated
     * grants and default privileges name. {@code testuser} is the role pgschema's cases name; the last one needs quoting.
     */
    public static final java.util.List<String> ROLES = java.util.List.of("testuser", "strata_reader", "Strata Writer");

    private static final Map<Integer, Server> SERVERS = new ConcurrentHashMap<>();
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private TestPostgres() {}

    /** A fresh, empty database on the newest supported major. */
    public static TestDatabase newDatabase() {
        return newDatabase(NEWEST_MAJOR);
    }

    /** A fresh, empty database on the given major (14 or 18), or on the external server if one is set. */
    public static TestDatabase newDatabase(int major) {
        return newDatabase(SERVERS.computeIfAbsent(external() == null ? major : 0, m -> withRoles(startServer(m))));
    }

    static TestDatabase newDatabase(Server server) {
        String name = "strata_t" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (var admin = DriverManager.getConnection(server.adminUrl(), server.user(), server.password());
                var st = admin.createStatement()) {
            st.execute("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
        }
        return new TestDatabase(server, name);
    }

    /** Creates {@link #ROLES} that do not exist yet (roles belong to the server, not to a test's database). */
    private static Server withRoles(Server server) {
        try (var admin = DriverManager.getConnection(server.adminUrl(), server.user(), server.password());
                var st = admin.createStatement()) {
            for (String role : ROLES) {
                String quoted = dev.strata.sql.Identifiers.quote(role);
                st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = "
                        + dev.strata.sql.Literals.quote(role) + ") THEN CREATE ROLE " + quoted + "; END IF; END $$");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test roles: " + e.getMessage(), e);
        }
        return server;
    }

    private static String external() {
        String url = System.getenv(EXTERNAL_URL_ENV);
        return url == null || url.isBlank() ? null : url;
    }

    private static Server startServer(int major) {
        if (major == 0) {
            return Server.external(external());
        }
        try {
            EmbeddedPostgres pg = embedded(major).start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the server dies with its temp directory
                }
            }));
            return Server.embedded(pg, major);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL " + major, e);
        }
    }

    /** An embedded server of the given major, configured as every test server is; not started. */
    static EmbeddedPostgres.Builder embedded(int major) {
        Path jar = binariesJar(major);
        return EmbeddedPostgres.builder()
                .setPgBinaryResolver((system, hardware) -> Scratch.openArchive(jar))
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .setServerConfig("max_connections", "300")
                .setServerConfig("timezone", "UTC")
                .setLocaleConfig("locale", "C");
    }

    private static Path binariesJar(int major) {
        String dir = System.getProperty("strata.pg.binaries", "target/pg-binaries");
        Path jar = Path.of(dir, "pg" + major + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("PostgreSQL " + major + " binaries not found at " + jar.toAbsolutePath()
                    + "; run the tests through Maven (it copies them), or set " + EXTERNAL_URL_ENV);
        }
        return jar;
    }
}
