package dev.strata.rehearse;

import java.util.List;

/**
 * What a rehearsal found: the scales it ran, every step's measured and projected figures with its verdict, and notes
 * (scales shrunk to fit the disk budget, what could not be measured). The renderers in {@code dev.strata.render} print
 * it; pure.
 *
 * @param production where the schema and statistics came from (a redacted URL, or the {@code --from} directory)
 * @param major      the PostgreSQL major rehearsed on
 * @param scratch    the scratch server (never a password)
 * @param workload   what ran beside the plan, in words
 * @param steps      in plan order
 */
public record RehearsalReport(String production, int major, String scratch, String workload, List<ScaleRun> scales,
        List<StepReport> steps, Thresholds thresholds, List<String> notes) {

    public RehearsalReport {
        scales = List.copyOf(scales);
        steps = List.copyOf(steps);
        notes = List.copyOf(notes);
    }

    /** This report with {@code note} before the others: a caveat about every figure, such as the major rehearsed on. */
    public RehearsalReport noting(String note) {
        List<String> all = new java.util.ArrayList<>(List.of(note));
        all.addAll(notes);
        return new RehearsalReport(production, major, scratch, workload, scales, steps, thresholds, all);
    }

    public boolean withinThresholds() {
        return steps.stream().allMatch(StepReport::withinThresholds);
    }
}
