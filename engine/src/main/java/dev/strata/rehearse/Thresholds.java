package dev.strata.rehearse;

import java.time.Duration;
import java.util.Optional;

/**
 * What a step may reach at production size ({@code --max-blocking-ms}, {@code --max-step-duration}); beyond it the
 * rehearsal fails (exit 5), so CI can gate on it.
 *
 * @param maxBlocking     the longest a step may hold a lock that blocks the application's reads or writes, and the
 *                        longest an application statement may wait for it
 * @param maxStepDuration the longest a step may run; empty: no limit
 */
public record Thresholds(Duration maxBlocking, Optional<Duration> maxStepDuration) {

    public static final Duration DEFAULT_MAX_BLOCKING = Duration.ofMillis(100);

    public static Thresholds defaults() {
        return new Thresholds(DEFAULT_MAX_BLOCKING, Optional.empty());
    }
}
