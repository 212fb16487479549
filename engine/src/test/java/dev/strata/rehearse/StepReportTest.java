package dev.strata.rehearse;

import dev.strata.model.QualifiedName;
import dev.strata.plan.Phase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StepReportTest {

    static final QualifiedName USERS = QualifiedName.of("public", "users");

    /** A step whose duration is 10 ms + 1 ms per 100 rows and whose blocking hold is 1 ms + 1 ms per 1000 rows. */
    static Sample at(double scale, long rows) {
        return new Sample(scale, rows, Duration.ofMillis(10 + rows / 100), Duration.ofMillis(1 + rows / 1000),
                Duration.ofMillis(2), 8192 * (rows / 100), 0, List.of(), false, 40, 0);
    }

    static StepReport report(Thresholds limits, Sample... samples) {
        return StepReport.of("backfill-1", Phase.BACKFILL, "Backfill users.handle", "row exclusive on public.users",
                Optional.of(USERS), 100_000, List.of(samples), StepReport.Growth.EVERY_FIGURE, limits);
    }

    @Test
    void everyFigureIsProjectedToProductionRows() {
        var r = report(Thresholds.defaults(), at(0.01, 1_000), at(0.02, 2_000), at(0.04, 4_000));

        assertEquals(1_010.0, r.atProduction(Figure.DURATION).orElseThrow(), 1e-6);
        assertEquals(101.0, r.atProduction(Figure.BLOCKING_HOLD).orElseThrow(), 1e-6);
        assertEquals(2.0, r.atProduction(Figure.APPLICATION_WAIT).orElseThrow(), 1e-6);
        assertEquals(8192.0 * 1_000, r.atProduction(Figure.WAL).orElseThrow(), 1e-3);
        assertEquals(0.0, r.atProduction(Figure.GROWTH).orElseThrow(), 1e-9);
    }

    @Test
    void aProjectedBlockingHoldOverTheLimitIsTheVerdict() {
        var r = report(Thresholds.defaults(), at(0.01, 1_000), at(0.02, 2_000), at(0.04, 4_000));

        assertEquals(List.of("longest blocking hold projected 101 ms > 100 ms"), r.exceeded());
    }

    @Test
    void aStepDurationLimitIsCheckedOnlyWhenGiven() {
        var limits = new Thresholds(Duration.ofMillis(200), Optional.of(Duration.ofSeconds(1)));
        var r = report(limits, at(0.01, 1_000), at(0.02, 2_000), at(0.04, 4_000));

        assertEquals(List.of("duration projected 1010 ms > 1000 ms"), r.exceeded());
        assertTrue(report(new Thresholds(Duration.ofMillis(200), Optional.empty()), at(0.01, 1_000), at(0.02, 2_000))
                .withinThresholds());
    }

    @Test
    void aBatchedStepsHoldsAndWaitsAreNotExtendedButItsDurationIs() {
        var r = StepReport.of("backfill-1", Phase.BACKFILL, "Backfill users.handle", "row exclusive on public.users",
                Optional.of(USERS), 100_000, List.of(at(0.01, 1_000), at(0.02, 2_000), at(0.04, 4_000)),
                StepReport.Growth.WORK_ONLY, Thresholds.defaults());

        assertEquals(5.0, r.atProduction(Figure.BLOCKING_HOLD).orElseThrow(), 1e-9);
        assertEquals("held per batch or catalog change: largest measured", r.projections().get(Figure.BLOCKING_HOLD).describe());
        assertEquals(1_010.0, r.atProduction(Figure.DURATION).orElseThrow(), 1e-6);
        assertTrue(r.withinThresholds());
        var strict = StepReport.of("backfill-1", Phase.BACKFILL, "Backfill users.handle", "row exclusive on public.users",
                Optional.of(USERS), 100_000, List.of(at(0.01, 1_000), at(0.04, 4_000)), StepReport.Growth.WORK_ONLY,
                new Thresholds(Duration.ofMillis(4), Optional.empty()));
        assertEquals(List.of("longest blocking hold measured 5 ms > 4 ms"), strict.exceeded());
    }

    @Test
    void aCatalogOnlyStepIsNotExtendedAtAll() {
        var r = StepReport.of("contract-3", Phase.CONTRACT, "Drop public.users.username", "access exclusive on public.users",
                Optional.of(USERS), 100_000, List.of(at(0.01, 1_000), at(0.02, 2_000), at(0.04, 4_000)),
                StepReport.Growth.NOTHING, Thresholds.defaults());

        assertEquals(50.0, r.atProduction(Figure.DURATION).orElseThrow(), 1e-9);
        assertEquals("catalog only: largest measured", r.projections().get(Figure.DURATION).describe());
    }

    @Test
    void withOneScaleTheLargestMeasuredFigureIsJudged() {
        var r = report(new Thresholds(Duration.ofMillis(1), Optional.empty()), at(0.01, 1_000), at(0.01, 1_000));

        assertEquals(List.of("longest blocking hold measured 2 ms > 1 ms", "longest application wait measured 2 ms > 1 ms"),
                r.exceeded());
    }
}
