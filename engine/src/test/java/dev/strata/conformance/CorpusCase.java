package dev.strata.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One case of an outside corpus: a directory holding {@code old.sql} and {@code new.sql}, and sometimes a
 * {@code setup.sql} of prerequisites (extensions, roles, shared types) that runs before either.
 *
 * @param name the directory relative to the corpus root, with {@code /} separators ({@code create_table/add_fk})
 */
record CorpusCase(String name, Optional<String> setup, String oldSql, String newSql) {

    /** Every directory under the root that has both scripts, sorted by name so runs are comparable. */
    static List<CorpusCase> discover(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().equals("old.sql"))
                    .map(Path::getParent)
                    .filter(dir -> Files.isRegularFile(dir.resolve("new.sql")))
                    .map(dir -> load(root, dir))
                    .sorted(java.util.Comparator.comparing(CorpusCase::name))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the corpus at " + root, e);
        }
    }

    private static CorpusCase load(Path root, Path dir) {
        String name = root.relativize(dir).toString().replace('\\', '/');
        Path setup = dir.resolve("setup.sql");
        return new CorpusCase(name,
                Files.isRegularFile(setup) ? Optional.of(read(setup)) : Optional.empty(),
                read(dir.resolve("old.sql")), read(dir.resolve("new.sql")));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
