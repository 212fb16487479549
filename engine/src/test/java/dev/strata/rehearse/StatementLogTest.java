package dev.strata.rehearse;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Workload windows and the baseline, without a database (times in milliseconds as nanoseconds × 10⁶). */
class StatementLogTest {

    private static final long MS = 1_000_000;

    @Test
    void aWindowCountsTheStatementsThatOverlapItAndTheLongestOfThemBeyondTheQuietMedian() {
        StatementLog log = new StatementLog();
        log.record(0, 2 * MS, Optional.empty());
        log.record(10 * MS, 13 * MS, Optional.empty());
        log.record(20 * MS, 22 * MS, Optional.empty());
        log.firstStepAt(30 * MS);
        log.record(35 * MS, 300 * MS, Optional.empty());
        log.record(290 * MS, 310 * MS, Optional.of("UPDATE public.items: column \"tag\" does not exist"));
        log.record(400 * MS, 402 * MS, Optional.empty());

        WorkloadWindow window = log.window(100 * MS, 295 * MS, 1000 * MS);

        assertEquals(new WorkloadWindow(2, 1, Duration.ofMillis(265), Duration.ofMillis(2)), window);
        assertEquals(Duration.ofMillis(263), window.waitBeyondBaseline());
        assertEquals(List.of("1 × UPDATE public.items: column \"tag\" does not exist"), log.failureLines());
    }

    @Test
    void aStatementStillRunningCountsAsLastingUntilNow() {
        StatementLog log = new StatementLog();
        AtomicReference<List<Long>> running = new AtomicReference<>(List.of(50 * MS));
        log.runningFrom(running::get);
        log.record(0, 1 * MS, Optional.empty());

        assertEquals(new WorkloadWindow(1, 0, Duration.ofMillis(450), Duration.ofMillis(1)),
                log.window(60 * MS, 100 * MS, 500 * MS));
        assertEquals(0, log.window(10 * MS, 40 * MS, 500 * MS).statements());
    }

    @Test
    void withoutStatementsBeforeTheFirstStepTheBaselineIsTheMedianOfTheWholeRun() {
        StatementLog log = new StatementLog();
        log.firstStepAt(0);
        log.record(1 * MS, 3 * MS, Optional.empty());
        log.record(5 * MS, 505 * MS, Optional.empty());
        log.record(600 * MS, 603 * MS, Optional.empty());

        assertEquals(Duration.ofMillis(3), log.baseline());
        assertEquals(WorkloadWindow.EMPTY, new StatementLog().window(0, 10, 20));
    }
}
