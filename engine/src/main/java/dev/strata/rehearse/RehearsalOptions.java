package dev.strata.rehearse;

import dev.strata.scratch.Scratch;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How to rehearse.
 *
 * @param scales          fractions of production's rows to fill, each in its own fresh database (default 1 %, 2 %, 4 %;
 *                        {@code 1}: full size)
 * @param maxScratchBytes the disk the largest scale may take ({@code --max-scratch-gb}); the scales shrink to fit
 * @param scratch         where the scratch server comes from (an embedded server of the major, or {@code --scratch-url});
 *                        every scale gets a fresh database on it
 * @param workload        what runs beside the plan
 * @param seed            the synthetic rows' and workload's seed: the same seed fills the same rows
 * @param dropNow         plan drops as production's plan would ({@code --drop-now}); retained by default
 */
public record RehearsalOptions(List<Double> scales, Optional<Long> maxScratchBytes, Scratch.Source scratch,
        WorkloadChoice workload, Thresholds thresholds, long seed, boolean dropNow) {

    public static final List<Double> DEFAULT_SCALES = List.of(0.01, 0.02, 0.04);
    public static final double DEFAULT_TPS = 50;

    public RehearsalOptions {
        scales = List.copyOf(scales);
        if (scales.isEmpty()) {
            throw new IllegalArgumentException("at least one scale is needed");
        }
        for (double s : scales) {
            if (!(s > 0 && s <= 1)) {
                throw new IllegalArgumentException("a scale is a fraction of production's rows, above 0 and at most 1: " + s);
            }
        }
    }

    public static RehearsalOptions defaults() {
        return new RehearsalOptions(DEFAULT_SCALES, Optional.empty(), Scratch.EMBEDDED,
                new WorkloadChoice.Synthetic(DEFAULT_TPS), Thresholds.defaults(), 1, false);
    }

    /** The application traffic a rehearsal runs beside the plan. */
    public sealed interface WorkloadChoice {
        /** INSERT, UPDATE and SELECT shapes of the old application on the touched tables. */
        record Synthetic(double transactionsPerSecond) implements WorkloadChoice {}

        /** The user's pgbench script. */
        record Pgbench(Path script, double transactionsPerSecond) implements WorkloadChoice {}

        /** No traffic: only the plan's own figures. */
        record None() implements WorkloadChoice {}

        default String describe() {
            return switch (this) {
                case Synthetic s -> "synthetic INSERT/UPDATE/SELECT at " + tps(s.transactionsPerSecond()) + " tps on the touched tables";
                case Pgbench p -> "pgbench " + p.script() + " at " + tps(p.transactionsPerSecond()) + " tps";
                case None n -> "none";
            };
        }

        private static String tps(double value) {
            return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        }
    }
}
