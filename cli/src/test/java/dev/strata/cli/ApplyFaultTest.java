package dev.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.testing.Items;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * strata apply killed at every point the crash hook offers (before, inside and after each step, after a backfill
 * batch), then run again without it: the database converges on the desired schema and every preserved value
 * survives. The crashing run is a separate JVM, so the kill is a real process death (no rollback sent, no
 * shutdown hooks); the rerun is in-process.
 */
class ApplyFaultTest {

    private static final int ROWS = 1_000;
    private static final String BATCH = "100";
    private static final int KILLED = 137;

    @TempDir
    static Path desired;

    @TestFactory
    Stream<DynamicTest> applyKilledAtAnyPointConvergesOnRerun() {
        Items.desired(desired);
        // Per version: step ids differ between them (NOT NULL takes one step fewer on 18), and a batch point needs the
        // batched step (a CONTRACT copy into strata_archive) at its id.
        // CI runs each crash point on one major, alternating, so both majors see every kind of point (before, inside
        // and after DDL, CONCURRENTLY and backfill steps) at half the cost; -Dstrata.faults.long=true runs every point
        // on both.
        boolean everyPointOnBoth = Boolean.getBoolean("strata.faults.long");
        int[] majors = {TestPostgres.OLDEST_MAJOR, TestPostgres.NEWEST_MAJOR};
        return IntStream.range(0, majors.length).boxed().flatMap(m -> {
            int major = majors[m];
            List<String> points = crashPoints(major);
            return IntStream.range(0, points.size())
                    .filter(i -> everyPointOnBoth || i % majors.length == m)
                    .mapToObj(points::get)
                    .map(point -> DynamicTest.dynamicTest("PostgreSQL " + major + ": crash at " + point,
                            () -> crashThenRerun(point, major)));
        });
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {TestPostgres.OLDEST_MAJOR, TestPostgres.NEWEST_MAJOR})
    void applyKilledWithSigkillDuringTheBackfillConvergesOnRerun(int major) throws Exception {
        Items.desired(desired);
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            Items.create(db, 30_000);
            String before = Items.checksumBefore(db);
            Process apply = start(db, Map.of(), "--batch-size", "200");
            waitUntilTheBackfillHasStarted(db, apply);
            Thread.sleep(ThreadLocalRandom.current().nextInt(200));
            apply.destroyForcibly();
            assertTrue(apply.waitFor(30, TimeUnit.SECONDS));
            assertFalse(backfillsFinished(db), "the kill came after the backfill; make the table larger");

            rerunAndAssertConverged(db, before);
        }
    }

    private void crashThenRerun(String point, int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            Items.create(db, ROWS);
            String before = Items.checksumBefore(db);
            Process apply = start(db, Map.of("STRATA_CRASH_AT", point), "--batch-size", BATCH);
            String output = output(apply);
            assertEquals(KILLED, apply.exitValue(), "the hook did not fire at " + point + ":\n" + output);

            rerunAndAssertConverged(db, before);
        }
    }

    private static void rerunAndAssertConverged(TestDatabase db, String checksum) {
        Strata rerun = Strata.run("apply", "--url", db.postgresUrl(), "--desired", desired.toString(), "--phase", "all",
                "--yes", "--allow-data-loss", "--batch-size", BATCH);
        assertEquals(0, rerun.exitCode(), rerun.toString());
        Strata plan = Strata.run("plan", "--url", db.postgresUrl(), "--desired", desired.toString());
        assertEquals(0, plan.exitCode(), "not converged:\n" + plan);
        assertEquals(checksum, Items.checksumAfter(db));
        assertEquals(List.of(List.of("0")), db.query("SELECT count(*) FROM pg_index WHERE NOT indisvalid"));
        assertEquals(List.of(List.of("done")), db.query("SELECT status FROM strata.migration ORDER BY id DESC LIMIT 1"));
    }

    /**
     * After every step (which leaves the same state as "before the next step"), before the first, inside every
     * step whose interruption leaves something different behind (a backfill batch, a CONCURRENTLY build, the first
     * transactional step of each phase: the rest roll back alike), after the third batch of every backfill.
     */
    private static List<String> crashPoints(int major) {
        List<String> points = new ArrayList<>();
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            Items.create(db, ROWS);
            Strata plan = Strata.run("plan", "--url", db.postgresUrl(), "--desired", desired.toString(), "--format", "json");
            assertEquals(2, plan.exitCode(), plan.toString());
            java.util.Set<String> phasesWithTransactionalCrash = new java.util.HashSet<>();
            for (JsonNode step : new ObjectMapper().readTree(plan.out()).get("steps")) {
                String id = step.get("id").asText();
                String type = step.get("type").asText();
                if (type.equals("gate")) {
                    continue;
                }
                if (points.isEmpty()) {
                    points.add("before-step:" + id);
                }
                boolean transactionalDdl = type.equals("ddl") && step.get("transactional").asBoolean();
                if (!transactionalDdl || phasesWithTransactionalCrash.add(step.get("phase").asText())) {
                    points.add("in-statement:" + id);
                }
                points.add("after-step:" + id);
                if (type.equals("backfill")) {
                    points.add("after-batch:" + id + ":3");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(points.size() > 15, points.toString());
        return points;
    }

    /** strata apply in a JVM of its own, on this JVM's binary and classpath. */
    private static Process start(TestDatabase db, Map<String, String> environment, String... extra) throws IOException {
        List<String> command = ChildJvm.command(CrashHook.class,
                "apply", "--url", db.postgresUrl(), "--desired", desired.toString(), "--phase", "all", "--yes",
                "--allow-data-loss");
        command.addAll(List.of(extra));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static String output(Process p) throws Exception {
        byte[] bytes = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void waitUntilTheBackfillHasStarted(TestDatabase db, Process apply) throws InterruptedException {
        // Drain the output so the child never blocks on a full pipe.
        Thread.ofPlatform().daemon().start(() -> {
            try {
                apply.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException ignored) {
                // the process was killed
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            assertTrue(apply.isAlive(), "apply ended before its backfill started");
            if (!db.query("SELECT 1 FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid "
                    + "WHERE n.nspname = 'strata' AND c.relname = 'backfill'").isEmpty()
                    && !db.query("SELECT 1 FROM strata.backfill WHERE rows_done > 0").isEmpty()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the backfill did not start within 60 s");
    }

    private static boolean backfillsFinished(TestDatabase db) {
        return db.query("SELECT bool_and(finished) FROM strata.backfill").equals(List.of(List.of("t")));
    }
}
