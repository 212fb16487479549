package dev.strata.cli;

import dev.strata.connect.ConnectionSettings;
import dev.strata.diagnostics.Diagnostic;
import dev.strata.diagnostics.InvalidInputException;
import dev.strata.diagnostics.StrataException;
import dev.strata.scratch.Scratch;
import dev.strata.scratch.ScratchDatabase;
import dev.strata.scratch.ServerCheck;
import dev.strata.yaml.LoadedSchema;
import dev.strata.yaml.ProjectConfig;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The options of validate and plan --from that build the declared schema on a scratch PostgreSQL
 * (dev.strata.scratch): every error the server reports, at the line that declared it.
 */
final class ServerCheckOptions {

    @Option(names = "--offline", description = "skip building the declared schema (with plan: the desired one, --from only) on a scratch PostgreSQL;"
            + " only the checks of the YAML itself run")
    boolean offline;

    @Option(names = "--scratch-url", paramLabel = "URL",
            description = "build the schema in a fresh database on this server instead (created there and dropped afterwards;"
                    + " the role needs CREATEDB; the server's major must be the target's); default: " + Scratch.URL_ENV
                    + ", else an embedded PostgreSQL of the target major")
    String url;

    /** The target major and whether the user named it, from --pg-version, pg_version in strata.yaml, else 14. */
    record Target(int major, boolean given) {

        static Target of(Integer option, ProjectConfig.Settings config, CommandLine commandLine) {
            int major = option != null ? option : config.pgVersion().orElse(ProjectConfig.OLDEST_MAJOR);
            if (major < ProjectConfig.OLDEST_MAJOR || major > ProjectConfig.NEWEST_MAJOR) {
                throw new CommandLine.ParameterException(commandLine, "--pg-version " + major
                        + " is not supported; Strata plans for PostgreSQL " + ProjectConfig.OLDEST_MAJOR + " to " + ProjectConfig.NEWEST_MAJOR);
            }
            return new Target(major, option != null || config.pgVersion().isPresent());
        }

        /** The warning when the user named no major; {@code consequence} says what the fallback means for the command. */
        Optional<String> unnamed(String consequence) {
            return given ? Optional.empty() : Optional.of("No PostgreSQL version given (--pg-version, or pg_version in "
                    + ProjectConfig.FILE + "): " + consequence);
        }
    }

    /** Builds {@code schema} (read from {@code dir}) on a scratch server of {@code major}; every error at once. */
    void check(LoadedSchema schema, Path dir, int major, Map<String, String> environment, Scratch.Source embedded) {
        try (Pending pending = begin(major, environment, embedded)) {
            pending.check(schema, dir);
        }
    }

    /**
     * Starts getting the scratch database in the background, so that a server start (seconds) overlaps reading the
     * YAML; {@link Pending#check} then builds the schema there. Closing it removes the database, used or not.
     */
    Pending begin(int major, Map<String, String> environment, Scratch.Source embedded) {
        if (offline) {
            return new Pending(major, Optional.empty());
        }
        Optional<String> server = Optional.ofNullable(url)
                .or(() -> Optional.ofNullable(environment.get(Scratch.URL_ENV)).filter(u -> !u.isBlank()));
        return new Pending(major, Optional.of(CompletableFuture.supplyAsync(() -> server
                .map(u -> Scratch.on(ConnectionSettings.resolve(Optional.of(u), environment, System.getProperty("user.name")), major))
                .orElseGet(() -> embedded.open(major)))));
    }

    /** A scratch database on its way (none with --offline). */
    static final class Pending implements AutoCloseable {

        private final int major;
        private final Optional<CompletableFuture<ScratchDatabase>> database;

        private Pending(int major, Optional<CompletableFuture<ScratchDatabase>> database) {
            this.major = major;
            this.database = database;
        }

        void check(LoadedSchema schema, Path dir) {
            if (database.isEmpty()) {
                return;
            }
            List<Diagnostic> problems;
            try {
                problems = ServerCheck.check(database.get().join(), schema, dir.toString());
            } catch (CompletionException e) {
                throw unavailable(e.getCause() instanceof StrataException s ? s : new StrataException(String.valueOf(e.getCause()), e));
            } catch (StrataException e) {
                throw unavailable(e);
            }
            if (!problems.isEmpty()) {
                throw new InvalidInputException(problems);
            }
        }

        private StrataException unavailable(StrataException e) {
            return new StrataException("cannot check the schema on a scratch PostgreSQL " + major + ": " + e.getMessage()
                    + " — name a PostgreSQL " + major + " server with --scratch-url (or " + Scratch.URL_ENV
                    + "), choose the major with --pg-version, or skip this check with --offline", e);
        }

        @Override
        public void close() {
            database.ifPresent(future -> {
                ScratchDatabase db;
                try {
                    db = future.join();
                } catch (CompletionException e) {
                    return; // never there: nothing to remove (check reported why, if it ran)
                }
                try {
                    db.close();
                } catch (StrataException e) {
                    throw unavailable(e);
                }
            });
        }
    }
}
