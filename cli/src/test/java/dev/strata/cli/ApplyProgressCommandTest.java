package dev.strata.cli;

import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a person sees while apply builds an index CONCURRENTLY: on a terminal (a pseudo-terminal made by util-linux
 * script) each phase of the build and a bar with its rate and ETA; in a pipe, plain lines. A writer's open transaction
 * holds the build in its first wait, so that phase is seen for certain, then the build runs through the rest. What
 * the server reports is StepProgressTest's, on PG 14 and 18; here it is drawn, once on each major (a JVM of its own
 * per run makes each case cost seconds). A bar's rate reads ? until its phase is a second old.
 */
class ApplyProgressCommandTest {

    @TempDir
    Path tmp;

    /** A counted bar: percent, bar, done/total unit, (elapsed / ETA), rate. */
    private static final Pattern BAR = Pattern.compile(
            "expand-1 +\\d+% \\[[= ]*] +\\d+/\\d+ (blocks|tuples|transactions) \\(\\d+:\\d\\d:\\d\\d / (\\d+:\\d\\d:\\d\\d|\\?)\\)"
                    + " (\\d+|\\?) \\1/s");

    private static final String WAITING = "expand-1: waiting for writers before build";

    @ParameterizedTest
    @ValueSource(ints = {14})
    void onATerminalEachIndexBuildPhaseGetsABarWithRateAndEta(int major) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script is not installed");
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            Path desired = itemsWithAnIndex(db);
            String command = strata(db, desired).stream().map(ApplyProgressCommandTest::quoted).collect(Collectors.joining(" "));

            String out = run(db, List.of("script", "-qec", command, "/dev/null"), WAITING);

            List<String> screens = List.of(out.split("[\r\n]+"));
            assertTrue(screens.stream().anyMatch(l -> l.startsWith("expand-1: running: create index items_tag_idx")), out);
            assertTrue(screens.contains(WAITING), out);
            assertTrue(screens.stream().anyMatch(l -> BAR.matcher(l).find()), out);
            assertTrue(screens.stream().anyMatch(l -> l.startsWith("expand-1 done: create index items_tag_idx")), out);
            assertEquals(List.of(List.of("t")), db.query("SELECT indisvalid FROM pg_index WHERE indexrelid = 'public.items_tag_idx'::regclass"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {18})
    void withoutATerminalTheBuildGivesPlainLinesPerPhase(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            Path desired = itemsWithAnIndex(db);

            String out = run(db, strata(db, desired), WAITING);

            assertFalse(out.contains("\r") || out.contains("["), out);
            List<String> lines = out.lines().toList();
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("expand-1: running: create index items_tag_idx")), out);
            assertTrue(lines.stream().anyMatch(l -> l.matches(Pattern.quote(WAITING) + ", 0 of 1 transactions \\(0%\\), \\d+ s so far")), out);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("expand-1 done: create index items_tag_idx")), out);
        }
    }

    /** A table of 60,000 rows (about 800 blocks) and a desired schema that indexes it. */
    private Path itemsWithAnIndex(TestDatabase db) throws IOException {
        db.execute("CREATE TABLE public.items (id bigint PRIMARY KEY, tag text)",
                "INSERT INTO public.items SELECT g, md5(g::text) || md5((g * 7)::text) FROM generate_series(1, 60000) g",
                "ANALYZE public.items");
        Path desired = Files.createDirectories(tmp.resolve("desired"));
        Files.writeString(desired.resolve("items.yaml"), """
                tables:
                  items:
                    columns:
                      id: { type: bigint, nullable: false }
                      tag: text
                    primary_key: [id]
                    indexes:
                      - [tag]
                """);
        return desired;
    }

    /** strata apply in a JVM of its own; the lock timeout outlasts the writer the test holds. */
    private static List<String> strata(TestDatabase db, Path desired) {
        return ChildJvm.command(Main.class, "apply", "--url", db.postgresUrl(), "--desired", desired.toString(), "--phase", "all",
                "--yes", "--lock-timeout", "60000");
    }

    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /**
     * Runs {@code command} while a writer holds a transaction open on the table, and ends that transaction once the
     * output shows {@code release} (the build waits for it); returns all the output.
     */
    private static String run(TestDatabase db, List<String> command, String release) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (Connection writer = db.connect()) {
            writer.setAutoCommit(false);
            try (Statement st = writer.createStatement()) {
                st.execute("INSERT INTO public.items VALUES (0, 'held')");
            }
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
            Thread reader = Thread.ofPlatform().daemon().start(() -> copy(process.getInputStream(), output));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!text(output).contains(release) && process.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            writer.commit();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), text(output));
            reader.join(TimeUnit.SECONDS.toMillis(10));
            assertEquals(0, process.exitValue(), text(output));
        }
        return text(output);
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                synchronized (out) {
                    out.write(buffer, 0, n);
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    private static String text(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
