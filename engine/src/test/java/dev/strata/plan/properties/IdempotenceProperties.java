package dev.strata.plan.properties;

import dev.strata.model.Catalog;
import dev.strata.plan.BackfillStep;
import dev.strata.plan.DdlStep;
import dev.strata.plan.Plan;
import dev.strata.plan.Step;
import dev.strata.sql.Identifiers;
import dev.strata.testing.StepRunner;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.testing.generate.ChangePairs;
import dev.strata.testing.generate.ChangePairs.ChangePair;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Steps the executor may have to repeat are safe to repeat: a non-transactional step can be
 * interrupted after some statements, and a backfill can be restarted from the beginning.
 */
class IdempotenceProperties {

    @Provide
    Arbitrary<ChangePair> pairs() {
        return ChangePairs.pairs();
    }

    @Property(tries = 8, maxDiscardRatio = 200)
    void repeatableStepsRepeatOnPostgres14(@ForAll("pairs") ChangePair pair) {
        repeatableStepsRepeat(pair, 14);
    }

    @Property(tries = 8, maxDiscardRatio = 200)
    void repeatableStepsRepeatOnPostgres18(@ForAll("pairs") ChangePair pair) {
        repeatableStepsRepeat(pair, 18);
    }

    private static void repeatableStepsRepeat(ChangePair pair, int major) {
        Plan plan = PlanHarness.planOrSkip(pair, major);
        String report = PlanHarness.describe(pair, plan);
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            PlanHarness.createCurrent(db, pair);
            for (Step step : plan.steps()) {
                run(db, step, "", report);
                switch (step) {
                    case DdlStep ddl when !ddl.transactional() -> {
                        Catalog once = PlanHarness.pull(db, pair);
                        run(db, step, "second run of ", report);
                        assertEquals(once, PlanHarness.pull(db, pair), () -> "running " + step.id() + " twice changed the catalog\n" + report);
                    }
                    case BackfillStep b when b.batch() instanceof BackfillStep.Batch.Assign a -> {
                        String pending = "SELECT count(*) FROM " + Identifiers.qualified(b.table()) + " WHERE (" + a.pending() + ")";
                        assertEquals(List.of(List.of("0")), db.query(pending),
                                () -> "rows still pending after " + b.id() + "\n" + report);
                        run(db, step, "second run of ", report);
                    }
                    default -> { }
                }
            }
        }
    }

    private static void run(TestDatabase db, Step step, String what, String report) {
        try {
            StepRunner.run(db, step);
        } catch (IllegalStateException e) {
            throw new AssertionError(what + e.getMessage() + "\n" + report, e);
        }
    }
}
