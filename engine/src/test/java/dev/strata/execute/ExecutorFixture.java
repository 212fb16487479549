package dev.strata.execute;

import dev.strata.ddl.CreateDdl;
import dev.strata.testing.TestDatabase;
import dev.strata.yaml.LoadedSchema;
import dev.strata.yaml.SchemaFiles;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The users rename of examples/users on a real database, and an executor that records what it does. */
final class ExecutorFixture {

    static final Path EXAMPLES = Path.of("..", "examples", "users");

    private ExecutorFixture() {}

    static LoadedSchema before() {
        return SchemaFiles.read(EXAMPLES.resolve("before"));
    }

    static LoadedSchema after() {
        return SchemaFiles.read(EXAMPLES.resolve("after"));
    }

    static LoadedSchema yaml(String content) {
        return SchemaFiles.parse(Map.of("schema.yaml", content));
    }

    /** The before schema with {@code rows} users. */
    static void createUsers(TestDatabase db, int rows) {
        create(db, before());
        db.execute("INSERT INTO public.users (username, email) SELECT 'user' || g, 'u' || g || '@example.com'"
                + " FROM generate_series(1, " + rows + ") g", "ANALYZE public.users");
    }

    static void create(TestDatabase db, LoadedSchema schema) {
        db.execute(CreateDdl.statements(schema.catalog()).toArray(String[]::new));
    }

    static PlanSource.Desired desired(LoadedSchema schema) {
        return new PlanSource.Desired(schema, "test database");
    }

    /** As {@code apply --drop-now}: what the plan drops is destroyed, not kept in strata_archive (data loss). */
    static PlanSource.Desired droppingNow(LoadedSchema schema) {
        return new PlanSource.Desired(schema, "test database", java.util.Optional.empty(), true);
    }

    /** Backoff that does not wait, so retry tests take milliseconds. */
    static Timing noWaiting(List<Duration> sleeps) {
        return new Timing(System::nanoTime, sleeps::add, new Random(7));
    }

    static ApplyOptions yes() {
        return ApplyOptions.defaults().withConfirmGates(true);
    }

    /** Runs one apply on its own connection, collecting the log. */
    static ApplyResult apply(TestDatabase db, ApplyOptions options, PlanSource source, PhaseSelection phases,
            StepListener listener, List<String> log) {
        try (Connection c = db.connect()) {
            return new Executor(c, options, log::add).withListener(listener).withProgress(Progress.NONE)
                    .withTiming(noWaiting(new ArrayList<>())).withLockWatch(db::connect).apply(source, phases);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static ApplyResult apply(TestDatabase db, ApplyOptions options, PlanSource source, PhaseSelection phases) {
        return apply(db, options, source, phases, StepListener.NONE, new ArrayList<>());
    }

    /** Counts, per step id, how often a step started. */
    static final class Counting implements StepListener {
        final Map<String, Integer> started = new java.util.TreeMap<>();

        @Override
        public void beforeStep(dev.strata.plan.Step step) {
            started.merge(step.id(), 1, Integer::sum);
        }
    }
}
