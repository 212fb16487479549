package dev.strata.execute;

import dev.strata.plan.Phase;

import java.util.List;

/** The phases one {@code strata apply} run may execute. */
public enum PhaseSelection {
    EXPAND(List.of(Phase.EXPAND)),
    BACKFILL(List.of(Phase.BACKFILL)),
    CONTRACT(List.of(Phase.CONTRACT)),
    ALL(List.of(Phase.EXPAND, Phase.BACKFILL, Phase.CONTRACT));

    private final List<Phase> phases;

    PhaseSelection(List<Phase> phases) {
        this.phases = phases;
    }

    public List<Phase> phases() {
        return phases;
    }
}
