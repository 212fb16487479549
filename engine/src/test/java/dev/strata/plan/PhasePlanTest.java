package dev.strata.plan;

import dev.strata.ddl.Saved;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The shape of a plan: phases in order, each with the gate that stands before it and its own steps. */
class PhasePlanTest {

    private static DdlStep step(String id, Phase phase) {
        return new DdlStep(id, phase, "comment", List.of(new Saved("COMMENT ON TABLE public.t IS NULL")), true,
                List.of(), Undo.nothing(), Optional.empty(), List.of());
    }

    private static final Gate READ_SWITCH = new Gate("gate-read-switch", GateKind.DEPLOY_READ_SWITCH, List.of("done"));

    private static Plan plan(List<PhasePlan> phases) {
        return new Plan("test", "", 18, List.of(), phases, List.of(), Map.of(), List.of(), List.of(), List.of());
    }

    @Test
    void aGateStandsOnlyBeforeThePhaseItsKindOpens() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new PhasePlan(Phase.BACKFILL, Optional.of(READ_SWITCH), List.of(step("backfill-1", Phase.BACKFILL))));

        assertEquals("gate gate-read-switch stands before CONTRACT, not before BACKFILL", e.getMessage());
    }

    @Test
    void aPhaseHoldsOnlyItsOwnSteps() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new PhasePlan(Phase.EXPAND, List.of(step("contract-1", Phase.CONTRACT))));

        assertEquals("step contract-1 belongs to CONTRACT, not EXPAND", e.getMessage());
    }

    @Test
    void aPhaseWithoutStepsOrGateIsAbsentRatherThanEmpty() {
        var e = assertThrows(IllegalArgumentException.class, () -> new PhasePlan(Phase.BACKFILL, List.of()));

        assertEquals("a phase without steps is absent from its plan: BACKFILL", e.getMessage());
    }

    @Test
    void phasesRunInOrderAndEachAppearsOnce() {
        PhasePlan expand = new PhasePlan(Phase.EXPAND, List.of(step("expand-1", Phase.EXPAND)));
        PhasePlan contract = new PhasePlan(Phase.CONTRACT, Optional.of(READ_SWITCH), List.of(step("contract-1", Phase.CONTRACT)));

        assertThrows(IllegalArgumentException.class, () -> plan(List.of(contract, expand)));
        assertThrows(IllegalArgumentException.class, () -> plan(List.of(expand, expand)));
        Plan plan = plan(List.of(expand, contract));
        assertEquals(List.of("expand-1", "contract-1"), plan.steps().stream().map(Step::id).toList());
        assertEquals(List.of(READ_SWITCH), plan.gates());
        assertEquals(List.of(), plan.steps(Phase.BACKFILL));
    }
}
