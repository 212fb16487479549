package dev.strata.execute;

import dev.strata.plan.Gate;

/** Asks whether the application deploy a gate waits for has happened (y/N on a terminal). */
@FunctionalInterface
public interface GateConfirmation {

    /** True when the person at the terminal confirms the gate's instructions hold. */
    boolean confirm(Gate gate);

    /** Nobody to ask: a gate stops the run unless {@link ApplyOptions#confirmGates()}. */
    GateConfirmation NOBODY = gate -> false;
}
