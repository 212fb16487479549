package dev.strata;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's packages import only what ARCHITECTURE.md's "What each package may import" allows: the pure core
 * below the edges, and no loop between packages. Read from the sources, so a new import shows up here first.
 */
class PackageImportsTest {

    /** The same table as ARCHITECTURE.md; {@code plan.recipe} counts as {@code plan}. */
    static final Map<String, Set<String>> MAY_IMPORT = Map.ofEntries(
            entry("diagnostics", Set.of()),
            entry("model", Set.of()),
            entry("naming", Set.of()),
            entry("sql", Set.of("model")),
            entry("expr", Set.of("sql", "model")),
            entry("ddl", Set.of("model", "sql")),
            entry("diff", Set.of("model", "sql", "expr", "naming")),
            entry("plan", Set.of("model", "sql", "expr", "ddl", "diff", "diagnostics", "naming")),
            entry("connect", Set.of("diagnostics")),
            entry("yaml", Set.of("model", "sql", "expr", "naming", "diagnostics", "ddl", "plan")),
            entry("catalog", Set.of("model", "sql", "expr", "naming", "ddl", "diagnostics", "plan")),
            entry("scratch", Set.of("model", "sql", "expr", "ddl", "yaml", "connect", "diagnostics")),
            entry("render", Set.of("model", "sql", "ddl", "plan", "diagnostics")),
            entry("execute", Set.of("model", "sql", "expr", "ddl", "diff", "plan", "diagnostics", "naming", "yaml",
                    "catalog", "connect", "render")),
            entry("rehearse", Set.of("model", "sql", "expr", "ddl", "plan", "diagnostics", "yaml", "catalog",
                    "connect", "scratch", "execute", "render")));

    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.strata\\.([a-z]+)\\.");

    private static Path sources() {
        Path here = Path.of("").toAbsolutePath();
        Path engine = Files.isDirectory(here.resolve("src/main/java")) ? here : here.resolve("engine");
        return engine.resolve("src/main/java/dev/strata");
    }

    @Test
    void everyPackageImportsOnlyWhatTheArchitectureAllows() throws IOException {
        List<String> violations = new ArrayList<>();
        Set<String> packages = new TreeSet<>();
        try (Stream<Path> files = Files.walk(sources())) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = sources().relativize(file).getName(0).toString();
                packages.add(pkg);
                Set<String> allowed = MAY_IMPORT.getOrDefault(pkg, Set.of());
                for (String line : Files.readAllLines(file)) {
                    String code = line.strip();
                    if (code.startsWith("*") || code.startsWith("/*") || code.startsWith("//") || code.startsWith("package ")) {
                        continue;
                    }
                    Matcher m = REFERENCE.matcher(code);
                    while (m.find()) {
                        String used = m.group(1);
                        if (!used.equals(pkg) && !allowed.contains(used)) {
                            violations.add(sources().relativize(file) + " uses " + used + ": " + code);
                        }
                    }
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        assertEquals(new TreeSet<>(MAY_IMPORT.keySet()), packages, "every package has a row in the table");
        assertEquals(List.of(), violations);
    }

    @Test
    void theAllowedImportsHaveNoLoop() {
        for (String start : MAY_IMPORT.keySet()) {
            assertTrue(!reaches(start, start, new TreeSet<>()), () -> start + " reaches itself");
        }
    }

    private static boolean reaches(String from, String target, Set<String> seen) {
        for (String next : MAY_IMPORT.get(from)) {
            if (next.equals(target) || (seen.add(next) && reaches(next, target, seen))) {
                return true;
            }
        }
        return false;
    }
}
