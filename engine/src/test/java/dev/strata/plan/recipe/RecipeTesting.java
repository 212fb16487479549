package dev.strata.plan.recipe;

import dev.strata.catalog.CatalogReader;
import dev.strata.ddl.CreateDdl;
import dev.strata.diff.ExpressionEquality;
import dev.strata.expr.Equivalence;
import dev.strata.model.Catalog;
import dev.strata.plan.DdlStep;
import dev.strata.plan.Phase;
import dev.strata.plan.Plan;
import dev.strata.plan.PlanRequest;
import dev.strata.plan.Planner;
import dev.strata.plan.Step;
import dev.strata.testing.StepRunner;
import dev.strata.testing.TestDatabase;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shared helpers for the recipe tests: small catalogs, planning, and running plans on a real database. */
final class RecipeTesting {

    static final ExpressionEquality EQUIVALENT = (a, b, schema) -> Equivalence.same(a, b, schema);

    private RecipeTesting() {}

    static Plan plan(Catalog current, Catalog desired) {
        return Planner.plan(new PlanRequest(current, desired, 18, Map.of(), "test", List.of(), ExpressionEquality.TEXTUAL));
    }

    static DdlStep ddl(Plan plan, String id) {
        return plan.steps().stream().filter(s -> s.id().equals(id)).map(s -> (DdlStep) s).findFirst()
                .orElseThrow(() -> new AssertionError("no step " + id + " in " + plan.steps().stream().map(Step::id).toList()));
    }

    /** The ids as the plan reads: each phase's gate, then its steps. */
    static List<String> ids(Plan plan) {
        return plan.phases().stream().flatMap(p -> java.util.stream.Stream.concat(
                p.gate().map(dev.strata.plan.Gate::id).stream(), p.steps().stream().map(Step::id))).toList();
    }

    static Catalog pull(TestDatabase db) {
        try (var c = db.connect()) {
            return CatalogReader.read(c, List.of("public")).catalog();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Builds {@code current} in the database and runs the rows' statements. */
    static void build(TestDatabase db, Catalog current, String... rows) {
        db.execute(CreateDdl.script(current));
        db.execute(rows);
    }

    /** Plans against what the database really holds, runs every step, and checks nothing is left to do. */
    static Plan runAndConverge(TestDatabase db, Catalog desired) {
        Plan plan = Planner.plan(new PlanRequest(pull(db), desired, db.major(), Map.of(), "test", List.of(), EQUIVALENT));
        assertTrue(plan.violations().isEmpty(), () -> "policy violations: " + plan.violations());
        StepRunner.runAll(db, plan);
        assertConverged(db, desired);
        return plan;
    }

    static void assertConverged(TestDatabase db, Catalog desired) {
        Plan again = Planner.plan(new PlanRequest(pull(db), desired, db.major(), Map.of(), "test", List.of(), EQUIVALENT));
        assertEquals(List.of(), again.changes(), "changes left after running the plan");
    }

    /** Runs EXPAND, then every EXPAND step's inverse in reverse order, and expects the catalog as it was. */
    static void assertExpandReverses(TestDatabase db, Catalog desired) {
        Catalog before = pull(db);
        Plan plan = Planner.plan(new PlanRequest(before, desired, db.major(), Map.of(), "test", List.of(), EQUIVALENT));
        StepRunner.runPhase(db, plan, Phase.EXPAND);
        List<DdlStep> expand = new ArrayList<>();
        plan.steps(Phase.EXPAND).forEach(s -> expand.add((DdlStep) s));
        for (DdlStep step : expand.reversed()) {
            assertTrue(step.reversible(), () -> step.id() + " has no inverse");
            StepRunner.runDdl(db, step.inverseSql().orElseThrow(), step.transactional());
        }
        assertEquals(before, pull(db));
    }
}
