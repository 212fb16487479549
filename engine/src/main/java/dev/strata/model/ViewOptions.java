package dev.strata.model;

/**
 * A view's options ({@code CREATE VIEW … WITH (…)}, {@code ALTER VIEW … SET (…)}); all off is no option at all.
 *
 * @param securityBarrier {@code security_barrier}: the view's conditions run before any function of the caller's query
 * @param securityInvoker {@code security_invoker} (PostgreSQL 15+): the base relations are read with the caller's
 *                        privileges and policies rather than the view owner's
 * @param checkOption     {@code check_option}: writes through the view must stay visible through it
 */
public record ViewOptions(boolean securityBarrier, boolean securityInvoker, CheckOption checkOption) {

    public static final ViewOptions NONE = new ViewOptions(false, false, CheckOption.NONE);

    /** {@code WITH CHECK OPTION}: {@code LOCAL} checks this view's condition, {@code CASCADED} those of the views below too. */
    public enum CheckOption {
        NONE, LOCAL, CASCADED;

        /** The word PostgreSQL stores and YAML uses ({@code local}, {@code cascaded}). */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public boolean isNone() {
        return equals(NONE);
    }
}
