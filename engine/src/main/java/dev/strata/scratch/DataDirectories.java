package dev.strata.scratch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Data directories for embedded scratch servers. initdb takes most of a start (seconds; a copy of its result, about
 * 40 MB, takes a fraction of one), so the first start of a major initialises a template in the user's cache
 * ({@code $XDG_CACHE_HOME/strata}, else {@code ~/.cache/strata}) and every start works on a copy of it.
 */
final class DataDirectories {

    interface Initdb {
        void into(Path directory) throws IOException;
    }

    private DataDirectories() {}

    /** A new data directory holding a cluster of the binaries in {@code jar}; the caller deletes it. */
    static Path fresh(Path jar, int major, Initdb initdb) throws IOException {
        Path copy = Files.createTempDirectory("strata-scratch-pg" + major + "-");
        Path template = cache().resolve("pg" + major + "-" + Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis());
        try {
            if (!Files.isRegularFile(template.resolve("PG_VERSION"))) {
                create(template, initdb);
            }
            copy(template, copy);
        } catch (IOException | RuntimeException e) {
            // No usable cache (read-only home, a concurrent start's half-made template): initdb here instead.
            delete(copy);
            Files.createDirectories(copy);
            initdb.into(copy);
        }
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwx------"));
        return copy;
    }

    /** Made beside its final name and moved there whole, so a concurrent start sees all of it or nothing. */
    private static void create(Path template, Initdb initdb) throws IOException {
        Files.createDirectories(template.getParent());
        Path making = Files.createTempDirectory(template.getParent(), template.getFileName() + ".making-");
        try {
            initdb.into(making);
            Files.move(making, template, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
            // Another start made it first.
        } finally {
            delete(making);
        }
    }

    private static Path cache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("strata");
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(source -> {
                Path target = to.resolve(from.relativize(source).toString());
                try {
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else if (!source.getFileName().toString().equals("postmaster.pid")) {
                        Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    static void delete(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A leftover in the temporary directory is harmless.
        }
    }
}
