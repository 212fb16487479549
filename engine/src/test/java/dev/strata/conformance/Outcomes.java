package dev.strata.conformance;

import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

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

    /**
     * The judgement with nothing filtered out: the whole non-system schema of both databases, every
     * object kind ({@link Fingerprint#everything}), must be equal.
     *
     * @param failure why not, grouped like the other findings; empty when it passes
     */
    record Strict(Optional<Finding> failure) {

        static final Strict PASS = new Strict(Optional.empty());

        static Strict fail(Finding why) {
            return new Strict(Optional.of(why));
        }

        /** A run that stopped before both databases could be compared fails for the reason it stopped. */
        static Strict stopped(String outcome, List<Finding> findings) {
            return fail(findings.isEmpty() ? new Finding(outcome, "")
                    : new Finding(outcome + ": " + findings.getFirst().group(), findings.getFirst().detail()));
        }

        boolean passed() {
            return failure.isEmpty();
        }
    }

    /**
     * @param script {@code category/case/old.sql}
     * @param kinds  the object kinds the loaded script holds (strict description), empty if it did not load
     */
    record RoundTripResult(String script, RoundTrip outcome, List<Finding> findings, SortedSet<String> unmanagedKinds,
            Strict strict, SortedSet<String> kinds) {

        /** A result that stopped before the strict comparison. */
        RoundTripResult(String script, RoundTrip outcome, List<Finding> findings, SortedSet<String> unmanagedKinds) {
            this(script, outcome, findings, unmanagedKinds, Strict.stopped(outcome.label, findings), new TreeSet<>());
        }

        RoundTripResult withStrict(Strict judged) {
            return new RoundTripResult(script, outcome, findings, unmanagedKinds, judged, kinds);
        }

        RoundTripResult withKinds(SortedSet<String> held) {
            return new RoundTripResult(script, outcome, findings, unmanagedKinds, strict, held);
        }

        /** {@code category/case}. */
        String caseName() {
            return script.substring(0, script.lastIndexOf('/'));
        }
    }

    /** Policy violations are recorded whatever the outcome, since the plan still runs. */
    record ConvergenceResult(String caseName, Convergence outcome, List<Finding> findings, List<Finding> violations,
            Strict strict) {

        /** A result not (yet) compared strictly: it fails for its outcome unless {@link #withStrict} says otherwise. */
        ConvergenceResult(String caseName, Convergence outcome, List<Finding> findings, List<Finding> violations) {
            this(caseName, outcome, findings, violations, Strict.stopped(outcome.label, findings));
        }

        ConvergenceResult withStrict(Strict judged) {
            return new ConvergenceResult(caseName, outcome, findings, violations, judged);
        }
    }
}
