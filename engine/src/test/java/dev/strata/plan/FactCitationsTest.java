package dev.strata.plan;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The facts a plan prints cite what a user can open: entries of docs/locks.md, by anchor. Scans the
 * sources the facts come from (Maven runs engine tests from engine/, so the project root is "..").
 */
class FactCitationsTest {

    private static final Path ROOT = Path.of("..");
    private static final Path LOCKS = ROOT.resolve("docs/locks.md");
    private static final List<Path> SOURCES = List.of(ROOT.resolve("engine/src/main"), ROOT.resolve("cli/src/main"),
            ROOT.resolve("templates"));

    /** A cited anchor: {@code docs/locks.md#row-46}, or {@code #row-49} further on in the same citation. */
    private static final Pattern CITED = Pattern.compile("#((?:row|note)-\\d+)\\b");
    private static final Pattern ANCHOR = Pattern.compile("<a id=\"([a-z]+(?:-[a-z0-9]+)+)\"></a>");
    /** Wording that points at a file users do not have. */
    private static final Pattern UNREACHABLE = Pattern.compile("reference rows?\\b|\\.\\./shared|postgres-locks");

    @Test
    void everyCitedRowIsAnEntryOfDocsLocks() throws IOException {
        Set<String> anchors = anchors(Files.readString(LOCKS));
        List<String> missing = new ArrayList<>();
        int citations = 0;
        for (Path file : sourceFiles()) {
            String text = read(file);
            citations += cited(text).size();
            missing(text, anchors).forEach(a -> missing.add(ROOT.relativize(file) + ": #" + a));
        }
        assertTrue(citations > 100, "expected the recipes' citations, found " + citations);
        assertEquals(List.of(), missing, "citations of entries docs/locks.md does not have");
    }

    /** A cited section of another page: {@code docs/type-changes.md#prepared-statements}. */
    private static final Pattern CITED_SECTION = Pattern.compile("docs/([a-z-]+\\.md)#([a-z]+(?:-[a-z]+)+)\\b");

    @Test
    void everyCitedSectionOfAnotherPageIsAnAnchorThere() throws IOException {
        List<String> missing = new ArrayList<>();
        int citations = 0;
        for (Path file : sourceFiles()) {
            Matcher m = CITED_SECTION.matcher(read(file));
            while (m.find()) {
                citations++;
                Path page = ROOT.resolve("docs").resolve(m.group(1));
                if (!Files.exists(page) || !anchors(Files.readString(page)).contains(m.group(2))) {
                    missing.add(ROOT.relativize(file) + ": " + m.group());
                }
            }
        }
        assertTrue(citations > 0, "expected citations of docs/type-changes.md#prepared-statements");
        assertEquals(List.of(), missing, "citations of sections the docs do not have");
    }

    @Test
    void noFactCitesTheUnpublishedReference() {
        List<String> found = new ArrayList<>();
        for (Path file : sourceFiles()) {
            String[] lines = read(file).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (UNREACHABLE.matcher(lines[i]).find()) {
                    found.add(ROOT.relativize(file) + ":" + (i + 1) + ": " + lines[i].strip());
                }
            }
        }
        assertEquals(List.of(), found, "citations users cannot open");
    }

    @Test
    void aCitationOfAMissingRowIsFound() {
        Set<String> anchors = anchors("<a id=\"row-1\"></a> <a id=\"row-46\"></a> <a id=\"note-9\"></a>");
        assertEquals(List.of(), missing("ok (docs/locks.md#row-46, #note-9); (docs/locks.md#row-1)", anchors));
        assertEquals(List.of("row-49", "row-4"),
                missing("(docs/locks.md#row-46 and #row-49); (docs/locks.md#row-4)", anchors));
    }

    @Test
    void docsLocksHasEachAnchorOnce() throws IOException {
        Matcher m = ANCHOR.matcher(Files.readString(LOCKS));
        List<String> all = new ArrayList<>();
        while (m.find()) {
            all.add(m.group(1));
        }
        assertFalse(all.isEmpty());
        assertEquals(new TreeSet<>(all).size(), all.size(), "duplicate anchors in docs/locks.md: " + all);
    }

    private static Set<String> anchors(String markdown) {
        Set<String> out = new TreeSet<>();
        Matcher m = ANCHOR.matcher(markdown);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static List<String> cited(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = CITED.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static List<String> missing(String text, Set<String> anchors) {
        return cited(text).stream().filter(a -> !anchors.contains(a)).toList();
    }

    private static List<Path> sourceFiles() {
        List<Path> out = new ArrayList<>();
        for (Path dir : SOURCES) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(Files::isRegularFile).sorted().forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
