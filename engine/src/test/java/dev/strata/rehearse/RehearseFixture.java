package dev.strata.rehearse;

import dev.strata.connect.ConnectionSettings;
import dev.strata.ddl.CreateDdl;
import dev.strata.ddl.Saved;
import dev.strata.execute.ApplyOptions;
import dev.strata.execute.ApplyResult;
import dev.strata.execute.Executor;
import dev.strata.execute.PhaseSelection;
import dev.strata.execute.PlanService;
import dev.strata.execute.PlanSource;
import dev.strata.execute.Progress;
import dev.strata.execute.StepListener;
import dev.strata.model.QualifiedName;
import dev.strata.plan.DdlStep;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockMode;
import dev.strata.plan.Phase;
import dev.strata.plan.Plan;
import dev.strata.plan.Step;
import dev.strata.plan.TableWork;
import dev.strata.plan.Undo;
import dev.strata.testing.TestDatabase;
import dev.strata.yaml.LoadedSchema;
import dev.strata.yaml.SchemaFiles;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A table of items on a test database, plans run on it by the real executor with a probe attached. */
final class RehearseFixture {

    static final QualifiedName ITEMS = QualifiedName.of("public", "items");

    static final LoadedSchema ITEMS_SCHEMA = yaml("""
            tables:
              items:
                columns:
                  id: { type: bigint, identity: by_default }
                  tag: text
                  qty: { type: integer, nullable: false, default: "0" }
                primary_key: [id]
            """);

    private RehearseFixture() {}

    static LoadedSchema yaml(String content) {
        return SchemaFiles.parse(Map.of("schema.yaml", content));
    }

    /** The items table with {@code rows} rows. */
    static void createItems(TestDatabase db, int rows) {
        db.execute(CreateDdl.statements(ITEMS_SCHEMA.catalog()).toArray(String[]::new));
        db.execute("INSERT INTO public.items (tag, qty) SELECT 'tag ' || g, g % 100 FROM generate_series(1, " + rows + ") g",
                "ANALYZE public.items");
    }

    static ConnectionSettings settings(TestDatabase db) {
        return ConnectionSettings.resolve(Optional.of(db.postgresUrl()), Map.of(), "test");
    }

    /** A step of the EXPAND phase that runs {@code sql} in one transaction, said to take {@code mode} on items. */
    static DdlStep step(String id, LockMode mode, String... sql) {
        return new DdlStep(id, Phase.EXPAND, id, java.util.Arrays.stream(sql).map(s -> (dev.strata.ddl.Statement) new Saved(s)).toList(),
                true, List.of(new LockHold(ITEMS, mode, TableWork.CATALOG_ONLY)), Undo.nothing(), Optional.empty(), List.of());
    }

    /** A plan of the given steps, made for the database as it is now. */
    static PlanSource saved(TestDatabase db, List<Step> steps) {
        try (Connection c = db.connect()) {
            return new PlanSource.Saved(new Plan("test", PlanService.catalogFingerprint(c), db.major(), List.of(), phases(steps),
                    List.of(), Map.of(), List.of(), List.of(), List.of()));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The steps grouped into their phases, in order, without gates. */
    private static List<dev.strata.plan.PhasePlan> phases(List<Step> steps) {
        Map<Phase, List<Step>> byPhase = new java.util.EnumMap<>(Phase.class);
        steps.forEach(s -> byPhase.computeIfAbsent(s.phase(), p -> new java.util.ArrayList<>()).add(s));
        return byPhase.entrySet().stream().map(e -> new dev.strata.plan.PhasePlan(e.getKey(), e.getValue())).toList();
    }

    static PlanSource desired(LoadedSchema schema) {
        return new PlanSource.Desired(schema, "test database");
    }

    /** Runs the whole plan with a probe sampling every 2 ms, returning its measurements. */
    static List<StepMeasurement> rehearse(TestDatabase db, PlanSource source, Workload workload) {
        return rehearse(db, source, workload, StepListener.NONE);
    }

    /** As {@link #rehearse(TestDatabase, PlanSource, Workload)}, {@code also} called after the probe. */
    static List<StepMeasurement> rehearse(TestDatabase db, PlanSource source, Workload workload, StepListener also) {
        List<String> log = new ArrayList<>();
        try (Connection c = db.connect()) {
            try (StepProbe probe = StepProbe.attach(settings(db), c, workload, Duration.ofMillis(2))) {
                ApplyResult result = new Executor(c, ApplyOptions.defaults().withConfirmGates(true), log::add)
                        .withListener(probe.andThen(also)).withProgress(Progress.NONE).apply(source, PhaseSelection.ALL);
                if (result.outcome() != ApplyResult.Outcome.MIGRATION_DONE) {
                    throw new IllegalStateException("the plan did not finish: " + log);
                }
                if (workload.statements() > 0) {
                    // Time for the old application to run into what the last step changed.
                    StepProbeTest.sleep(200);
                }
                workload.close();
                return probe.measurements();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static StepMeasurement only(List<StepMeasurement> measurements, String id) {
        return measurements.stream().filter(m -> m.stepId().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no measurement of " + id + " in " + measurements));
    }
}
