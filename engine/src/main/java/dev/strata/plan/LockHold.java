package dev.strata.plan;

import dev.strata.model.QualifiedName;

/** A lock a step takes on one relation, and how much of that relation it works through while holding it. */
public record LockHold(QualifiedName relation, LockMode mode, TableWork work) {

    /** A lock that stops application traffic while the table is read or written end to end. */
    public boolean blocksTrafficDuringFullTableWork() {
        return (mode.blocksReads() || mode.blocksWrites()) && work.touchesEveryRow();
    }
}
