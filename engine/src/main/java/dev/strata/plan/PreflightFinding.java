package dev.strata.plan;

import dev.strata.model.QualifiedName;

import java.util.List;

/**
 * What one {@link PreflightCheck} found in the live data.
 *
 * @param phase     the phase that would fail
 * @param table     the table (desired name)
 * @param check     {@link PreflightCheck#describe()}
 * @param status    whether rows fail, none does, or the check could not run
 * @param rows      failing rows (0 unless {@link Status#FAILS})
 * @param atLeast   counting stopped early: at least {@code rows} fail
 * @param violation what the failing rows do, after "N rows of TABLE", e.g. {@code have NULL handle}
 * @param examples  up to 5 rows (or duplicate groups), by key, in key order
 * @param reason    why it was not checked ({@link Status#NOT_CHECKED}), else empty
 */
public record PreflightFinding(Phase phase, QualifiedName table, String check, Status status, long rows, boolean atLeast,
        String violation, List<String> examples, String reason) {

    /** Examples a finding shows at most. */
    public static final int EXAMPLES = 5;

    public enum Status { FAILS, PASSES, NOT_CHECKED }

    public PreflightFinding {
        examples = List.copyOf(examples);
    }

    public static PreflightFinding passes(PreflightCheck check) {
        return new PreflightFinding(check.phase(), check.rows().table(), check.describe(), Status.PASSES, 0, false, "",
                List.of(), "");
    }

    public static PreflightFinding notChecked(PreflightCheck check, String reason) {
        return new PreflightFinding(check.phase(), check.rows().table(), check.describe(), Status.NOT_CHECKED, 0, false,
                "", List.of(), reason);
    }

    public static PreflightFinding fails(PreflightCheck check, long rows, boolean atLeast, String violation,
            List<String> examples) {
        return new PreflightFinding(check.phase(), check.rows().table(), check.describe(), Status.FAILS, rows, atLeast,
                violation, examples, "");
    }

    /** {@code violation} (written for several rows) for one: its first verb in the singular. */
    private static String singular(String violation) {
        for (String[] verb : new String[][] {{"have ", "has "}, {"do not ", "does not "}}) {
            if (violation.startsWith(verb[0])) {
                return verb[1] + violation.substring(verb[0].length());
            }
        }
        int space = violation.indexOf(' ');
        return space < 0 ? violation : violation.substring(0, space) + "s" + violation.substring(space);
    }

    /**
     * One line: {@code CONTRACT would fail: 12 rows of public.users have NULL handle, e.g. id 17, 204}, or
     * {@code public.users CHECK … not checked: timed out after 30 s}.
     */
    public String line() {
        return switch (status) {
            case FAILS -> phase.name() + " would fail: " + (atLeast ? "at least " : "") + rows + (rows == 1 ? " row" : " rows")
                    + " of " + table + " " + (rows == 1 && !atLeast ? singular(violation) : violation)
                    + (examples.isEmpty() ? "" : ", e.g. " + String.join(", ", examples));
            case PASSES -> table + " " + check + ": no row fails";
            case NOT_CHECKED -> table + " " + check + ": not checked: " + reason;
        };
    }
}
