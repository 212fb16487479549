package dev.strata.render;

import dev.strata.model.UnmanagedObject;
import dev.strata.plan.BackfillStep;
import dev.strata.plan.DdlStep;
import dev.strata.plan.Gate;
import dev.strata.plan.LockHold;
import dev.strata.plan.Phase;
import dev.strata.plan.PhasePlan;
import dev.strata.plan.Plan;
import dev.strata.plan.PolicyViolation;
import dev.strata.plan.Review;
import dev.strata.plan.Reviews;
import dev.strata.plan.Step;
import dev.strata.sql.Identifiers;


/**
 * A plan for a terminal. Colour (ANSI) is only decoration: without it the output says the same, so data loss
 * and policy violations are also marked in words.
 */
public final class TextRenderer {

    /** How every DDL step is run (the executor's default; the SQL files set it too). */
    static final String LOCK_TIMEOUT_NOTE = "Every DDL statement runs under a short lock_timeout (2 s by default) and is retried with backoff, so it never queues application traffic behind it.";

    private static final String RESET = "\u001b[0m";
    private static final String BOLD = "\u001b[1m";
    private static final String DIM = "\u001b[2m";
    private static final String RED = "\u001b[1;31m";
    private static final String YELLOW = "\u001b[33m";
    private static final String CYAN = "\u001b[36m";

    private final boolean colour;
    private final StringBuilder out = new StringBuilder();

    private TextRenderer(boolean colour) {
        this.colour = colour;
    }

    public static String render(Plan plan, boolean colour) {
        return new TextRenderer(colour).plan(plan);
    }

    private String plan(Plan plan) {
        line(style(BOLD, "Plan for " + plan.current()) + " (PostgreSQL " + plan.pgMajor() + ")");
        if (plan.isEmpty()) {
            line("");
            line("No changes: the database matches the schema" + (plan.warnings().isEmpty() ? "." : ", but see the warnings below."));
            trailer(plan);
            return out.toString();
        }
        line("");
        line(LOCK_TIMEOUT_NOTE);
        line("");
        line(style(BOLD, "Changes"));
        plan.changes().forEach(c -> line("  - " + c));
        if (!plan.tableFacts().isEmpty()) {
            line("");
            line(style(BOLD, "Tables"));
            plan.tableFacts().forEach((table, facts) ->
                    line("  " + Identifiers.qualified(table) + ": " + Describe.tableFacts(facts)));
        }
        if (!plan.violations().isEmpty()) {
            line("");
            line(style(RED, "Policy violations (the plan will not run)"));
            for (PolicyViolation v : plan.violations()) {
                line("  " + style(RED, "✗") + " " + v.stepId() + ": " + v.message());
            }
        }
        java.util.List<String> preflight = Describe.preflight(plan.preflight());
        if (!preflight.isEmpty()) {
            line("");
            line(style(plan.preflight().failures().isEmpty() ? BOLD : RED, "Preflight") + " (the live data, read-only, when the plan was made)");
            preflight.forEach(l -> line("  " + l));
        }
        needsReview(plan);
        for (PhasePlan phase : plan.phases()) {
            phase.gate().ifPresent(this::gate);
            if (!phase.steps().isEmpty()) {
                phase(phase.phase());
            }
            phase.steps().forEach(step -> step(plan, step));
        }
        trailer(plan);
        return out.toString();
    }

    private void needsReview(Plan plan) {
        Reviews reviews = plan.reviews();
        if (!reviews.configured()) {
            return;
        }
        line("");
        String large = "tables with " + Describe.threshold(reviews);
        if (!reviews.sizesKnown()) {
            line(style(BOLD, "Needs review") + ": unknown — table sizes are unknown offline, so this plan cannot tell"
                    + " which steps touch " + large + "; plan with --url to see them");
            return;
        }
        if (reviews.steps().isEmpty()) {
            line(style(BOLD, "Needs review") + ": none (no step touches " + large + ")");
            return;
        }
        line(style(BOLD + YELLOW, "Needs review") + " (steps on " + large + "; apply runs them only with"
                + " --reviewed-by NAME naming one of their reviewers)");
        for (Review review : reviews.steps()) {
            line("  " + review.stepId() + " on " + Identifiers.qualified(review.table()) + ": reviewers "
                    + Describe.reviewers(review));
            line("    " + Describe.reviewQuestion(plan, review));
        }
    }

    private void phase(Phase phase) {
        line("");
        line(style(BOLD + CYAN, "═══ " + phase.title().toUpperCase(java.util.Locale.ROOT) + " ═══"));
    }

    private void step(Plan plan, Step step) {
        line("");
        line(style(BOLD, step.id()) + "  " + step.summary());
        plan.violations().stream().filter(v -> v.stepId().equals(step.id()))
                .forEach(v -> line("  " + style(RED, "POLICY VIOLATION: " + v.message())));
        if (step instanceof DdlStep d) {
            d.dataLoss().ifPresent(loss -> line("  " + style(RED, "DATA LOSS: " + loss.describe())));
        }
        for (String sql : Describe.sql(step)) {
            sql.lines().forEach(l -> line("    " + l));
        }
        for (LockHold lock : Describe.locks(step)) {
            String text = "lock: " + Describe.lock(lock);
            line("  " + (lock.blocksTrafficDuringFullTableWork() ? style(YELLOW, text) : text));
        }
        switch (step) {
            case DdlStep d -> {
                if (!d.transactional()) {
                    line("  runs outside a transaction");
                }
                line("  " + Describe.reversibility(d));
                d.inverseSql().ifPresent(inverse -> inverse.forEach(s ->
                        (s + ";").lines().forEach(l -> line("    " + style(DIM, l)))));
                d.facts().forEach(f -> line("  " + style(DIM, "fact: " + f)));
            }
            case BackfillStep b -> line(switch (b.batch()) {
                case BackfillStep.Batch.Assign a -> "  restartable: rows already done no longer match the pending predicate";
                case BackfillStep.Batch.Archive a -> "  restartable: resumes after the last batch it committed; rows already copied are skipped";
            });
        }
    }

    private void gate(Gate gate) {
        line("");
        line(style(BOLD + YELLOW, "▶ " + gate.id() + ": " + gate.title()
                + " (before " + gate.before().title() + ")"));
        gate.instructions().forEach(i -> line("  [ ] " + i));
    }

    private void trailer(Plan plan) {
        plan.recovery().ifPresent(r -> {
            line("");
            line(style(BOLD, "Recovery") + " (read from the server when the plan was made)");
            Describe.recovery(r).forEach(l -> line("  " + l));
            line("  " + style(DIM, "see " + Describe.RECOVERY_SOURCES));
        });
        if (!plan.warnings().isEmpty()) {
            line("");
            line(style(BOLD + YELLOW, "Warnings"));
            plan.warnings().forEach(w -> line("  ! " + w));
        }
        if (!plan.unmanaged().isEmpty()) {
            line("");
            line(style(BOLD, "Unmanaged objects"));
            for (UnmanagedObject u : plan.unmanaged()) {
                line("  " + u.describe());
            }
        }
    }

    private String style(String code, String text) {
        return colour ? code + text + RESET : text;
    }

    private void line(String text) {
        out.append(text).append('\n');
    }
}
