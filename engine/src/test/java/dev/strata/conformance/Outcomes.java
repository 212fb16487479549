package dev.strata.conformance;

import java.util.List;
import java.util.SortedSet;

/** What the conformance run records, per script (round trip) and per case (convergence). */
final class Outcomes {

    private Outcomes() {}

    /**
     * One failure, grouped for the report.
     *
     * @param group  what failures of the same kind share (component, normalized message), the table row
     * @param detail the concrete instance (object, short error), shown for the first example only
     */
    record Finding(String group, String detail) {}

    enum RoundTrip {
        PASS("pass"), LOAD_FAILED("load-failed"), DDL_FAILED("ddl-failed"), DIFFERS("differs"),
        LOSSY("lossy (models equal, catalogs differ)"), CRASHED("crashed");

        final String label;

        RoundTrip(String label) {
            this.label = label;
        }
    }

    enum Convergence {
        CONVERGED("converged", true), NO_CHANGE_NEEDED("no-change-needed", true),
        POLICY_VIOLATIONS("policy-violations", true), REFUSED("refused", false), STEP_FAILED("step-failed", false),
        NOT_CONVERGED("not-converged", false), CRASHED("crashed", false), SKIPPED("skipped (a script did not load)", false);

        final String label;
        /** Findings of a successful outcome are notes (the plan is empty, the pulled text still differs). */
        final boolean success;

        Convergence(String label, boolean success) {
            this.label = label;
            this.success = success;
        }
    }

    /** @param script {@code category/case/old.sql} */
    record RoundTripResult(String script, RoundTrip outcome, List<Finding> findings, SortedSet<String> unmanagedKinds) {}

    /** Policy violations are recorded whatever the outcome, since the plan still runs. */
    record ConvergenceResult(String caseName, Convergence outcome, List<Finding> findings, List<Finding> violations) {}
}
