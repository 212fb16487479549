package dev.strata.rehearse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.strata.render.Describe;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * {@code strata rehearse}'s report as text, Markdown (a section a pull request's plan comment can include) and JSON
 * ({@code strata-rehearsal/1}, docs/rehearse.md). Steps in plan order, tables by name: the same report prints the same
 * bytes.
 */
public final class RehearsalRenderer {

    public static final String FORMAT = "strata-rehearsal/1";

    private static final List<String> HEADER = List.of("step", "lock", "measured at rows", "projected at production rows",
            "longest blocking hold", "longest application wait", "WAL", "verdict");

    private RehearsalRenderer() {}

    public static String text(RehearsalReport report) {
        StringBuilder out = new StringBuilder();
        summary(report).forEach(line -> out.append(line).append('\n'));
        out.append('\n');
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        report.steps().forEach(s -> rows.add(row(s)));
        int[] widths = new int[HEADER.size()];
        rows.forEach(r -> {
            for (int i = 0; i < r.size(); i++) {
                widths[i] = Math.max(widths[i], r.get(i).length());
            }
        });
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                line.append(i == r.size() - 1 ? r.get(i) : pad(r.get(i), widths[i]) + "  ");
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        out.append('\n');
        verdict(report).forEach(line -> out.append(line).append('\n'));
        if (!report.notes().isEmpty()) {
            out.append("\nNotes:\n");
            report.notes().forEach(n -> out.append("  - ").append(n).append('\n'));
        }
        return out.toString();
    }

    public static String markdown(RehearsalReport report) {
        StringBuilder out = new StringBuilder("### Rehearsal\n\n");
        summary(report).forEach(line -> out.append(line).append("  \n"));
        out.append('\n');
        out.append("| ").append(String.join(" | ", HEADER)).append(" |\n");
        out.append("|").append("---|".repeat(HEADER.size())).append('\n');
        report.steps().forEach(s -> out.append("| ").append(row(s).stream().map(RehearsalRenderer::cell)
                .collect(Collectors.joining(" | "))).append(" |\n"));
        out.append('\n');
        verdict(report).forEach(line -> out.append(line).append("  \n"));
        if (!report.notes().isEmpty()) {
            out.append('\n');
            report.notes().forEach(n -> out.append("- ").append(n).append('\n'));
        }
        return out.toString();
    }

    public static String json(RehearsalReport report) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("format", FORMAT);
        root.put("production", report.production());
        root.put("pg_major", report.major());
        root.put("scratch", report.scratch());
        root.put("workload", report.workload());
        ObjectNode thresholds = root.putObject("thresholds");
        thresholds.put("max_blocking_ms", report.thresholds().maxBlocking().toMillis());
        report.thresholds().maxStepDuration().ifPresentOrElse(d -> thresholds.put("max_step_duration_ms", d.toMillis()),
                () -> thresholds.putNull("max_step_duration_ms"));
        ArrayNode scales = root.putArray("scales");
        for (ScaleRun s : report.scales()) {
            ObjectNode n = scales.addObject();
            n.put("fraction", s.fraction());
            ObjectNode rows = n.putObject("rows");
            s.rows().forEach((table, count) -> rows.put(table.toString(), count));
            n.put("fill_ms", s.fill().toMillis());
            n.put("run_ms", s.run().toMillis());
        }
        ArrayNode steps = root.putArray("steps");
        for (StepReport s : report.steps()) {
            ObjectNode n = steps.addObject();
            n.put("id", s.stepId());
            n.put("phase", s.phase().name().toLowerCase(Locale.ROOT));
            n.put("title", s.title());
            n.put("lock", s.lock());
            s.table().ifPresentOrElse(t -> n.put("table", t.toString()), () -> n.putNull("table"));
            n.put("production_rows", s.productionRows());
            ArrayNode samples = n.putArray("samples");
            for (Sample m : s.samples()) {
                ObjectNode x = samples.addObject();
                x.put("scale", m.scale());
                x.put("rows", m.rows());
                x.put("duration_ms", m.value(Figure.DURATION));
                x.put("blocking_hold_ms", m.value(Figure.BLOCKING_HOLD));
                x.put("application_wait_ms", m.value(Figure.APPLICATION_WAIT));
                x.put("wal_bytes", m.walBytes());
                x.put("growth_bytes", m.growthBytes());
                x.put("rewritten", m.rewritten());
                ArrayNode locks = x.putArray("locks");
                m.locks().forEach(locks::add);
                x.put("workload_statements", m.workloadStatements());
                x.put("workload_failures", m.workloadFailures());
            }
            ObjectNode projections = n.putObject("projections");
            for (Figure figure : Figure.values()) {
                ObjectNode p = projections.putObject(figure.key());
                p.put("unit", figure.unit() == Figure.Unit.BYTES ? "bytes" : "ms");
                switch (s.projections().get(figure)) {
                    case Projection.Fitted fit -> {
                        p.put("model", "linear");
                        p.put("intercept", fit.intercept());
                        p.put("slope", fit.slope());
                        p.put("r_squared", fit.rSquared());
                        p.put("value", fit.value());
                    }
                    case Projection.Largest largest -> {
                        p.put("model", "largest");
                        p.put("reason", largest.reason());
                        p.put("value", largest.value());
                    }
                    case Projection.Proportional prop -> {
                        p.put("model", "proportional");
                        p.put("from_rows", prop.fromRows());
                        p.put("from_value", prop.fromValue());
                        p.put("r_squared", prop.rSquared());
                        p.put("value", prop.value());
                    }
                    case Projection.AtFullSize full -> {
                        p.put("model", "measured");
                        p.put("value", full.value());
                    }
                    case Projection.NotProjected none -> {
                        p.put("model", "none");
                        p.put("reason", none.reason());
                    }
                }
            }
            ObjectNode verdict = n.putObject("verdict");
            verdict.put("ok", s.withinThresholds());
            ArrayNode exceeded = verdict.putArray("exceeded");
            s.exceeded().forEach(exceeded::add);
        }
        root.put("within_thresholds", report.withinThresholds());
        ArrayNode notes = root.putArray("notes");
        report.notes().forEach(notes::add);
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                        .withObjectEmptySeparator("")
                        .withArrayEmptySeparator(""));
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        try {
            return new ObjectMapper().writer(printer).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a tree of plain nodes", e);
        }
    }

    private static List<String> summary(RehearsalReport report) {
        List<String> lines = new ArrayList<>();
        lines.add("Rehearsal on " + report.scratch() + " (PostgreSQL " + report.major() + "), statistics of "
                + report.production());
        lines.add("Workload: " + report.workload());
        for (ScaleRun s : report.scales()) {
            lines.add("Scale " + percent(s.fraction()) + ": " + s.rows().entrySet().stream()
                    .map(e -> e.getKey() + " " + Describe.rows(e.getValue()) + " rows")
                    .collect(Collectors.joining(", "))
                    + " (filled in " + millis(s.fill().toNanos() / 1e6) + ", plan ran in " + millis(s.run().toNanos() / 1e6) + ")");
        }
        return lines;
    }

    private static List<String> verdict(RehearsalReport report) {
        String limits = "Thresholds: blocking hold and application wait " + millis(report.thresholds().maxBlocking().toMillis())
                + report.thresholds().maxStepDuration().map(d -> ", step duration " + millis(d.toMillis())).orElse("");
        if (report.withinThresholds()) {
            return List.of(limits, "Verdict: every step stays within the thresholds at production size.");
        }
        List<String> lines = new ArrayList<>(List.of(limits, "Verdict: EXCEEDED"));
        report.steps().stream().filter(s -> !s.withinThresholds())
                .forEach(s -> lines.add("  " + s.stepId() + ": " + String.join("; ", s.exceeded())));
        return lines;
    }

    private static List<String> row(StepReport s) {
        String measured = s.samples().stream()
                .map(m -> millis(m.value(Figure.DURATION)) + " @ " + Describe.rows(m.rows()))
                .collect(Collectors.joining(", "));
        Projection duration = s.projections().get(Figure.DURATION);
        String projected = duration.projected().isPresent()
                ? millis(duration.projected().getAsDouble()) + " @ " + Describe.rows(s.productionRows()) + " ("
                + duration.describe() + ")"
                : duration.describe();
        return List.of(s.stepId() + " " + s.title(), s.lock(), measured, projected,
                figure(s, Figure.BLOCKING_HOLD), figure(s, Figure.APPLICATION_WAIT), figure(s, Figure.WAL),
                s.withinThresholds() ? "ok" : "EXCEEDS: " + String.join("; ", s.exceeded()));
    }

    /** The figure at production size; marked "measured" where it was not extended along a line. */
    private static String figure(StepReport s, Figure figure) {
        OptionalDouble value = s.atProduction(figure);
        if (value.isEmpty()) {
            return "-";
        }
        String shown = figure.unit() == Figure.Unit.BYTES ? Describe.bytes(Math.round(value.getAsDouble()))
                : millis(value.getAsDouble());
        Projection p = s.projections().get(figure);
        return p instanceof Projection.Fitted || p instanceof Projection.Proportional ? shown : shown + " (measured)";
    }

    static String millis(double ms) {
        if (ms < 10) {
            return String.format(Locale.ROOT, "%.1f ms", ms);
        }
        if (ms < 10_000) {
            return String.format(Locale.ROOT, "%.0f ms", ms);
        }
        if (ms < 600_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000);
        }
        return String.format(Locale.ROOT, "%.0f min", ms / 60_000);
    }

    private static String percent(double fraction) {
        return fraction >= 1 ? "full size" : String.format(Locale.ROOT, "%s %%",
                java.math.BigDecimal.valueOf(fraction * 100).stripTrailingZeros().toPlainString());
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    private static String cell(String s) {
        return s.replace("|", "\\|");
    }
}
