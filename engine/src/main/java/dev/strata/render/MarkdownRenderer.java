package dev.strata.render;

import dev.strata.plan.BackfillStep;
import dev.strata.plan.DdlStep;
import dev.strata.plan.DualWrite;
import dev.strata.plan.Gate;
import dev.strata.plan.GateKind;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockTarget;
import dev.strata.plan.Phase;
import dev.strata.plan.PhasePlan;
import dev.strata.plan.Plan;
import dev.strata.plan.PolicyViolation;
import dev.strata.plan.Reviews;
import dev.strata.plan.Step;
import dev.strata.plan.Undo;
import dev.strata.sql.Identifiers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A plan as a pull-request comment, through the template {@code plan.md}. This class decides what is said and
 * escapes it for Markdown; the template decides the layout.
 *
 * <p>A comment must fit GitHub's limit ({@link #COMMENT_LIMIT} characters), and most of a long plan is the dual-write
 * code. So the code goes into files when there is a directory to write them to, and otherwise the plan gives up
 * detail in a fixed order until it fits, saying each time what it left out and where to find it.
 */
public final class MarkdownRenderer {

    public static final String TEMPLATE = "plan.md";

    /** GitHub's maximum length of a pull-request comment, in characters. */
    public static final int COMMENT_LIMIT = 65_536;

    /** The Markdown and, when the code was moved out of it, the dual-write code files by relative path. */
    public record Document(String markdown, SortedMap<String, String> files) {}

    /** What a plan gives up, in this order, to fit the limit. */
    private enum Detail { FULL, NO_CODE, NO_STEP_DETAILS }

    private MarkdownRenderer() {}

    /** For stdout: the dual-write code inline while the comment fits. */
    public static String render(Plan plan, Templates templates) {
        return render(plan, templates, false).markdown();
    }

    /**
     * @param codeInFiles the dual-write code goes into files under {@code dual-write/} (written beside the plan by
     *                    {@code --out}) and the comment names them
     */
    public static Document render(Plan plan, Templates templates, boolean codeInFiles) {
        SortedMap<String, String> files = new TreeMap<>();
        String markdown = "";
        for (Detail detail : Detail.values()) {
            if (codeInFiles && detail == Detail.FULL) {
                continue;
            }
            files.clear();
            markdown = templates.render(TEMPLATE, scope(plan, templates, detail, codeInFiles, files));
            if (markdown.length() <= COMMENT_LIMIT) {
                return new Document(markdown, files);
            }
        }
        return new Document(truncated(markdown), files);
    }

    /** The last resort: whole sections up to the limit, and a line saying where the rest is. */
    private static String truncated(String markdown) {
        String note = "\n\n---\n\n**Plan truncated** to fit a pull-request comment (" + COMMENT_LIMIT
                + " characters): the full plan is in `strata plan --format text` or `--format json`.\n";
        int cut = markdown.lastIndexOf("\n### ", COMMENT_LIMIT - note.length());
        int step = markdown.lastIndexOf("\n#### ", COMMENT_LIMIT - note.length());
        cut = Math.max(Math.max(cut, step), 0);
        return markdown.substring(0, cut).stripTrailing() + note;
    }

    private static Map<String, Object> scope(Plan plan, Templates templates, Detail detail, boolean codeInFiles,
                                             SortedMap<String, String> files) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("current", inlineCodeContent(plan.current()));
        s.put("summary", summary(plan));
        s.put("codeLeftOut", detail != Detail.FULL && !codeInFiles);
        s.put("detailsLeftOut", detail == Detail.NO_STEP_DETAILS);
        s.put("codeInFiles", codeInFiles && !plan.dualWrites().isEmpty());
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
        // Each section closes with the gate before the next phase; a plan whose first phase has a gate (one that
        // only removes) opens with that gate alone.
        List<Map<String, Object>> phases = new ArrayList<>();
        List<PhasePlan> planned = plan.phases();
        for (int i = -1; i < planned.size(); i++) {
            Optional<Gate> gate = i + 1 < planned.size() ? planned.get(i + 1).gate() : Optional.empty();
            if (i < 0 && gate.isEmpty()) {
                continue;
            }
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("title", i < 0 ? null : planned.get(i).phase().title());
            p.put("steps", i < 0 ? List.of() : planned.get(i).steps().stream()
                    .map(step -> step(step, plan.violations(), detail)).toList());
            p.put("gate", gate.map(g -> gate(g, plan, templates, detail, codeInFiles, files)).orElse(null));
            phases.add(p);
        }
        s.put("phases", phases);
        List<String> preflight = Describe.preflight(plan.preflight());
        s.put("hasPreflight", !preflight.isEmpty());
        s.put("preflight", preflight.stream().map(MarkdownRenderer::text).toList());
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

    /**
     * One line a reviewer reads first: the strongest lock and where, whether anything blocks traffic while it reads
     * or rewrites a whole table, the deploys, the data loss and the reviews.
     */
    static String summary(Plan plan) {
        List<LockHold> locks = plan.steps().stream().flatMap(step -> Describe.locks(step).stream()).toList();
        Optional<LockHold> strongest = locks.stream().filter(l -> l.target() instanceof LockTarget.Relation)
                .max(Comparator.comparing(LockHold::mode).thenComparing(l -> l.work().touchesEveryRow()));
        long blocking = plan.steps().stream()
                .filter(step -> Describe.locks(step).stream().anyMatch(LockHold::blocksTrafficDuringFullTableWork)).count();
        long losses = plan.steps().stream().filter(step -> step instanceof DdlStep d && d.dataLoss().isPresent()).count();
        int reviews = plan.reviews().steps().size();
        return "**At a glance:** strongest lock "
                + strongest.map(l -> l.mode().sql() + " on " + code(Identifiers.qualified(((LockTarget.Relation) l.target()).name()))
                        + " (" + l.work().description() + ")").orElse("none on a table")
                + " · " + (blocking == 0 ? "no step blocks traffic while it scans or rewrites a table"
                        : ":no_entry: " + blocking + (blocking == 1 ? " step blocks" : " steps block") + " traffic while it scans or rewrites a table")
                + " · " + plural(plan.gates().size(), "deploy")
                + " · data loss: " + (losses == 0 ? "none" : ":warning: " + plural(losses, "step"))
                + (reviews == 0 ? "" : " · needs review: " + plural(reviews, "step"));
    }

    private static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static Map<String, Object> step(Step step, List<PolicyViolation> violations, Detail detail) {
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
            List<String> inverse = d.inverseSql().orElse(List.of()).stream().map(x -> x + ";").toList();
            String inverseSql = String.join("\n", inverse);
            s.put("details", detail != Detail.NO_STEP_DETAILS);
            s.put("reversible", !inverse.isEmpty());
            s.put("inverseSql", inverseSql);
            s.put("inverseFence", fence(inverseSql));
            s.put("nothingToUndo", d.undo() instanceof Undo.Nothing);
            s.put("irreversible", d.irreversibleBecause().map(MarkdownRenderer::text).orElse(null));
            s.put("hasFacts", !d.facts().isEmpty());
            s.put("facts", d.facts().stream().map(MarkdownRenderer::text).toList());
        }
        return s;
    }

    private static Map<String, Object> gate(Gate gate, Plan plan, Templates templates, Detail detail,
                                            boolean codeInFiles, SortedMap<String, String> files) {
        List<DualWrite> dualWrites = plan.dualWrites();
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("id", inlineCodeContent(gate.id()));
        g.put("title", gate.title());
        g.put("before", gate.before().title());
        g.put("instructions", gate.instructions().stream().map(MarkdownRenderer::text).toList());
        // A read switch that is the plan's first gate (no backfill, so no dual-write gate) includes the dual-write deploy.
        boolean alone = plan.gates().getFirst().equals(gate);
        List<String> phases = gate.kind() == GateKind.DEPLOY_DUAL_WRITE ? List.of("write-both")
                : alone ? List.of("write-both", "read-new", "stop-writing-old")
                : List.of("read-new", "stop-writing-old");
        List<Map<String, Object>> code = new ArrayList<>();
        List<Map<String, Object>> codeFiles = new ArrayList<>();
        for (int i = 0; i < dualWrites.size(); i++) {
            DualWrite dw = dualWrites.get(i);
            for (String stack : DualWriteCode.STACKS) {
                for (String phase : phases) {
                    var snippet = DualWriteCode.render(dw, stack, phase, templates);
                    String body = snippet.code().stripTrailing();
                    String title = text(stack + ", " + phase + ": " + Identifiers.qualified(dw.table()) + "."
                            + Identifiers.quote(dw.finalName()));
                    if (codeInFiles) {
                        // Numbered first: a name may hold any character a path may not, so its readable part can collide.
                        String slug = (dw.table() + "." + dw.finalName()).replaceAll("[^A-Za-z0-9_.]", "_");
                        String path = "dual-write/" + (i + 1) + "-" + slug.substring(0, Math.min(slug.length(), 60))
                                + "-" + stack + "-" + phase + "." + EXTENSIONS.get(snippet.language());
                        files.put(path, body + "\n");
                        codeFiles.add(Map.of("title", title, "path", path));
                    } else if (detail == Detail.FULL) {
                        code.add(Map.of("title", title, "language", snippet.language(), "code", body, "fence", fence(body)));
                    }
                }
            }
        }
        g.put("code", code);
        g.put("codeFiles", codeFiles);
        return g;
    }

    private static final Map<String, String> EXTENSIONS = Map.of("java", "java", "python", "py");

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
