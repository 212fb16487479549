package dev.strata.rehearse;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Continuous holds from samples, without a database (times in milliseconds, as nanoseconds × 10⁶). */
class HoldTimelineTest {

    private static final long MS = 1_000_000;

    @Test
    void aHoldSeenInConsecutiveSamplesRunsFromMidwayBeforeItsFirstToMidwayAfterItsLast() {
        HoldTimeline<String> timeline = new HoldTimeline<>(0);
        timeline.sample(10 * MS, Set.of());
        timeline.sample(20 * MS, Set.of("a"));
        timeline.sample(30 * MS, Set.of("a"));
        timeline.sample(40 * MS, Set.of("a"));
        timeline.sample(50 * MS, Set.of());

        // Taken between 10 and 20, released between 40 and 50: 15 to 45.
        assertEquals(Map.of("a", Duration.ofMillis(30)), timeline.finish(60 * MS));
    }

    @Test
    void aHoldSeenOnceCountsAboutOneSamplingPeriod() {
        HoldTimeline<String> timeline = new HoldTimeline<>(0);
        timeline.sample(5 * MS, Set.of());
        timeline.sample(10 * MS, Set.of("a"));
        timeline.sample(15 * MS, Set.of());

        assertEquals(Map.of("a", Duration.ofMillis(5)), timeline.finish(20 * MS));
    }

    @Test
    void theLongestOfSeveralHoldsOfTheSameKeyIsKeptNotTheirSum() {
        HoldTimeline<String> timeline = new HoldTimeline<>(0);
        timeline.sample(10 * MS, Set.of("a"));
        timeline.sample(20 * MS, Set.of());
        timeline.sample(30 * MS, Set.of("a"));
        timeline.sample(40 * MS, Set.of("a"));
        timeline.sample(50 * MS, Set.of("a"));
        timeline.sample(60 * MS, Set.of());

        // The first from 5 to 15; the second from 25 to 55.
        assertEquals(Map.of("a", Duration.ofMillis(30)), timeline.finish(70 * MS));
    }

    @Test
    void holdsStillOpenAtTheEndCloseMidwayToTheStepsEndAndTheStartBoundsTheFirst() {
        HoldTimeline<String> timeline = new HoldTimeline<>(100 * MS);
        timeline.sample(104 * MS, Set.of("a", "b"));
        timeline.sample(108 * MS, Set.of("a"));

        Map<String, Duration> holds = timeline.finish(112 * MS);

        assertEquals(Duration.ofMillis(8), holds.get("a"));
        assertEquals(Duration.ofMillis(4), holds.get("b"));
    }

    @Test
    void withoutSamplesNothingWasHeld() {
        HoldTimeline<String> timeline = new HoldTimeline<>(0);
        timeline.sample(10 * MS, Set.of());

        assertFalse(timeline.finish(20 * MS).containsKey("a"));
        assertEquals(Map.of(), new HoldTimeline<String>(0).finish(5 * MS));
    }
}
