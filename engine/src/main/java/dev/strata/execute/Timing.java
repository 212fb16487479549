package dev.strata.execute;

import java.time.Duration;
import java.util.Random;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Time and chance, injectable so retries and rate caps can be tested without waiting.
 *
 * @param nanoTime a monotonic clock ({@link System#nanoTime()})
 * @param sleeper  waits (Thread.sleep)
 * @param random   the jitter source
 */
public record Timing(LongSupplier nanoTime, Sleeper sleeper, RandomGenerator random) {

    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    public static Timing system() {
        return new Timing(System::nanoTime, d -> Thread.sleep(d.toMillis(), (int) (d.toNanosPart() % 1_000_000)),
                new Random());
    }

    void pause(Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            return;
        }
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.strata.diagnostics.StrataException("interrupted while waiting; the run stopped between steps"
                    + " and resumes where it stopped");
        }
    }
}
