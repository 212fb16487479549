package dev.strata.testing.generate;

/**
 * What generated catalogs must suit.
 *
 * @param major the PostgreSQL major whose canonical text the expressions use (view bodies differ before 16)
 * @param hints whether to set planner hints (renamedFrom, using, backfill), which only YAML can carry
 */
public record GeneratorOptions(int major, boolean hints) {

    /** {@code NULLS NOT DISTINCT} exists from PostgreSQL 15 on. */
    public boolean pg15Plus() {
        return major >= 15;
    }
}
