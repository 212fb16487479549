package dev.strata.plan;

import dev.strata.model.QualifiedName;

/** A lock a step takes on one relation or type, and how much of that relation it works through while holding it. */
public record LockHold(LockTarget target, LockMode mode, TableWork work) {

    public LockHold {
        if (target instanceof LockTarget.Type && work != TableWork.CATALOG_ONLY) {
            throw new IllegalArgumentException("a type has no rows to work through: " + target.name());
        }
    }

    /** A lock on a relation. */
    public LockHold(QualifiedName relation, LockMode mode, TableWork work) {
        this(new LockTarget.Relation(relation), mode, work);
    }

    /** A lock on a type, held for catalog work only. */
    public static LockHold onType(QualifiedName type, LockMode mode) {
        return new LockHold(new LockTarget.Type(type), mode, TableWork.CATALOG_ONLY);
    }

    /** A lock that stops application traffic while the table is read or written end to end. */
    public boolean blocksTrafficDuringFullTableWork() {
        return switch (target) {
            case LockTarget.Relation r -> (mode.blocksReads() || mode.blocksWrites()) && work.touchesEveryRow();
            // Application statements take no lock on a type, so nothing they do waits for this one.
            case LockTarget.Type t -> false;
        };
    }

    /** What it blocks, in words, for plans. */
    public String blocks() {
        return switch (target) {
            case LockTarget.Relation r -> mode.blocks();
            case LockTarget.Type t ->
                    "only other changes to this type (tables using it are not locked; reads and writes continue)";
        };
    }

    /** {@code public.users}, or {@code type public.mood}: the locked object as a plan names it. */
    public String describeTarget() {
        return switch (target) {
            case LockTarget.Relation r -> r.name().toString();
            case LockTarget.Type t -> "type " + t.name();
        };
    }
}
