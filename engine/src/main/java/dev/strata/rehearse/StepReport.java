package dev.strata.rehearse;

import dev.strata.model.QualifiedName;
import dev.strata.plan.Phase;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One step of the plan across every scale rehearsed: what was measured, what that projects to at production's row
 * count, and whether a projected figure exceeds a threshold. Pure.
 *
 * @param lock           the strongest lock the plan says the step takes, as {@code access exclusive on public.users}
 *                       ({@code none} when it takes none)
 * @param table          the table whose rows the step's figures are fitted against: the one it works on
 * @param productionRows that table's rows in production
 * @param samples        one per scale the step ran at, smallest first
 * @param projections    every {@link Figure}, projected
 * @param exceeded       each threshold a projected figure (or, where none could be projected, a measured one) exceeds,
 *                       as a sentence; empty: within every threshold
 */
public record StepReport(String stepId, Phase phase, String title, String lock, Optional<QualifiedName> table,
        long productionRows, List<Sample> samples, Map<Figure, Projection> projections, List<String> exceeded) {

    public StepReport {
        samples = List.copyOf(samples);
        projections = Map.copyOf(projections);
        exceeded = List.copyOf(exceeded);
    }

    /** Which figures of a step grow with its table's rows, from the work its plan says it does under each lock. */
    public enum Growth {
        /** A lock that blocks traffic is held while every row is read or written: every figure grows with the rows. */
        EVERY_FIGURE,
        /**
         * Rows are worked through, but no lock that blocks traffic is held over all of them (batches, {@code CONCURRENTLY},
         * a {@code VALIDATE}): duration, WAL and growth grow; a blocking hold or a wait lasts a batch or a catalog change.
         */
        WORK_ONLY,
        /** Catalog only, or no table with rows: nothing grows with the rows. */
        NOTHING
    }

    /** Projects every figure of {@code samples} to {@code productionRows} and judges the result against {@code limits}. */
    public static StepReport of(String stepId, Phase phase, String title, String lock, Optional<QualifiedName> table,
            long productionRows, List<Sample> samples, Growth growth, Thresholds limits) {
        Map<Figure, Projection> projections = new EnumMap<>(Figure.class);
        for (Figure figure : Figure.values()) {
            List<Projection.Point> points = samples.stream().map(s -> new Projection.Point(s.rows(), s.value(figure))).toList();
            boolean hold = figure == Figure.BLOCKING_HOLD || figure == Figure.APPLICATION_WAIT;
            projections.put(figure, switch (growth) {
                case EVERY_FIGURE -> Projection.ofWork(points, productionRows);
                case WORK_ONLY -> hold ? Projection.largest(points, "held per batch or catalog change")
                        : Projection.ofWork(points, productionRows);
                case NOTHING -> Projection.largest(points, table.isEmpty() ? "no table with rows" : "catalog only");
            });
        }
        List<String> exceeded = new ArrayList<>();
        double maxBlocking = limits.maxBlocking().toNanos() / 1e6;
        judge(Figure.BLOCKING_HOLD, projections, samples, maxBlocking, exceeded);
        judge(Figure.APPLICATION_WAIT, projections, samples, maxBlocking, exceeded);
        limits.maxStepDuration().ifPresent(max -> judge(Figure.DURATION, projections, samples, max.toNanos() / 1e6, exceeded));
        return new StepReport(stepId, phase, title, lock, table, productionRows, samples, projections, exceeded);
    }

    /** The figure at production size: projected, or the largest measured where nothing could be projected. */
    public OptionalDouble atProduction(Figure figure) {
        OptionalDouble projected = projections.get(figure).projected();
        return projected.isPresent() ? projected : samples.stream().mapToDouble(s -> s.value(figure)).max();
    }

    public boolean withinThresholds() {
        return exceeded.isEmpty();
    }

    private static void judge(Figure figure, Map<Figure, Projection> projections, List<Sample> samples, double limitMillis,
            List<String> exceeded) {
        Projection projection = projections.get(figure);
        // A figure that was not extended along a line is a measurement, and the verdict says so.
        boolean measured = !(projection instanceof Projection.Fitted || projection instanceof Projection.Proportional
                || projection instanceof Projection.AtFullSize);
        OptionalDouble value = projection.projected().isPresent() ? projection.projected()
                : samples.stream().mapToDouble(s -> s.value(figure)).max();
        if (value.isPresent() && value.getAsDouble() > limitMillis) {
            exceeded.add(String.format(Locale.ROOT, "%s %s %.0f ms > %.0f ms", figure.label(),
                    measured ? "measured" : "projected", value.getAsDouble(), limitMillis));
        }
    }
}
