package dev.strata.execute;

import dev.strata.plan.BackfillStep;
import dev.strata.plan.DdlStep;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.LoadedSchema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.strata.execute.ExecutorFixture.desired;
import static dev.strata.execute.ExecutorFixture.yaml;
import static dev.strata.execute.ExecutorFixture.yes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * While apply builds an index CONCURRENTLY, a second session reads pg_stat_progress_create_index and the progress
 * hears the build's phases with their counters, from the step's start to its end; a validation is followed the same
 * way, by its time.
 */
class StepProgressTest {

    private static final LoadedSchema BEFORE = yaml("""
            tables:
              items:
                columns:
                  id: { type: bigint, nullable: false }
                  tag: text
                primary_key: [id]
            """);
    private static final LoadedSchema AFTER = yaml("""
            tables:
              items:
                columns:
                  id: { type: bigint, nullable: false }
                  tag: text
                primary_key: [id]
                indexes:
                  - [tag]
                checks:
                  - "length(tag) > 0"
            """);

    /** Everything the executor tells a progress about DDL steps, in order. */
    static final class Recording implements Progress {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final List<IndexBuild> builds = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void start(BackfillStep step, long estimatedRows, long rowsDone) {}

        @Override
        public void advance(long rowsDone, List<String> lastKey) {}

        @Override
        public void finish(long rowsDone) {}

        @Override
        public void stepStarted(DdlStep step) {
            events.add("started " + step.id());
        }

        @Override
        public void stepRunning(DdlStep step, Duration elapsed, Optional<IndexBuild> index) {
            events.add("running " + step.id());
            index.ifPresent(builds::add);
        }

        @Override
        public void stepEnded(DdlStep step) {
            events.add("ended " + step.id());
        }

        @Override
        public Duration pollEvery() {
            return Duration.ofMillis(10);
        }

        boolean saw(String phase) {
            synchronized (builds) {
                return builds.stream().anyMatch(b -> b.phase().equals(phase));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void anIndexBuildReportsItsPhasesWithTheirCountersWhileItRuns(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            ExecutorFixture.create(db, BEFORE);
            // Big enough that scanning the table and loading the tree outlast a few looks (about 800 blocks).
            db.execute("INSERT INTO public.items SELECT g, md5(g::text) || md5((g * 7)::text) FROM generate_series(1, 60000) g",
                    "ANALYZE public.items");
            Recording progress = new Recording();
            CompletableFuture<ApplyResult> applying;
            try (Connection writer = db.connect()) {
                // A writer's open transaction holds the build in its first wait, so that phase is seen for certain.
                writer.setAutoCommit(false);
                try (Statement st = writer.createStatement()) {
                    st.execute("INSERT INTO public.items VALUES (0, 'held')");
                }
                applying = CompletableFuture.supplyAsync(() -> apply(db, progress));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!progress.saw("waiting for writers before build") && System.nanoTime() < deadline && !applying.isDone()) {
                    Thread.sleep(10);
                }
                writer.commit();
            }
            assertEquals(ApplyResult.Outcome.MIGRATION_DONE, applying.get(60, TimeUnit.SECONDS).outcome());

            List<IndexBuild> builds = List.copyOf(progress.builds);
            IndexBuild waiting = builds.stream().filter(b -> b.phase().equals("waiting for writers before build"))
                    .findFirst().orElseThrow(() -> new AssertionError(builds.toString()));
            assertEquals(Optional.of(new IndexBuild.Counter("transactions", 0, 1)), waiting.counter(), builds.toString());
            assertTrue(builds.stream().anyMatch(b -> b.phase().startsWith("building index")
                    || b.phase().startsWith("index validation")), builds.toString());
            // Which counted phase a look lands in depends on the machine's speed (CI once saw only the tree load), so
            // either counter will do: blocks while the table is scanned, tuples while they are loaded into the tree.
            assertTrue(builds.stream().map(IndexBuild::counter).flatMap(Optional::stream)
                    .anyMatch(c -> (c.unit().equals("blocks") || c.unit().equals("tuples")) && c.total() > 100),
                    builds.toString());

            // Two long steps, one after the other: the index build, and the check's validation (a scan, timed only).
            // The check's NOT VALID step is catalog only and not watched.
            List<String> events = List.copyOf(progress.events);
            List<String> started = events.stream().filter(e -> e.startsWith("started ")).map(e -> e.substring(8)).toList();
            assertEquals(2, started.size(), events.toString());
            assertTrue(started.get(0).startsWith("expand-") && started.get(1).startsWith("contract-"), events.toString());
            int cut = events.indexOf("started " + started.get(1));
            for (List<String> one : List.of(events.subList(0, cut), events.subList(cut, events.size()))) {
                String step = one.getFirst().substring("started ".length());
                assertEquals("ended " + step, one.getLast(), events.toString());
                assertTrue(one.subList(1, one.size() - 1).stream().allMatch(e -> e.equals("running " + step)), events.toString());
            }
        }
    }

    private static ApplyResult apply(TestDatabase db, Progress progress) {
        try (Connection c = db.connect()) {
            return new Executor(c, yes().withLockTimeout(Duration.ofSeconds(30)), line -> {}).withProgress(progress)
                    .withTiming(ExecutorFixture.noWaiting(new ArrayList<>())).withLockWatch(db::connect)
                    .apply(desired(AFTER), PhaseSelection.ALL);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
