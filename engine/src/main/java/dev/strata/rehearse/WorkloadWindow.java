package dev.strata.rehearse;

import java.time.Duration;

/**
 * What the workload saw between two instants.
 *
 * @param statements  statements (pgbench: transactions) that overlapped the window, those still running included
 * @param failures    of which failed
 * @param longestWait the longest time one of them took, as measured (not less the baseline)
 * @param baseline    the workload's typical latency with no step running: the median of the statements that ended
 *                    before the rehearsal's first step began, or of the whole run when none did ({@link Workload})
 */
public record WorkloadWindow(long statements, long failures, Duration longestWait, Duration baseline) {

    public static final WorkloadWindow EMPTY = new WorkloadWindow(0, 0, Duration.ZERO, Duration.ZERO);

    /** The longest wait beyond the baseline, never negative. */
    public Duration waitBeyondBaseline() {
        Duration beyond = longestWait.minus(baseline);
        return beyond.isNegative() ? Duration.ZERO : beyond;
    }
}
