package dev.strata.plan;

/**
 * One entry of a plan. Steps are executed in plan order; each belongs to a phase, and gates separate
 * the phases.
 */
public sealed interface Step permits DdlStep, BackfillStep, GateStep {

    /** Stable identifier within the plan, e.g. {@code expand-3}; the executor records progress by it. */
    String id();

    Phase phase();

    /** One line for humans. */
    String summary();
}
