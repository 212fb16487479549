package dev.strata.scratch;

import dev.strata.connect.ConnectionSettings;
import dev.strata.connect.Connections;
import dev.strata.diagnostics.StrataException;
import dev.strata.sql.Identifiers;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.ZipFile;

/**
 * Where throwaway databases come from: an embedded server of the wanted major started for the purpose (the
 * io.zonky binaries, one jar per major in a directory), or a fresh database on a server the user names, created
 * there and dropped afterwards (no other database of that server is touched).
 */
public final class Scratch {

    /** The environment variable naming a server to create scratch databases on, as the CLI's --scratch-url does. */
    public static final String URL_ENV = "STRATA_SCRATCH_URL";

    /**
     * The system property naming the directory of the PostgreSQL binaries ({@code pg14.jar}, {@code pg18.jar});
     * without it, {@code pg-binaries} next to the jar (or classes directory) this class was loaded from.
     */
    public static final String BINARIES_PROPERTY = "strata.pg.binaries";

    /** Gives a throwaway database of a major; the CLI's tests hand in their shared servers. */
    @FunctionalInterface
    public interface Source {
        ScratchDatabase open(int major);
    }

    /** The default: an embedded server of the major. */
    public static final Source EMBEDDED = Scratch::embedded;

    private Scratch() {}

    /** Starts an embedded server of {@code major}; its {@code postgres} database is the scratch database. */
    public static ScratchDatabase embedded(int major) {
        Path dir = binariesDirectory();
        Path jar = dir.resolve("pg" + major + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new StrataException("no embedded PostgreSQL " + major + " binaries (" + jar.toAbsolutePath()
                    + " does not exist; Strata ships 14 to 18)");
        }
        EmbeddedPostgres server;
        Path data = null;
        try {
            data = DataDirectories.fresh(jar, major, directory -> start(jar, directory).close());
            server = start(jar, data);
        } catch (IOException | RuntimeException e) {
            if (data != null) {
                DataDirectories.delete(data);
            }
            throw new StrataException("cannot start the embedded PostgreSQL " + major + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
        }
        Path removed = data;
        ConnectionSettings settings = ConnectionSettings.resolve(
                Optional.of("postgres://postgres@localhost:" + server.getPort() + "/postgres"), java.util.Map.of(), "postgres");
        return new ScratchDatabase(settings, major, "embedded PostgreSQL " + major, () -> {
            try {
                server.close();
            } finally {
                DataDirectories.delete(removed);
            }
        });
    }

    /** A server on {@code data}: initdb'ed there first unless it already holds a cluster. */
    private static EmbeddedPostgres start(Path jar, Path data) throws IOException {
        return EmbeddedPostgres.builder()
                .setPgBinaryResolver((system, hardware) -> openArchive(jar))
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                // Nothing here is worth keeping: durability is switched off to start and build faster.
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                // Fewer processes to start: nothing is vacuumed or replicated in a database that lives for seconds.
                .setServerConfig("autovacuum", "off")
                .setServerConfig("wal_level", "minimal")
                .setServerConfig("max_wal_senders", "0")
                .setServerConfig("timezone", "UTC")
                .setLocaleConfig("locale", "C")
                .start();
    }

    /**
     * A fresh database on the server {@code server} names (its database is only used to create and drop the fresh
     * one), refused unless the server's major is {@code major}: a check on another major answers another question.
     */
    public static ScratchDatabase on(ConnectionSettings server, int major) {
        String name = "strata_scratch_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection admin = Connections.open(server)) {
            int actual = admin.getMetaData().getDatabaseMajorVersion();
            if (actual != major) {
                throw new StrataException("the scratch server " + server.redacted() + " is PostgreSQL " + actual
                        + ", but the schema is checked for PostgreSQL " + major);
            }
            try (var st = admin.createStatement()) {
                // template0: nothing a template1 holds (extensions, tables) may hide or cause an error.
                st.execute("CREATE DATABASE " + Identifiers.quote(name) + " TEMPLATE template0 ENCODING 'UTF8'"
                        + " LC_COLLATE 'C' LC_CTYPE 'C'");
            }
        } catch (SQLException e) {
            throw new StrataException(server.scrub("cannot create a scratch database on " + server.redacted() + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("")), e);
        }
        return new ScratchDatabase(server.withDatabase(name), major, server.redacted(), () -> {
            try (Connection admin = Connections.open(server); var st = admin.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + Identifiers.quote(name) + " WITH (FORCE)");
            }
        });
    }

    private static Path binariesDirectory() {
        String property = System.getProperty(BINARIES_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        try {
            Path home = Path.of(Scratch.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return home.toAbsolutePath().getParent().resolve("pg-binaries");
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("pg-binaries");
        }
    }

    /**
     * The PostgreSQL archive inside an io.zonky binaries jar, for {@code EmbeddedPostgres.Builder.setPgBinaryResolver};
     * closing the stream closes the jar. The tests' servers open theirs here too.
     */
    public static InputStream openArchive(Path jar) throws IOException {
        ZipFile zip = new ZipFile(jar.toFile());
        var entry = zip.stream().filter(e -> e.getName().endsWith(".txz")).findFirst()
                .orElseThrow(() -> new IOException("no .txz archive inside " + jar));
        return new FilterInputStream(zip.getInputStream(entry)) {
            @Override
            public void close() throws IOException {
                super.close();
                zip.close();
            }
        };
    }
}
