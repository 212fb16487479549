package dev.strata.cli;

import dev.strata.diagnostics.StrataException;
import dev.strata.yaml.SchemaWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OwnedFilesTest {

    private static final String MARK = SchemaWriter.OWNERSHIP_MARKER + "\n";

    @TempDir
    Path dir;

    private static SortedMap<String, String> files(String... pathsAndContents) {
        SortedMap<String, String> files = new TreeMap<>();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            files.put(pathsAndContents[i], pathsAndContents[i + 1]);
        }
        return files;
    }

    private static List<String> lines(List<OwnedFiles.Change> changes) {
        return changes.stream().map(OwnedFiles.Change::toString).toList();
    }

    @Test
    void writesNewFilesCreatingDirectories() throws IOException {
        var changes = OwnedFiles.sync(dir.resolve("out"), files("public/users.yaml", MARK + "users\n"));
        assertEquals(List.of("wrote public/users.yaml"), lines(changes));
        assertEquals(MARK + "users\n", Files.readString(dir.resolve("out/public/users.yaml")));
    }

    @Test
    void identicalOwnedFileIsUnchanged() throws IOException {
        Files.createDirectories(dir.resolve("public"));
        Files.writeString(dir.resolve("public/users.yaml"), MARK + "users\n");
        var changes = OwnedFiles.sync(dir, files("public/users.yaml", MARK + "users\n"));
        assertEquals(List.of("unchanged public/users.yaml"), lines(changes));
    }

    @Test
    void differentOwnedFileIsOverwritten() throws IOException {
        Files.writeString(dir.resolve("users.yaml"), MARK + "old\n");
        var changes = OwnedFiles.sync(dir, files("users.yaml", MARK + "new\n"));
        assertEquals(List.of("wrote users.yaml"), lines(changes));
        assertEquals(MARK + "new\n", Files.readString(dir.resolve("users.yaml")));
    }

    @Test
    void refusesToOverwriteFilesWithoutTheMarkerAndWritesNothing() throws IOException {
        Files.writeString(dir.resolve("a.yaml"), "# mine\n");
        Files.writeString(dir.resolve("c.yaml"), "tables: {}\n");
        var e = assertThrows(StrataException.class, () -> OwnedFiles.sync(dir,
                files("a.yaml", MARK + "a\n", "b.yaml", MARK + "b\n", "c.yaml", MARK + "c\n")));
        assertTrue(e.getMessage().contains(": a.yaml, c.yaml"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertEquals("# mine\n", Files.readString(dir.resolve("a.yaml")));
        assertFalse(Files.exists(dir.resolve("b.yaml")));
    }

    @Test
    void removesOwnedFilesNoLongerProducedAndTheirEmptyDirectory() throws IOException {
        Files.createDirectories(dir.resolve("gone"));
        Files.writeString(dir.resolve("gone/orders.yaml"), MARK + "orders\n");
        Files.writeString(dir.resolve("users.yaml"), MARK + "users\n");
        var changes = OwnedFiles.sync(dir, files("users.yaml", MARK + "users\n"));
        assertEquals(List.of("removed gone/orders.yaml", "unchanged users.yaml"), lines(changes));
        assertFalse(Files.exists(dir.resolve("gone")));
    }

    @Test
    void leavesFilesWithoutTheMarkerAlone() throws IOException {
        Files.writeString(dir.resolve("notes.yaml"), "# hand-written\n");
        var changes = OwnedFiles.sync(dir, files("users.yaml", MARK + "users\n"));
        assertEquals(List.of("wrote users.yaml"), lines(changes));
        assertTrue(Files.exists(dir.resolve("notes.yaml")));
    }

    @Test
    void ignoresHiddenDirectories() throws IOException {
        Files.createDirectories(dir.resolve(".git"));
        Files.writeString(dir.resolve(".git/old.yaml"), MARK);
        assertEquals(List.of(), OwnedFiles.sync(dir, files()));
        assertTrue(Files.exists(dir.resolve(".git/old.yaml")));
    }

    @Test
    void outputPathThatIsAFileIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("out"), "x");
        var e = assertThrows(StrataException.class, () -> OwnedFiles.sync(file, files("a.yaml", MARK)));
        assertTrue(e.getMessage().contains("not a directory"), e.getMessage());
    }

    @Test
    void pathsEscapingTheDirectoryAreRejected() {
        assertThrows(IllegalStateException.class, () -> OwnedFiles.sync(dir, files("../evil.yaml", MARK)));
    }
}
