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
import dev.strata.plan.TableWork;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A plan as plain SQL files, one per phase ({@code 01_expand.sql}, {@code 02_backfill.sql},
 * {@code 03_contract.sql}), for teams that run migrations with their own tools. Each file says in its header
 * which deploy must have happened before it runs. Timeouts are those {@code strata apply} uses: every statement
 * waits at most 2 s for its lock, a catalog-only step runs under {@code statement_timeout}, a step that scans
 * has none.
 */
public final class SqlRenderer {

    private SqlRenderer() {}

    /** @param statementTimeout the {@code statement_timeout} of catalog-only steps (apply's {@code --statement-timeout}) */
    public static SortedMap<String, String> files(Plan plan, int batchSize, Duration pause, Duration statementTimeout) {
        SortedMap<String, String> files = new TreeMap<>();
        List<PhasePlan> phases = plan.phases();
        for (int i = 0; i < phases.size(); i++) {
            PhasePlan phase = phases.get(i);
            // A gate alone (in a plan saved by an older Strata) has nothing to run.
            if (phase.steps().isEmpty()) {
                continue;
            }
            String name = String.format(Locale.ROOT, "%02d_%s.sql", phase.phase().ordinal() + 1,
                    phase.phase().name().toLowerCase(Locale.ROOT));
            Optional<Gate> next = i + 1 < phases.size() ? phases.get(i + 1).gate() : Optional.empty();
            files.put(name, file(plan, phase, next, batchSize, pause, statementTimeout));
        }
        return Collections.unmodifiableSortedMap(files);
    }

    /** A plan for this major runs on every server Strata supports: its files need no version check. */
    private static final int OLDEST_SUPPORTED_MAJOR = 14;

    /** @param next the gate that opens the next phase, which the application passes after this file */
    private static String file(Plan plan, PhasePlan phase, Optional<Gate> next, int batchSize, Duration pause,
            Duration statementTimeout) {
        StringBuilder out = new StringBuilder();
        out.append("-- Strata plan for ").append(oneLine(plan.current())).append(" (PostgreSQL ")
                .append(plan.pgMajor()).append("): ").append(phase.phase().title()).append('\n');
        if (phase.gate().isEmpty()) {
            out.append("-- Nothing must be deployed before this file runs.\n");
        } else {
            Gate gate = phase.gate().get();
            out.append("-- Before this file runs, all of this must be true:\n");
            out.append("--   ").append(oneLine(gate.id())).append(" (").append(oneLine(gate.title())).append(")\n");
            gate.instructions().forEach(i -> out.append("--   - ").append(oneLine(i)).append('\n'));
        }
        if (next.isPresent() && next.get().kind() == GateKind.DEPLOY_DUAL_WRITE) {
            out.append("-- After it, deploy the dual-write code before the next file.\n");
        }
        out.append('\n');
        // String literals (user defaults and checks too) mean what they say only with standard strings on;
        // psql's own lexer follows the setting as well.
        out.append("SET standard_conforming_strings = on;\n");
        out.append(versionGuard(plan.pgMajor()));
        out.append("SET lock_timeout = '2s';\n");
        for (Step step : phase.steps()) {
            out.append('\n');
            out.append("-- ").append(oneLine(step.id())).append(": ").append(oneLine(step.summary())).append('\n');
            if (step instanceof DdlStep d) {
                d.irreversibleBecause().ifPresent(reason -> out.append("-- cannot be undone: ").append(oneLine(reason)).append('\n'));
            }
            for (LockHold lock : Describe.locks(step)) {
                out.append("-- lock: ").append(oneLine(Describe.lock(lock))).append('\n');
            }
            switch (step) {
                case DdlStep d -> ddl(out, d, statementTimeout);
                case BackfillStep b -> out.append(BackfillSql.script(b, batchSize, pause));
            }
        }
        return out.toString();
    }

    /**
     * A statement that refuses to go on on a server older than {@code pgMajor} (with its newline), or nothing when every
     * supported server will do: a statement only a newer server knows would fail midway, after earlier phases ran.
     */
    static String versionGuard(int pgMajor) {
        if (pgMajor <= OLDEST_SUPPORTED_MAJOR) {
            return "";
        }
        return "DO $strata$ BEGIN IF current_setting('server_version_num')::int < " + pgMajor * 10000
                + " THEN RAISE EXCEPTION 'this plan is for PostgreSQL " + pgMajor
                + " or later (server: %): plan again for this server', current_setting('server_version');"
                + " END IF; END $strata$;\n";
    }

    private static void ddl(StringBuilder out, DdlStep step, Duration statementTimeout) {
        step.dataLoss().ifPresent(loss -> out.append("-- DATA LOSS: ").append(oneLine(loss.describe())).append('\n'));
        if (step.transactional()) {
            out.append("BEGIN;\n");
            out.append("SET LOCAL statement_timeout = ").append(statementTimeout(step, statementTimeout)).append(";\n");
            step.sql().forEach(s -> out.append(s).append(";\n"));
            out.append("COMMIT;\n");
        } else {
            out.append("-- Not transactional: the runner must not wrap these statements in a transaction.\n");
            step.sql().forEach(s -> out.append(s).append(";\n"));
        }
    }

    /** The {@code statement_timeout} value of a transactional step, as SQL: {@code '60000ms'}, or {@code 0} for one that scans. */
    static String statementTimeout(DdlStep step, Duration statementTimeout) {
        // As apply's DdlRunner: a catalog-only step that runs long is stuck, not working; a scan may take its time.
        boolean scans = step.locks().stream().anyMatch(l -> l.work() != TableWork.CATALOG_ONLY);
        return scans ? "0" : "'" + statementTimeout.toMillis() + "ms'";
    }

    /** Text for a {@code --} comment, which a newline or carriage return would end (names and checks may hold both). */
    static String oneLine(String text) {
        return text.replaceAll("[\\r\\n]+", " ");
    }
}
