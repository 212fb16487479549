package dev.strata.plan.properties;

import dev.strata.model.Catalog;
import dev.strata.plan.DdlStep;
import dev.strata.plan.Phase;
import dev.strata.plan.Plan;
import dev.strata.plan.Step;
import dev.strata.plan.Undo;
import dev.strata.testing.StepRunner;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.testing.generate.ChangePairs;
import dev.strata.testing.generate.ChangePairs.ChangePair;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** EXPAND can be rolled back: its steps' inverses, in reverse order, restore the current schema. */
class ReversibilityProperties {

    @Provide
    Arbitrary<ChangePair> pairs() {
        return ChangePairs.pairs();
    }

    @Property(tries = 8, maxDiscardRatio = 200)
    void expandIsReversibleOnPostgres14(@ForAll("pairs") ChangePair pair) {
        expandIsReversible(pair, 14);
    }

    @Property(tries = 8, maxDiscardRatio = 200)
    void expandIsReversibleOnPostgres18(@ForAll("pairs") ChangePair pair) {
        expandIsReversible(pair, 18);
    }

    private static void expandIsReversible(ChangePair pair, int major) {
        Plan plan = PlanHarness.planOrSkip(pair, major);
        String report = PlanHarness.describe(pair, plan);
        List<DdlStep> expand = plan.steps(Phase.EXPAND).stream()
                .filter(s -> s instanceof DdlStep).map(s -> (DdlStep) s).toList();
        for (DdlStep step : expand) {
            // A step that cannot be undone says why (the type requires a reason); such plans are not run back.
            if (step.undo() instanceof Undo.Impossible impossible) {
                Statistics.label("irreversible on purpose").collect(impossible.reason());
                Assume.that(false);
            }
        }
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            PlanHarness.createCurrent(db, pair);
            for (Step step : expand) {
                run(() -> StepRunner.run(db, step), step.id(), report);
            }
            for (int i = expand.size() - 1; i >= 0; i--) {
                DdlStep step = expand.get(i);
                run(() -> StepRunner.runDdl(db, step.inverseSql().orElseThrow(), step.transactional()), "inverse of " + step.id(), report);
            }
            Catalog pulled = PlanHarness.pull(db, pair);
            // The server prints current's view queries (written as PostgreSQL 18 does) as plan --url would.
            Catalog current = PlanHarness.canonical(db, pair.current());
            Plan back = PlanHarness.plan(pulled, current, major);
            assertTrue(back.isEmpty(), () -> "after EXPAND and its inverses the catalog differs from current:\n"
                    + PlanHarness.remainingDiff(pulled, current, major) + "\n" + report);
        }
    }

    private static void run(Runnable action, String what, String report) {
        try {
            action.run();
        } catch (IllegalStateException e) {
            throw new AssertionError(what + " failed: " + e.getMessage() + "\n" + report, e);
        }
    }
}
