package dev.strata.rehearse;

import java.time.Instant;

/**
 * One clock for the workload's statements and the probe's steps: the wall-clock instant at class load advanced by
 * {@link System#nanoTime()}, so intervals have nanosecond resolution and do not jump with the system clock, while
 * instants stay comparable (to a few milliseconds) with pgbench's wall-clock logs and {@link Instant#now()}.
 */
final class RehearsalClock {

    private static final Instant ANCHOR = Instant.now();
    private static final long ANCHOR_NANOS = System.nanoTime();
    private static final long ANCHOR_EPOCH_NANOS = epochNanos(ANCHOR);

    private RehearsalClock() {}

    static Instant now() {
        return at(System.nanoTime());
    }

    /** The instant of a {@link System#nanoTime()} reading. */
    static Instant at(long nanoTime) {
        return ofEpochNanos(ANCHOR_EPOCH_NANOS + (nanoTime - ANCHOR_NANOS));
    }

    static long epochNanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    static Instant ofEpochNanos(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
