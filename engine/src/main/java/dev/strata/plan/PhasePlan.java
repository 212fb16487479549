package dev.strata.plan;

import java.util.List;
import java.util.Optional;

/**
 * One phase of a plan: the gate the application must pass before it (never before EXPAND), then its steps in
 * execution order. A plan holds only phases with steps; the one exception is a plan saved by a Strata that also put
 * a gate before a phase without steps, which reads back as it was written (a gate alone), so that its migration asks
 * what it asked when it started.
 */
public record PhasePlan(Phase phase, Optional<Gate> gate, List<Step> steps) {

    public PhasePlan {
        steps = List.copyOf(steps);
        if (gate.isPresent() && gate.get().before() != phase) {
            throw new IllegalArgumentException("gate " + gate.get().id() + " stands before " + gate.get().before()
                    + ", not before " + phase);
        }
        for (Step step : steps) {
            if (step.phase() != phase) {
                throw new IllegalArgumentException("step " + step.id() + " belongs to " + step.phase() + ", not " + phase);
            }
        }
        if (steps.isEmpty() && gate.isEmpty()) {
            throw new IllegalArgumentException("a phase without steps is absent from its plan: " + phase);
        }
    }

    /** A phase without a gate before it: EXPAND, or a plan put together by hand. */
    public PhasePlan(Phase phase, List<Step> steps) {
        this(phase, Optional.empty(), steps);
    }
}
