package dev.strata.plan;

/**
 * The phases of a change set, in the order they run. Gates (deploys the application must make)
 * sit between them; see {@link GateKind}.
 */
public enum Phase {
    /** Additive, backward-compatible DDL: the running application keeps working untouched. */
    EXPAND,
    /** Batched data migration of existing rows, with dual-write already in effect. */
    BACKFILL,
    /** Drops, swaps and tightening, once the application reads the new shape. */
    CONTRACT;

    public String title() {
        return name().charAt(0) + name().substring(1).toLowerCase(java.util.Locale.ROOT);
    }
}
