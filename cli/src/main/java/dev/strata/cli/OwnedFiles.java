package dev.strata.cli;

import dev.strata.diagnostics.StrataException;
import dev.strata.yaml.SchemaWriter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Brings a directory in line with the files a pull produced. Strata owns exactly the files whose
 * first line starts with {@link SchemaWriter#OWNERSHIP_MARKER}: it rewrites them and removes the
 * ones no longer produced, and refuses to touch anything else, checking before writing anything.
 */
final class OwnedFiles {

    enum Action { WROTE, UNCHANGED, REMOVED }

    /** What happened to one file, by its path relative to the directory, '/'-separated. */
    record Change(Action action, String path) {
        @Override
        public String toString() {
            return action.name().toLowerCase(java.util.Locale.ROOT) + " " + path;
        }
    }

    private static final byte[] MARKER = SchemaWriter.OWNERSHIP_MARKER.getBytes(StandardCharsets.UTF_8);

    private OwnedFiles() {}

    /** @return the changes in path order */
    static List<Change> sync(Path dir, SortedMap<String, String> files) {
        try {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new StrataException(dir + ": not a directory; --out needs a directory");
            }
            Path root = dir.toAbsolutePath().normalize();
            List<String> foreign = new ArrayList<>();
            SortedMap<String, Action> plan = new TreeMap<>();
            for (var file : files.entrySet()) {
                Path target = resolve(root, file.getKey());
                if (!Files.exists(target)) {
                    plan.put(file.getKey(), Action.WROTE);
                } else if (!Files.isRegularFile(target) || !isOwned(target)) {
                    foreign.add(file.getKey());
                } else {
                    plan.put(file.getKey(), Files.readString(target).equals(file.getValue()) ? Action.UNCHANGED : Action.WROTE);
                }
            }
            if (!foreign.isEmpty()) {
                throw new StrataException("refusing to overwrite files Strata did not write (their first line is not '"
                        + SchemaWriter.OWNERSHIP_MARKER + "'): " + String.join(", ", foreign)
                        + " — move them away or pull into another --out directory");
            }
            for (String owned : ownedFiles(root)) {
                if (!files.containsKey(owned)) {
                    plan.put(owned, Action.REMOVED);
                }
            }
            List<Change> changes = new ArrayList<>();
            for (var step : plan.entrySet()) {
                Path target = resolve(root, step.getKey());
                switch (step.getValue()) {
                    case WROTE -> {
                        Files.createDirectories(target.getParent());
                        Files.writeString(target, files.get(step.getKey()));
                    }
                    case REMOVED -> {
                        Files.delete(target);
                        removeEmptyParents(root, target.getParent());
                    }
                    case UNCHANGED -> { }
                }
                changes.add(new Change(step.getValue(), step.getKey()));
            }
            return changes;
        } catch (IOException e) {
            throw new StrataException("cannot write into " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Path resolve(Path root, String relative) {
        Path target = root.resolve(relative).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            throw new IllegalStateException("the schema writer produced a path outside the directory: " + relative);
        }
        return target;
    }

    private static boolean isOwned(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(MARKER.length), MARKER);
        }
    }

    /** Owned files below root, skipping hidden directories such as .git. */
    private static List<String> ownedFiles(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(p -> !hidden(root, p))
                    .filter(Files::isRegularFile)
                    .filter(p -> {
                        try {
                            return isOwned(p);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .map(p -> root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/"))
                    .sorted()
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static boolean hidden(Path root, Path p) {
        for (Path part : root.relativize(p)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static void removeEmptyParents(Path root, Path dir) throws IOException {
        for (Path d = dir; d != null && !d.equals(root) && d.startsWith(root); d = d.getParent()) {
            try (Stream<Path> entries = Files.list(d)) {
                if (entries.findAny().isPresent()) {
                    return;
                }
            }
            Files.delete(d);
        }
    }
}
