package dev.strata.render;

import dev.strata.plan.BackfillStep;
import dev.strata.plan.DdlStep;
import dev.strata.plan.DualWrite;
import dev.strata.plan.GateKind;
import dev.strata.plan.GateStep;
import dev.strata.plan.LockTarget;
import dev.strata.plan.Phase;
import dev.strata.plan.Plan;
import dev.strata.plan.PolicyViolation;
import dev.strata.plan.Reviews;
import dev.strata.plan.Step;
import dev.strata.sql.Identifiers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A plan as a pull-request comment, through the template {@code plan.md}. This class decides what is said and
 * escapes it for Markdown; the template decides the layout.
 */
public final class MarkdownRenderer {

    public static final String TEMPLATE = "plan.md";

    private MarkdownRenderer() {}

    public static String render(Plan plan, Templates templates) {
        return templates.render(TEMPLATE, scope(plan, templates));
    }

    private static Map<String, Object> scope(Plan plan, Templates templates) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("current", inlineCodeContent(plan.current()));
        s.put("pgMajor", plan.pgMajor());
        s.put("empty", plan.isEmpty());
        s.put("changeCount", plan.changes().size());
        s.put("changes", plan.changes().stream().map(MarkdownRenderer::text).toList());
        List<Map<String, Object>> counts = new ArrayList<>();
        for (Phase phase : Phase.values()) {
            counts.add(Map.of("title", phase.title(), "count", plan.steps(phase).size()));
        }
        s.put("phaseCounts", counts);
        s.put("gateCount", plan.gates().size());
        List<String> losses = plan.steps().stream()
                .flatMap(step -> step instanceof DdlStep d ? d.dataLoss().stream() : java.util.stream.Stream.empty())
                .map(loss -> text(loss.describe()))
                .toList();
        s.put("dataLossSummary", losses.isEmpty() ? "none" : ":warning: " + cell(String.join("; ", losses)));
        s.put("violationSummary", plan.violations().isEmpty() ? "none"
                : ":no_entry: " + plan.violations().size());
        s.put("hasViolations", !plan.violations().isEmpty());
        s.put("violations", plan.violations().stream()
                .map(v -> Map.of("stepId", text(v.stepId()), "message", text(v.message()))).toList());
        s.put("hasTables", !plan.tableFacts().isEmpty());
        s.put("tables", plan.tableFacts().entrySet().stream().map(e -> Map.of(
                "name", cell(code(Identifiers.qualified(e.getKey()))),
                "size", Describe.bytes(e.getValue().bytes()),
                "rows", Describe.rows(e.getValue().estimatedRows()))).toList());
        review(s, plan);
        List<Map<String, Object>> phases = new ArrayList<>();
        for (Phase phase : Phase.values()) {
            List<Step> steps = plan.steps(phase);
            Optional<GateStep> gate = plan.gates().stream().filter(g -> g.kind().after() == phase).findFirst();
            if (steps.isEmpty() && gate.isEmpty()) {
                continue;
            }
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("title", phase.title());
            p.put("steps", steps.stream().map(step -> step(step, plan.violations())).toList());
            p.put("gate", gate.map(g -> gate(g, plan.dualWrites(), templates)).orElse(null));
            phases.add(p);
        }
        s.put("phases", phases);
        s.put("hasRecovery", plan.recovery().isPresent());
        s.put("recovery", plan.recovery().map(r -> Describe.recovery(r).stream().map(MarkdownRenderer::text).toList())
                .orElse(List.of()));
        s.put("hasWarnings", !plan.warnings().isEmpty());
        s.put("warnings", plan.warnings().stream().map(MarkdownRenderer::text).toList());
        s.put("hasUnmanaged", !plan.unmanaged().isEmpty());
        s.put("unmanaged", plan.unmanaged().stream()
                .map(u -> Map.of("kind", text(u.kind()), "identity", code(u.identity()))).toList());
        return s;
    }

    /** The "Needs review" section: present only when the project has review rules. */
    private static void review(Map<String, Object> s, Plan plan) {
        Reviews reviews = plan.reviews();
        s.put("hasReviewRules", reviews.configured());
        s.put("reviewThreshold", reviews.configured() ? text(Describe.threshold(reviews)) : "");
        s.put("reviewSizesUnknown", reviews.configured() && !reviews.sizesKnown());
        s.put("reviewNone", reviews.configured() && reviews.sizesKnown() && reviews.steps().isEmpty());
        s.put("hasReviews", !reviews.steps().isEmpty());
        s.put("reviews", reviews.steps().stream().map(r -> Map.of(
                "stepId", inlineCodeContent(r.stepId()),
                "table", code(Identifiers.qualified(r.table())),
                "reviewers", text(Describe.reviewers(r)),
                "question", text(Describe.reviewQuestion(plan, r)))).toList());
    }

    private static Map<String, Object> step(Step step, List<PolicyViolation> violations) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", inlineCodeContent(step.id()));
        s.put("summary", text(step.summary()));
        s.put("violations", violations.stream().filter(v -> v.stepId().equals(step.id()))
                .map(v -> text(v.message())).toList());
        String sql = String.join("\n", Describe.sql(step));
        s.put("sql", sql);
        s.put("fence", fence(sql));
        var locks = Describe.locks(step);
        s.put("hasLocks", !locks.isEmpty());
        s.put("locks", locks.stream().map(l -> Map.of(
                "relation", cell(switch (l.target()) {
                    case LockTarget.Relation r -> code(Identifiers.qualified(r.name()));
                    case LockTarget.Type t -> "type " + code(Identifiers.qualified(t.name()));
                }),
                "mode", l.mode().sql(),
                "blocks", l.blocks(),
                "work", l.work().description())).toList());
        s.put("backfill", step instanceof BackfillStep b && b.batch() instanceof BackfillStep.Batch.Assign);
        s.put("archiveCopy", step instanceof BackfillStep b && b.batch() instanceof BackfillStep.Batch.Archive);
        if (step instanceof DdlStep d) {
            s.put("dataLoss", d.dataLoss().map(loss -> text(loss.describe())).orElse(null));
            s.put("nonTransactional", !d.transactional());
            List<String> inverse = d.inverse().orElse(List.of()).stream().map(x -> x + ";").toList();
            String inverseSql = String.join("\n", inverse);
            s.put("reversible", !inverse.isEmpty());
            s.put("inverseSql", inverseSql);
            s.put("inverseFence", fence(inverseSql));
            s.put("nothingToUndo", d.inverse().map(List::isEmpty).orElse(false));
            s.put("irreversible", d.inverse().isEmpty());
            s.put("hasFacts", !d.facts().isEmpty());
            s.put("facts", d.facts().stream().map(MarkdownRenderer::text).toList());
        }
        return s;
    }

    private static Map<String, Object> gate(GateStep gate, List<DualWrite> dualWrites, Templates templates) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("id", inlineCodeContent(gate.id()));
        g.put("title", gate.summary());
        g.put("before", gate.kind().before().title());
        g.put("instructions", gate.instructions().stream().map(MarkdownRenderer::text).toList());
        List<String> phases = gate.kind() == GateKind.DEPLOY_DUAL_WRITE
                ? List.of("write-both")
                : List.of("read-new", "stop-writing-old");
        List<Map<String, Object>> code = new ArrayList<>();
        for (DualWrite dw : dualWrites) {
            for (String stack : DualWriteCode.STACKS) {
                for (String phase : phases) {
                    var snippet = DualWriteCode.render(dw, stack, phase, templates);
                    String body = snippet.code().stripTrailing();
                    code.add(Map.of(
                            "title", text(stack + ", " + phase + ": " + Identifiers.qualified(dw.table()) + "."
                                    + Identifiers.quote(dw.finalName())),
                            "language", snippet.language(),
                            "code", body,
                            "fence", fence(body)));
                }
            }
        }
        g.put("code", code);
        return g;
    }

    // --- Markdown escaping ---------------------------------------------------------------------------------

    /** Plain text in a paragraph or list item: characters that would start markup or HTML are escaped. */
    static String text(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.replaceAll("[\\r\\n]+", " ").toCharArray()) {
            switch (c) {
                case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '#' -> out.append('\\').append(c);
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** An inline code span that holds any text, backticks included. */
    static String code(String value) {
        String content = value.replaceAll("[\\r\\n]+", " ");
        String ticks = "`";
        while (content.contains(ticks)) {
            ticks += "`";
        }
        String pad = content.startsWith("`") || content.endsWith("`") ? " " : "";
        return ticks + pad + content + pad + ticks;
    }

    /** Content for a template position already inside single backticks: backticks cannot appear there. */
    private static String inlineCodeContent(String value) {
        return value.replaceAll("[\\r\\n]+", " ").replace('`', '\'');
    }

    /** A table cell: pipes would end the cell, even inside code spans. */
    private static String cell(String value) {
        return value.replace("|", "\\|");
    }

    /** A code fence longer than any run of backticks in the block. */
    private static String fence(String block) {
        String fence = "```";
        while (block.contains(fence)) {
            fence += "`";
        }
        return fence;
    }
}
