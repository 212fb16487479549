package dev.strata.conformance;

import dev.strata.catalog.PulledCatalog;
import dev.strata.execute.PlanService;
import dev.strata.conformance.Outcomes.Convergence;
import dev.strata.conformance.Outcomes.ConvergenceResult;
import dev.strata.conformance.Outcomes.Finding;
import dev.strata.diff.Change;
import dev.strata.diff.Differ;
import dev.strata.expr.Equivalence;
import dev.strata.model.Catalog;
import dev.strata.model.QualifiedName;
import dev.strata.plan.Plan;
import dev.strata.plan.PlanRequest;
import dev.strata.plan.Planner;
import dev.strata.plan.PlanningException;
import dev.strata.plan.PolicyViolation;
import dev.strata.plan.Step;
import dev.strata.plan.TableFacts;
import dev.strata.execute.ApplyOptions;
import dev.strata.execute.Executor;
import dev.strata.execute.PhaseSelection;
import dev.strata.execute.PlanSource;
import dev.strata.execute.Progress;
import dev.strata.yaml.LoadedSchema;
import dev.strata.yaml.SourceMap;
import dev.strata.testing.TestDatabase;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Issue 3 on real schemas: plan from the database holding {@code old.sql} to the pulled model of
 * {@code new.sql}, run every step, pull again: nothing may be left to plan. The corpus has no YAML,
 * so the desired model is the pull of a database where {@code new.sql} was loaded.
 */
final class ConvergenceCheck {

    private static final String PREFIX_NO_RECIPE = "Strata has no safe recipe yet for: ";

    private ConvergenceCheck() {}

    /**
     * Runs the plan on {@code current}, which ends holding whatever the steps made of it. When the
     * plan (or the re-plan) is empty but the pulled models still differ, the outcome stands and the
     * difference is a note: the planner judged it equivalent. Column order is not compared: the planner plans no
     * change for an order PostgreSQL cannot take in place, only a warning naming the order the table keeps.
     */
    static ConvergenceResult check(String caseName, int major, TestDatabase current, PulledCatalog before,
            PulledCatalog desired, Explain explain) {
        var log = explain.about(caseName);
        Plan plan;
        try {
            plan = plan(current, before, desired.catalog(), major);
        } catch (PlanningException e) {
            return new ConvergenceResult(caseName, Convergence.REFUSED, refusals(e, before.catalog(), desired.catalog()), List.of());
        } catch (RuntimeException e) {
            return crashed(caseName, "planner", e, List.of(), explain);
        }
        List<Finding> violations = plan.violations().stream().map(ConvergenceCheck::violation).toList();
        if (plan.isEmpty()) {
            return new ConvergenceResult(caseName, Convergence.NO_CHANGE_NEEDED,
                    notes("empty plan", desired.catalog(), before.catalog(), log), violations);
        }
        // As `strata apply --phase all --yes --allow-data-loss --allow-blocking` would run it on a development database.
        try (Connection c = current.connect()) {
            ApplyOptions options = ApplyOptions.defaults().withConfirmGates(true).withAllowDataLoss(true).withAllowBlocking(true);
            new Executor(c, options, line -> { }).withProgress(Progress.NONE).apply(
                    new PlanSource.Desired(new LoadedSchema(desired.catalog(), SourceMap.empty()), "conformance"), PhaseSelection.ALL);
        } catch (SQLException | RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            log.accept("apply failed: " + (e.getMessage() == null ? message : e.getMessage()) + "\nplan:\n  " + String.join("\n  ", plan.steps().stream()
                    .map(s -> s instanceof dev.strata.plan.DdlStep d ? d.id() + " " + d.summary() + "\n    "
                            + String.join("\n    ", d.sql()) : s.summary()).toList()));
            return new ConvergenceResult(caseName, Convergence.STEP_FAILED, List.of(new Finding(
                    Kinds.normalize(message), message)), violations);
        }
        PulledCatalog after;
        try {
            after = Scripts.pull(current);
        } catch (Exception e) {
            return crashed(caseName, "catalog reader (after the plan)", e, violations, explain);
        }
        Plan residual;
        try {
            residual = plan(current, after, desired.catalog(), major);
        } catch (PlanningException e) {
            return new ConvergenceResult(caseName, Convergence.NOT_CONVERGED, refusals(e, after.catalog(), desired.catalog())
                    .stream().map(f -> new Finding("re-plan refused: " + f.group(), f.detail())).toList(), violations);
        } catch (RuntimeException e) {
            return crashed(caseName, "planner (re-plan)", e, violations, explain);
        }
        if (!residual.isEmpty()) {
            log.accept("first plan:\n  " + String.join("\n  ", plan.steps().stream().map(Step::summary).toList())
                    + "\nresidual:\n  " + String.join("\n  ", residual.changes()));
            return new ConvergenceResult(caseName, Convergence.NOT_CONVERGED,
                    residualChanges(after.catalog(), desired.catalog()), violations);
        }
        return new ConvergenceResult(caseName,
                violations.isEmpty() ? Convergence.CONVERGED : Convergence.POLICY_VIOLATIONS,
                notes("empty re-plan", desired.catalog(), after.catalog(), log), violations);
    }

    /**
     * With nothing filtered out, a successful outcome still needs the database the plan left to
     * equal the {@code new.sql} database in every object of every kind, managed or not; any other
     * outcome already failed for its own reason.
     */
    static ConvergenceResult strictly(ConvergenceResult result, TestDatabase current, List<Fingerprint.Fact> desired,
            Explain explain) {
        if (!result.outcome().success) {
            return result;
        }
        try {
            return result.withStrict(Fingerprint.compareAll(desired, Fingerprint.everything(current)).map(d -> {
                Fingerprint.Mismatch m = d.mismatch();
                explain.about(result.caseName()).accept("strictly, the databases differ: " + m.object()
                        + "\n  desired: " + m.source() + "\n  applied: " + m.recreated());
                return Outcomes.Strict.fail(new Finding(d.group("desired", "applied"),
                        Kinds.firstLine(m.source() + "  →  " + m.recreated())));
            }).orElse(Outcomes.Strict.PASS));
        } catch (SQLException e) {
            explain.crash(result.caseName(), e);
            return result.withStrict(Outcomes.Strict.fail(new Finding("harness: strict description failed", Kinds.sqlError(e))));
        }
    }

    private static List<Finding> notes(String when, Catalog desired, Catalog actual, java.util.function.Consumer<String> log) {
        return FirstDifference.ignoringColumnOrder(desired, actual).map(d -> {
            log.accept(when + ", models differ: " + d.kind() + " " + d.object()
                    + "\n  desired: " + d.expected() + "\n  pulled:  " + d.actual());
            return List.of(new Finding(when + ", but the pulled model differs from the desired one: " + d.kind(), d.object()));
        }).orElse(List.of());
    }

    private static Plan plan(TestDatabase db, PulledCatalog current, Catalog desired, int major) throws PlanningException {
        Map<QualifiedName, TableFacts> facts;
        try (Connection c = db.connect()) {
            // As `strata plan --url` / `apply --desired` has them: an empty table's guarded steps.
            facts = PlanService.tableFacts(c, current.catalog());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot read table sizes: " + e.getMessage(), e);
        }
        return Planner.plan(new PlanRequest(current.catalog(), desired, major, facts, "conformance", current.unmanaged(),
                Equivalence::same));
    }

    /**
     * One finding per reason. "No safe recipe" reasons are grouped by the kind of change they are
     * about, the rest by their normalized text.
     */
    private static List<Finding> refusals(PlanningException e, Catalog current, Catalog desired) {
        List<Change> changes;
        try {
            changes = Differ.diff(current, desired, Equivalence::same).changes();
        } catch (RuntimeException ignored) {
            changes = List.of();
        }
        List<Finding> out = new ArrayList<>();
        for (String reason : e.reasons()) {
            String group = Kinds.normalize(reason);
            if (reason.startsWith(PREFIX_NO_RECIPE)) {
                String described = reason.substring(PREFIX_NO_RECIPE.length());
                group = "no safe recipe yet: " + changes.stream().filter(c -> c.describe().equals(described))
                        .findFirst().map(ConvergenceCheck::changeKind).orElse(Kinds.normalize(described));
            }
            out.add(new Finding(group, Kinds.firstLine(reason)));
        }
        return out;
    }

    private static List<Finding> residualChanges(Catalog current, Catalog desired) {
        return Differ.diff(current, desired, Equivalence::same).changes().stream()
                .map(c -> new Finding("residual " + changeKind(c), Kinds.firstLine(c.describe())))
                .toList();
    }

    static String changeKind(Change change) {
        String name = change.getClass().getName();
        return name.substring(name.lastIndexOf('.') + 1).replace('$', '.');
    }

    private static Finding violation(PolicyViolation v) {
        return new Finding(Kinds.normalize(v.message()), v.stepId() + ": " + Kinds.firstLine(v.message()));
    }

    private static ConvergenceResult crashed(String caseName, String component, Exception e, List<Finding> violations,
            Explain explain) {
        explain.crash(caseName, e);
        return new ConvergenceResult(caseName, Convergence.CRASHED,
                List.of(new Finding(Kinds.crash(component, e), Kinds.where(e) + ": " + Kinds.firstLine(e.getMessage()))), violations);
    }
}
