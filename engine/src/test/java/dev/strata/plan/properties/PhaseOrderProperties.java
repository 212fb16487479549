package dev.strata.plan.properties;

import dev.strata.plan.Gate;
import dev.strata.plan.GateKind;
import dev.strata.plan.Phase;
import dev.strata.plan.PhasePlan;
import dev.strata.plan.Plan;
import dev.strata.plan.Step;
import dev.strata.testing.generate.ChangePairs;
import dev.strata.testing.generate.ChangePairs.ChangePair;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pure properties of plan shape: phase order, gates between phases, unique ids, empty and deterministic plans. */
class PhaseOrderProperties {

    @Provide
    Arbitrary<ChangePair> pairs() {
        return ChangePairs.pairs();
    }

    @Provide
    Arbitrary<Integer> majors() {
        return Arbitraries.of(14, 18);
    }

    @Property(tries = 300, maxDiscardRatio = 100)
    void phasesNeverGoBackwards(@ForAll("pairs") ChangePair pair, @ForAll("majors") int major) {
        Plan plan = PlanHarness.planOrSkip(pair, major);
        List<Step> steps = plan.steps();
        for (int i = 1; i < steps.size(); i++) {
            int index = i;
            assertTrue(steps.get(i - 1).phase().compareTo(steps.get(i).phase()) <= 0,
                    () -> "step " + steps.get(index).id() + " goes back a phase\n" + PlanHarness.describe(pair, plan));
        }
    }

    @Property(tries = 300, maxDiscardRatio = 100)
    void gatesSitBetweenThePhasesTheyName(@ForAll("pairs") ChangePair pair, @ForAll("majors") int major) {
        Plan plan = PlanHarness.planOrSkip(pair, major);
        List<PhasePlan> phases = plan.phases();
        String report = PlanHarness.describe(pair, plan);
        List<Gate> dual = gates(plan, GateKind.DEPLOY_DUAL_WRITE);
        List<Gate> read = gates(plan, GateKind.DEPLOY_READ_SWITCH);
        assertTrue(dual.size() <= 1 && read.size() <= 1, () -> "a gate appears twice\n" + report);
        // A gate stands exactly before a phase that has steps: no "before Backfill" gate without a backfill.
        for (PhasePlan phase : phases) {
            assertFalse(phase.steps().isEmpty(), () -> "phase " + phase.phase() + " without steps\n" + report);
        }
        assertEquals(plan.steps(Phase.BACKFILL).isEmpty() ? 0 : 1, dual.size(),
                () -> "a dual-write gate without BACKFILL steps, or BACKFILL steps without one\n" + report);
        if (phases.size() > 1 && phases.getFirst().phase() == Phase.EXPAND) {
            assertTrue(phases.get(1).gate().isPresent(), () -> "EXPAND and later phases without a gate between them\n" + report);
        }
        for (Gate g : dual) {
            assertEquals(Optional.of(g), plan.phase(Phase.BACKFILL).flatMap(PhasePlan::gate),
                    () -> "dual-write gate not between the last EXPAND step and the first later step\n" + report);
        }
        if (plan.phase(Phase.CONTRACT).isPresent()) {
            assertTrue(plan.phase(Phase.CONTRACT).flatMap(PhasePlan::gate).map(Gate::kind)
                            .equals(Optional.of(GateKind.DEPLOY_READ_SWITCH)),
                    () -> "the first CONTRACT step does not follow the read-switch gate\n" + report);
        } else {
            assertEquals(List.of(), read, () -> "read-switch gate without a CONTRACT step\n" + report);
        }
    }

    @Property(tries = 300, maxDiscardRatio = 100)
    void stepIdsAreUnique(@ForAll("pairs") ChangePair pair, @ForAll("majors") int major) {
        Plan plan = PlanHarness.planOrSkip(pair, major);
        Set<String> seen = new HashSet<>();
        for (Step s : plan.steps()) {
            assertTrue(seen.add(s.id()), () -> "duplicate id " + s.id() + "\n" + PlanHarness.describe(pair, plan));
        }
        for (Gate g : plan.gates()) {
            assertTrue(seen.add(g.id()), () -> "duplicate id " + g.id() + "\n" + PlanHarness.describe(pair, plan));
        }
    }

    @Property(tries = 300, maxDiscardRatio = 100)
    void aSchemaPlannedAgainstItselfIsEmpty(@ForAll("pairs") ChangePair pair, @ForAll("majors") int major) {
        Plan plan = PlanHarness.planOrSkip(pair, major);
        Plan currentOnly = PlanHarness.plan(pair.current(), pair.current(), major);
        assertTrue(currentOnly.isEmpty(), () -> "plan(current, current) is not empty\n" + PlanHarness.describe(pair, currentOnly));
        Plan desiredOnly = PlanHarness.plan(pair.desired().withoutHints(), pair.desired(), major);
        assertTrue(desiredOnly.isEmpty(), () -> "plan(desired, desired) is not empty\n" + PlanHarness.describe(pair, desiredOnly)
                + "\nfor the plan\n" + PlanHarness.describe(pair, plan));
    }

    @Property(tries = 300, maxDiscardRatio = 100)
    void planningIsDeterministic(@ForAll("pairs") ChangePair pair, @ForAll("majors") int major) {
        Plan first = PlanHarness.planOrSkip(pair, major);
        Plan second = PlanHarness.plan(pair.current(), pair.desired(), major);
        assertEquals(first, second, () -> "planning twice gave different plans\n" + PlanHarness.describe(pair, first)
                + "\nsecond:\n" + PlanHarness.describe(pair, second));
    }

    private static List<Gate> gates(Plan plan, GateKind kind) {
        return plan.gates().stream().filter(g -> g.kind() == kind).toList();
    }
}
