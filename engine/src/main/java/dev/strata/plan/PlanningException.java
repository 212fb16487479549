package dev.strata.plan;

import dev.strata.diagnostics.StrataException;

import java.util.List;

/** The desired schema cannot be reached safely from the current one; every reason at once. */
public final class PlanningException extends StrataException {

    private final List<String> reasons;

    public PlanningException(List<String> reasons) {
        super("cannot plan this change safely:\n  " + String.join("\n  ", reasons));
        this.reasons = List.copyOf(reasons);
    }

    public List<String> reasons() {
        return reasons;
    }
}
