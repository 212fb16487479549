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
        PASS("pass"), LOAD_FAILED("load-failed"), DDL_FAILED("ddl-failed"), DIFFERS("differs"), CRASHED("crashed");

        final String label;

        RoundTrip(String label) {
            this.label = label;
        }
    }

    enum Convergence {
        CONVERGED("converged"), NO_CHANGE_NEEDED("no-change-needed"), POLICY_VIOLATIONS("policy-violations"),
        REFUSED("refused"), STEP_FAILED("step-failed"), NOT_CONVERGED("not-converged"), CRASHED("crashed"),
        SKIPPED("skipped (a script did not load)");

        final String label;

        Convergence(String label) {
            this.label = label;
        }
    }

    /** @param script {@code category/case/old.sql} */
    record RoundTripResult(String script, RoundTrip outcome, List<Finding> findings, SortedSet<String> unmanagedKinds) {}

    /** Policy violations are recorded whatever the outcome, since the plan still runs. */
    record ConvergenceResult(String caseName, Convergence outcome, List<Finding> findings, List<Finding> violations) {}
}
