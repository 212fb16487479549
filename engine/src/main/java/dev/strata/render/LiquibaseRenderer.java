package dev.strata.render;

import dev.strata.diagnostics.StrataException;
import dev.strata.plan.Gate;
import dev.strata.plan.Phase;
import dev.strata.plan.Plan;
import dev.strata.plan.Step;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A plan as one Liquibase changelog in the formatted SQL format ({@code changelog.sql}): a changeset
 * {@code strata:<step id>} per step ({@link MigrationScripts}), with {@code runInTransaction:false} where a step must
 * not run in a transaction and a line holding only {@code /} after each statement, and each gate a changeset of its
 * own whose comment says what must be deployed before going on. Every changeset is labelled with its phase
 * ({@code expand}, {@code backfill}, {@code contract}; a gate with the phase it opens), so
 * {@code liquibase update --label-filter=expand} stops at the first gate.
 */
public final class LiquibaseRenderer {

    public static final String FILE = "changelog.sql";

    private LiquibaseRenderer() {}

    public static String changelog(Plan plan, int batchSize, Duration pause, Duration statementTimeout) {
        List<MigrationScripts.Script> scripts = MigrationScripts.of(plan, batchSize, pause, statementTimeout);
        StringBuilder out = new StringBuilder("--liquibase formatted sql\n");
        for (MigrationScripts.Script script : scripts) {
            script.gateBefore().ifPresent(gate -> gate(out, plan, gate));
            Step step = script.step();
            out.append('\n').append("--changeset strata:").append(id(step.id())).append(' ');
            // Liquibase's own splitting on ';' does not know dollar quotes (a function body or a DO block would be
            // cut at its first ';'), so a line holding only '/' ends each statement. Each is sent alone: outside a
            // transaction, statements sent together would form one implicit transaction, which CONCURRENTLY and a
            // backfill's COMMIT refuse; and the driver reads each statement's strings under the
            // standard_conforming_strings the SET before it gave, as the server does.
            if (!script.transactional()) {
                out.append("runInTransaction:false ");
            }
            out.append("endDelimiter:").append(END_DELIMITER).append(" labels:").append(label(step.phase())).append('\n');
            out.append("--comment: ").append(comment(step.summary())).append('\n');
            out.append("-- Strata plan for ").append(SqlRenderer.oneLine(plan.current())).append(" (PostgreSQL ")
                    .append(plan.pgMajor()).append("): ").append(step.phase().title()).append(", step ")
                    .append(script.number()).append(" of ").append(scripts.size()).append('\n');
            script.gateAfter().ifPresent(gate -> out.append("-- Next: gate ").append(SqlRenderer.oneLine(gate.id()))
                    .append(" (").append(SqlRenderer.oneLine(gate.title())).append("). liquibase update --label-filter=")
                    .append(label(step.phase())).append(" stops after this changeset.\n"));
            out.append(script.comments());
            for (String statement : script.statements()) {
                refuseWhatLiquibaseWouldRead(step, statement);
                out.append(statement).append("/\n");
            }
        }
        return out.toString();
    }

    /** The {@code endDelimiter} of every changeset, a regular expression: a line that starts with '/'. */
    private static final String END_DELIMITER = "\\n/";
    private static final Pattern SLASH_LINE = Pattern.compile("\n/");

    /**
     * A line Liquibase reads as its own, wherever it stands in the file (its patterns, loosely: one or more dashes, or
     * {@code /*}, then a word of the format). Only a statement can hold one: every comment line Strata writes
     * starts with its own words, and text from the schema in it never starts a line.
     */
    private static final Pattern DIRECTIVE = Pattern.compile(
            "^\\s*(-+|/\\*)\\s*(liquibase|property|changeset|rollback|precondition|comment|validchecksum|ignore)",
            Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);

    /**
     * Text from the schema (a check, a default, a {@code using:} expression) may hold line breaks; a line of it that
     * Liquibase would read as the end of a statement or as a directive (a new changeset, a rollback) would change what
     * runs, so such a plan is refused rather than written.
     */
    private static void refuseWhatLiquibaseWouldRead(Step step, String statement) {
        String problem = statement.indexOf('\r') >= 0
                ? "its SQL holds a carriage return (in a name or string), which Liquibase reads as a line feed"
                : SLASH_LINE.matcher(statement).find()
                ? "a line of its SQL starts with '/', which Liquibase would take for the end of a statement"
                : DIRECTIVE.matcher(statement).find()
                        ? "a line of its SQL starts like a Liquibase directive ('--changeset', '--rollback', …), which"
                                + " Liquibase would obey"
                        : null;
        if (problem != null) {
            throw new StrataException("cannot write step " + step.id() + " as a Liquibase changeset: " + problem
                    + "; use --format flyway or sql for this plan");
        }
    }

    /**
     * A changeset that runs nothing: Liquibase records it, so the history shows where the deploy belonged, and its
     * comment (kept in {@code DATABASECHANGELOG}) says what it needed.
     */
    private static void gate(StringBuilder out, Plan plan, Gate gate) {
        out.append('\n').append("--changeset strata:").append(id(gate.id())).append(" labels:").append(label(gate.before())).append('\n');
        out.append("--comment: ").append(comment(gate.title() + " before going on: " + String.join(" ", gate.instructions())))
                .append('\n');
        out.append(MigrationScripts.gateComment(plan, gate));
        // The label is of the phase the gate opens, so a filter stops before it.
        out.append("-- Nothing runs here: run liquibase update --label-filter=").append(label(gate.before()))
                .append(" once the deploy is done.\n");
    }

    private static String label(Phase phase) {
        return phase.name().toLowerCase(Locale.ROOT);
    }

    /** Changeset ids are one word of the changeset line: step ids already are, but no space may end the line early. */
    private static String id(String stepId) {
        return stepId.replaceAll("\\s+", "_");
    }

    /** Liquibase keeps a comment in a VARCHAR(255) column; a longer one is cut there, saying so. */
    private static final int COMMENT_LENGTH = 250;
    private static final String CUT = "… (see the lines below)";

    /**
     * The text of a {@code --comment:} line. Liquibase writes it into {@code DATABASECHANGELOG} as a string literal with
     * only its quotes doubled; where {@code standard_conforming_strings} is off, a backslash in it (from a name in the
     * schema) would escape a quote and end the literal, and what follows would run as SQL. Doubled, a backslash is
     * itself under either setting (stored doubled where the setting is on), and the cut never splits a pair.
     */
    static String comment(String text) {
        String escaped = SqlRenderer.oneLine(text).replace("\\", "\\\\");
        if (escaped.length() <= COMMENT_LENGTH) {
            return escaped;
        }
        int cut = COMMENT_LENGTH - CUT.length();
        if (Character.isLowSurrogate(escaped.charAt(cut))) {
            cut--;
        }
        // An odd run of backslashes before the cut ends in half a pair: keep the pair whole by leaving it out.
        int run = 0;
        while (run < cut && escaped.charAt(cut - 1 - run) == '\\') {
            run++;
        }
        return escaped.substring(0, run % 2 == 0 ? cut : cut - 1) + CUT;
    }
}
