package dev.strata.plan;

/**
 * Work the executor does: DDL in one transaction (or one by one, for {@code CONCURRENTLY}), or a batched pass over a
 * table's rows. Each belongs to a phase ({@link PhasePlan}); the gates between phases are not steps.
 */
public sealed interface Step permits DdlStep, BackfillStep {

    /** Stable identifier within the plan, e.g. {@code expand-3}; the executor records progress by it. */
    String id();

    Phase phase();

    /** One line for humans. */
    String summary();
}
