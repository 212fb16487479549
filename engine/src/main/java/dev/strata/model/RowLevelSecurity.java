package dev.strata.model;

/**
 * A table's row-level security switches ({@code ALTER TABLE … ENABLE / FORCE ROW LEVEL SECURITY}, {@code pg_class}'s
 * {@code relrowsecurity} and {@code relforcerowsecurity}). Forcing without enabling is a state PostgreSQL keeps (it
 * has no effect until enabled), so both are kept.
 */
public record RowLevelSecurity(boolean enabled, boolean forced) {

    public static final RowLevelSecurity OFF = new RowLevelSecurity(false, false);
    public static final RowLevelSecurity ENABLED = new RowLevelSecurity(true, false);
    public static final RowLevelSecurity FORCED = new RowLevelSecurity(true, true);

    public boolean isOff() {
        return !enabled && !forced;
    }
}
