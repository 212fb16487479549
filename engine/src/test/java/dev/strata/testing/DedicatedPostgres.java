package dev.strata.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An embedded server of a test's own, for faults that hit the whole server (a restart), which the servers
 * {@link TestPostgres} shares between tests must never see. Always embedded, even with
 * {@value TestPostgres#EXTERNAL_URL_ENV} set: the test must be able to restart it.
 */
public final class DedicatedPostgres implements AutoCloseable {

    private final EmbeddedPostgres pg;
    private final Server server;
    private final Path dataDirectory;
    private final Path pgCtl;

    private DedicatedPostgres(EmbeddedPostgres pg, Server server, Path dataDirectory, Path pgCtl) {
        this.pg = pg;
        this.server = server;
        this.dataDirectory = dataDirectory;
        this.pgCtl = pgCtl;
    }

    public static DedicatedPostgres start(int major) {
        return start(major, Map.of());
    }

    /** A server with {@code settings} on top of every test server's ({@code archive_mode}, {@code wal_level}, …). */
    public static DedicatedPostgres start(int major, Map<String, String> settings) {
        try {
            Path data = Files.createTempDirectory("strata-own-pg");
            EmbeddedPostgres.Builder builder = TestPostgres.embedded(major).setDataDirectory(data).setCleanDataDirectory(true);
            settings.forEach(builder::setServerConfig);
            EmbeddedPostgres pg = builder.start();
            // The server records the command that started it (pg_ctl restart reuses it): the unpacked postgres
            // binary first, pg_ctl beside it.
            String opts = Files.readString(data.resolve("postmaster.opts"));
            Path postgres = Path.of(opts.substring(0, opts.indexOf(' ')));
            return new DedicatedPostgres(pg, Server.embedded(pg, major), data, postgres.resolveSibling("pg_ctl"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a dedicated PostgreSQL " + major, e);
        }
    }

    public TestDatabase newDatabase() {
        return TestPostgres.newDatabase(server);
    }

    /**
     * {@code pg_ctl restart -m fast}: every session is terminated, the server shuts down and starts again with the
     * same options; returns once it accepts connections.
     */
    public void restartFast() {
        List<String> command = new ArrayList<>();
        // PostgreSQL refuses to run as root; zonky runs it in a user namespace then, and so must pg_ctl (the
        // server it starts again inherits it).
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(pgCtl.toString(), "restart", "-m", "fast", "-w", "-t", "60", "-D", dataDirectory.toString(),
                "-l", dataDirectory.resolve("restart.log").toString()));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("pg_ctl restart failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            pg.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
