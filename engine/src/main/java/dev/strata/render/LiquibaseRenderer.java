package dev.strata.render;

import dev.strata.diagnostics.StrataException;
import dev.strata.plan.GateStep;
import dev.strata.plan.Plan;
import dev.strata.plan.Step;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A plan as one Liquibase changelog in the formatted SQL format ({@code changelog.sql}): a changeset
 * {@code strata:<step id>} per step ({@link MigrationScripts}), with {@code runInTransaction:false} where a step must
 * not run in a transaction, and each gate a changeset of its own whose comment says what must be deployed before
 * going on. Every changeset is labelled with its phase ({@code expand}, {@code backfill}, {@code contract}; a gate
 * with the phase it opens), so {@code liquibase update --label-filter=expand} stops at the first gate.
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
            // cut at its first ';'). A transactional changeset is sent whole, and the driver splits it as the server
            // would. A statement that must run outside a transaction must be sent alone (sent together, statements
            // form one implicit transaction), so there a line holding only '/' ends each statement.
            out.append(script.transactional() ? "splitStatements:false " : "runInTransaction:false endDelimiter:" + END_DELIMITER + " ");
            out.append("labels:").append(label(step)).append('\n');
            out.append("--comment: ").append(comment(step.summary())).append('\n');
            out.append("-- Strata plan for ").append(SqlRenderer.oneLine(plan.current())).append(" (PostgreSQL ")
                    .append(plan.pgMajor()).append("): ").append(step.phase().title()).append(", step ")
                    .append(script.number()).append(" of ").append(scripts.size()).append('\n');
            script.gateAfter().ifPresent(gate -> out.append("-- Next: gate ").append(SqlRenderer.oneLine(gate.id()))
                    .append(" (").append(SqlRenderer.oneLine(gate.summary())).append("). liquibase update --label-filter=")
                    .append(label(step)).append(" stops after this changeset.\n"));
            out.append(script.comments());
            for (String statement : script.statements()) {
                refuseWhatLiquibaseWouldRead(step, statement, !script.transactional());
                out.append(statement);
                if (!script.transactional()) {
                    out.append("/\n");
                }
            }
        }
        return out.toString();
    }

    /** The {@code endDelimiter} of a non-transactional changeset, a regular expression: a line that starts with '/'. */
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
    private static void refuseWhatLiquibaseWouldRead(Step step, String statement, boolean delimited) {
        String problem = delimited && SLASH_LINE.matcher(statement).find()
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
    private static void gate(StringBuilder out, Plan plan, GateStep gate) {
        out.append('\n').append("--changeset strata:").append(id(gate.id())).append(" labels:").append(label(gate)).append('\n');
        out.append("--comment: ").append(comment(gate.summary() + " before going on: " + String.join(" ", gate.instructions())))
                .append('\n');
        out.append(MigrationScripts.gateComment(plan, gate));
        // The phase of a gate is the one it follows; the label is of the one it opens, so a filter stops before it.
        out.append("-- Nothing runs here: run liquibase update --label-filter=").append(label(gate))
                .append(" once the deploy is done.\n");
    }

    private static String label(Step step) {
        var phase = step instanceof GateStep g ? g.kind().before() : step.phase();
        return phase.name().toLowerCase(Locale.ROOT);
    }

    /** Changeset ids are one word of the changeset line: step ids already are, but no space may end the line early. */
    private static String id(String stepId) {
        return stepId.replaceAll("\\s+", "_");
    }

    /** Liquibase keeps a comment in a VARCHAR(255) column; a longer one is cut there, saying so. */
    private static final int COMMENT_LENGTH = 250;

    private static String comment(String text) {
        String line = SqlRenderer.oneLine(text);
        if (line.length() <= COMMENT_LENGTH) {
            return line;
        }
        return line.codePoints().limit(COMMENT_LENGTH - 25)
                .mapToObj(Character::toString).collect(Collectors.joining()) + "… (see the lines below)";
    }
}
