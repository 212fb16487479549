package dev.strata.rehearse;

import java.time.Duration;
import java.util.List;

/**
 * One step as it ran at one scale: the figures of its {@code StepMeasurement}, against the rows its table held.
 *
 * @param scale   the fraction of production's rows this scale filled (1 at full size)
 * @param rows    the rows of the step's table at this scale (0 when the step works on no table that has rows)
 * @param locks   every lock the step was seen holding, as {@code mode on relation for N ms}, longest first
 * @param rewritten whether the step gave its table a new file (a rewrite)
 */
public record Sample(double scale, long rows, Duration wall, Duration longestBlockingHold, Duration longestApplicationWait,
        long walBytes, long growthBytes, List<String> locks, boolean rewritten, long workloadStatements,
        long workloadFailures) {

    public Sample {
        locks = List.copyOf(locks);
    }

    /** The figure as a number: milliseconds or bytes. */
    public double value(Figure figure) {
        return switch (figure) {
            case DURATION -> millis(wall);
            case BLOCKING_HOLD -> millis(longestBlockingHold);
            case APPLICATION_WAIT -> millis(longestApplicationWait);
            case WAL -> walBytes;
            case GROWTH -> growthBytes;
        };
    }

    private static double millis(Duration d) {
        return d.toNanos() / 1_000_000.0;
    }
}
