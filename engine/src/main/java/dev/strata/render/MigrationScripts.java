package dev.strata.render;

import dev.strata.plan.BackfillSql;
import dev.strata.plan.BackfillStep;
import dev.strata.plan.DdlStep;
import dev.strata.plan.Gate;
import dev.strata.plan.GateKind;
import dev.strata.plan.LockHold;
import dev.strata.plan.PhasePlan;
import dev.strata.plan.Plan;
import dev.strata.plan.Step;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A plan as one SQL script per step, for migration tools that record each script they ran (Flyway, Liquibase). Per
 * step, not per phase, so a tool's record of what ran is as fine as {@code strata apply}'s: a failed step is retried
 * alone, and no step holds another's locks. A transactional script runs in the tool's own transaction (so it has no
 * {@code BEGIN}/{@code COMMIT} and its settings are {@code SET LOCAL}); any other runs statement by statement with
 * autocommit, which {@code CREATE INDEX CONCURRENTLY} and a backfill that commits per batch need. Timeouts are
 * {@code strata apply}'s, as in {@link SqlRenderer}.
 */
final class MigrationScripts {

    private MigrationScripts() {}

    /**
     * One step's script.
     *
     * @param number        1-based position among the plan's scripts
     * @param transactional whether the tool may run the script in one transaction; if not, it must run each statement
     *                      on its own with autocommit
     * @param comments      the comment lines that describe the step, each with its newline
     * @param statements    the settings and statements, each ending with {@code ;} and its newline, in order
     * @param gateBefore    the gate the application must pass before this script, when it is the first of its phase
     * @param gateAfter     the gate that follows this script, when it is the last of its phase
     */
    record Script(int number, Step step, boolean transactional, String comments, List<String> statements,
            Optional<Gate> gateBefore, Optional<Gate> gateAfter) {

        Script {
            statements = List.copyOf(statements);
        }

        /** The comments and the statements, as one script. */
        String sql() {
            return comments + String.join("", statements);
        }

        /** {@code expand_add_column_public_users_handle}: the phase and the step's summary, as a name a file may have. */
        String description() {
            String phase = step.phase().name().toLowerCase(Locale.ROOT);
            String summary = slug(step.summary(), step.id());
            // "backfill public.users.handle …" reads as backfill_public_users_handle, not backfill_backfill_…
            return summary.equals(phase) || summary.startsWith(phase + "_") ? summary : phase + "_" + summary;
        }
    }

    static List<Script> of(Plan plan, int batchSize, Duration pause, Duration statementTimeout) {
        List<PhasePlan> phases = plan.phases();
        List<Script> scripts = new ArrayList<>();
        for (int p = 0; p < phases.size(); p++) {
            List<Step> steps = phases.get(p).steps();
            Optional<Gate> next = p + 1 < phases.size() ? phases.get(p + 1).gate() : Optional.empty();
            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                scripts.add(new Script(scripts.size() + 1, step, transactional(step), comments(step),
                        statements(plan, step, batchSize, pause, statementTimeout),
                        i == 0 ? phases.get(p).gate() : Optional.empty(),
                        i == steps.size() - 1 ? next : Optional.empty()));
            }
        }
        return List.copyOf(scripts);
    }

    private static boolean transactional(Step step) {
        return switch (step) {
            case DdlStep d -> d.transactional();
            // Commits after every batch, so no transaction holds its row locks for long.
            case BackfillStep b -> false;
        };
    }

    private static String comments(Step step) {
        StringBuilder out = new StringBuilder();
        out.append("-- ").append(SqlRenderer.oneLine(step.id())).append(": ").append(SqlRenderer.oneLine(step.summary())).append('\n');
        for (LockHold lock : Describe.locks(step)) {
            out.append("-- lock: ").append(SqlRenderer.oneLine(Describe.lock(lock))).append('\n');
        }
        if (step instanceof DdlStep d) {
            d.dataLoss().ifPresent(loss -> out.append("-- DATA LOSS: ").append(SqlRenderer.oneLine(loss.describe())).append('\n'));
        }
        if (!transactional(step)) {
            out.append("-- Not transactional: run statement by statement with autocommit, never in a transaction block.\n");
        }
        return out.toString();
    }

    private static List<String> statements(Plan plan, Step step, int batchSize, Duration pause, Duration statementTimeout) {
        List<String> out = new ArrayList<>();
        boolean transactional = transactional(step);
        // Inside the tool's transaction, SET LOCAL ends with it; outside, the settings are reset at the end, so the
        // tool's own statements and later scripts run as they would without this one.
        String set = transactional ? "SET LOCAL " : "SET ";
        // String literals (user defaults and checks too) mean what they say only with standard strings on.
        out.add(set + "standard_conforming_strings = on;\n");
        String guard = SqlRenderer.versionGuard(plan.pgMajor());
        if (!guard.isEmpty()) {
            out.add(guard);
        }
        out.add(set + "lock_timeout = '2s';\n");
        switch (step) {
            case DdlStep d -> {
                if (transactional) {
                    out.add("SET LOCAL statement_timeout = " + SqlRenderer.statementTimeout(d, statementTimeout) + ";\n");
                }
                statements(d).forEach(s -> out.add(s + ";\n"));
            }
            case BackfillStep b -> out.add(BackfillSql.script(b, batchSize, pause));
        }
        if (!transactional) {
            out.add("RESET lock_timeout;\n");
            out.add("RESET standard_conforming_strings;\n");
        }
        return out;
    }

    /** The one place these renderers read a step's statements, as SQL text without the semicolon. */
    private static List<String> statements(DdlStep step) {
        return step.sql();
    }

    /**
     * Comment lines (each {@code -- …} with its newline) saying what must be true before the scripts after {@code gate}
     * run; the application's code for the deploy is not SQL, so they point to where it is.
     */
    static String gateComment(Plan plan, Gate gate) {
        StringBuilder out = new StringBuilder();
        out.append("-- Gate ").append(SqlRenderer.oneLine(gate.id())).append(" (").append(SqlRenderer.oneLine(gate.title()))
                .append("): before this runs, all of this must be true:\n");
        gate.instructions().forEach(i -> out.append("--   - ").append(SqlRenderer.oneLine(i)).append('\n'));
        if (!plan.dualWrites().isEmpty()) {
            out.append("--   The application code for this deploy is not SQL: strata plan --format markdown shows it")
                    .append(gate.kind() == GateKind.DEPLOY_DUAL_WRITE ? " (write both)" : " (read new, stop writing old)")
                    .append(".\n");
        }
        return out.toString();
    }

    private static final int SLUG_LENGTH = 60;

    /** Lowercase ASCII letters and digits, runs of anything else as one {@code _}, at most 60 characters, cut at a {@code _}. */
    static String slug(String text, String fallback) {
        String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (slug.length() > SLUG_LENGTH) {
            int cut = slug.lastIndexOf('_', SLUG_LENGTH);
            slug = slug.substring(0, cut > 0 ? cut : SLUG_LENGTH);
        }
        return slug.isEmpty() ? slug(fallback, "step") : slug;
    }
}
