package dev.strata.plan;

import dev.strata.model.QualifiedName;
import dev.strata.model.UnmanagedObject;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A reviewed-before-run change set: its phases in execution order (EXPAND; gate, BACKFILL; gate, CONTRACT), each
 * with the gate before it and its steps, and everything the renderers and the executor need.
 *
 * @param current     what the plan was made against, for humans ({@code postgres://app@db/prod}, {@code --from before/})
 * @param catalogFingerprint SHA-256 (hex) of the live catalog the plan was made against, so a saved plan is only
 *                    applied to the database it was reviewed for; {@code ""} for offline plans
 * @param pgMajor     the PostgreSQL major version the annotations are for
 * @param changes     one line per diff change, in diff order
 * @param phases      the phases that have steps, in order; empty when nothing changes
 * @param dualWrites  what the application must do between EXPAND and CONTRACT
 * @param tableFacts  sizes of the tables the steps touch, when planned against a live catalog
 * @param warnings    things a reviewer must know (expressions passed through verbatim, ambiguous hints)
 * @param unmanaged   objects Strata saw and leaves alone
 * @param violations  steps the lock policy refuses
 * @param recovery    what a restore would start from, read from the live database; empty for offline plans
 * @param reviews     the steps on large tables and who must review them ({@link Reviews#NONE} without review rules)
 * @param preflight   what the plan asks the live data, and once asked its answers ({@link Preflight#NONE} for saved
 *                    plans without checks or findings)
 */
public record Plan(
        String current,
        String catalogFingerprint,
        int pgMajor,
        List<String> changes,
        List<PhasePlan> phases,
        List<DualWrite> dualWrites,
        Map<QualifiedName, TableFacts> tableFacts,
        List<String> warnings,
        List<UnmanagedObject> unmanaged,
        List<PolicyViolation> violations,
        Optional<Recovery> recovery,
        Reviews reviews,
        Preflight preflight) {

    public Plan {
        changes = List.copyOf(changes);
        phases = List.copyOf(phases);
        for (int i = 1; i < phases.size(); i++) {
            if (phases.get(i - 1).phase().compareTo(phases.get(i).phase()) >= 0) {
                throw new IllegalArgumentException("phases out of order: " + phases.get(i - 1).phase() + " before "
                        + phases.get(i).phase());
            }
        }
        dualWrites = List.copyOf(dualWrites);
        SortedMap<QualifiedName, TableFacts> sorted = new TreeMap<>(tableFacts);
        tableFacts = java.util.Collections.unmodifiableSortedMap(sorted);
        warnings = List.copyOf(warnings);
        unmanaged = unmanaged.stream().sorted().toList();
        violations = List.copyOf(violations);
    }

    /** A plan without preflight checks. */
    public Plan(String current, String catalogFingerprint, int pgMajor, List<String> changes, List<PhasePlan> phases,
            List<DualWrite> dualWrites, Map<QualifiedName, TableFacts> tableFacts, List<String> warnings,
            List<UnmanagedObject> unmanaged, List<PolicyViolation> violations, Optional<Recovery> recovery,
            Reviews reviews) {
        this(current, catalogFingerprint, pgMajor, changes, phases, dualWrites, tableFacts, warnings, unmanaged,
                violations, recovery, reviews, Preflight.NONE);
    }

    /** A plan without recovery facts (offline, or not read yet) and without review rules. */
    public Plan(String current, String catalogFingerprint, int pgMajor, List<String> changes, List<PhasePlan> phases,
            List<DualWrite> dualWrites, Map<QualifiedName, TableFacts> tableFacts, List<String> warnings,
            List<UnmanagedObject> unmanaged, List<PolicyViolation> violations) {
        this(current, catalogFingerprint, pgMajor, changes, phases, dualWrites, tableFacts, warnings, unmanaged,
                violations, Optional.empty(), Reviews.NONE);
    }

    /** The same plan with the recovery facts of the database it was made against. */
    public Plan withRecovery(Recovery facts) {
        return new Plan(current, catalogFingerprint, pgMajor, changes, phases, dualWrites, tableFacts, warnings, unmanaged,
                violations, Optional.of(facts), reviews, preflight);
    }

    /** The same plan, stamped with the fingerprint of the catalog it was made against. */
    public Plan withCatalogFingerprint(String fingerprint) {
        return new Plan(current, fingerprint, pgMajor, changes, phases, dualWrites, tableFacts, warnings, unmanaged,
                violations, recovery, reviews, preflight);
    }

    /** The same plan with {@code extra} warnings after its own. */
    public Plan withWarnings(List<String> extra) {
        if (extra.isEmpty()) {
            return this;
        }
        List<String> all = new java.util.ArrayList<>(warnings);
        all.addAll(extra);
        return new Plan(current, catalogFingerprint, pgMajor, changes, phases, dualWrites, tableFacts, all, unmanaged,
                violations, recovery, reviews, preflight);
    }

    /**
     * The same plan with its "Needs review" section under {@code rules}; {@code sizesKnown} is false for offline plans;
     * {@code desired} is the catalog the plan was made for (it names renamed tables' old names).
     */
    public Plan withReviewRules(ReviewRules rules, boolean sizesKnown, dev.strata.model.Catalog desired) {
        return new Plan(current, catalogFingerprint, pgMajor, changes, phases, dualWrites, tableFacts, warnings,
                unmanaged, violations, recovery, Reviews.of(this, rules, sizesKnown, desired), preflight);
    }

    /** The same plan with {@code value} as its preflight (its checks, or their findings). */
    public Plan withPreflight(Preflight value) {
        return new Plan(current, catalogFingerprint, pgMajor, changes, phases, dualWrites, tableFacts, warnings,
                unmanaged, violations, recovery, reviews, value);
    }

    public boolean isEmpty() {
        return phases.isEmpty();
    }

    /** Every step, in execution order. */
    public List<Step> steps() {
        return phases.stream().flatMap(p -> p.steps().stream()).toList();
    }

    /** The phase {@code phase} of this plan; empty when it has no steps. */
    public Optional<PhasePlan> phase(Phase phase) {
        return phases.stream().filter(p -> p.phase() == phase).findFirst();
    }

    /** The steps of {@code phase}, in execution order. */
    public List<Step> steps(Phase phase) {
        return phase(phase).map(PhasePlan::steps).orElse(List.of());
    }

    /** The gates, in the order the application meets them. */
    public List<Gate> gates() {
        return phases.stream().flatMap(p -> p.gate().stream()).toList();
    }
}
