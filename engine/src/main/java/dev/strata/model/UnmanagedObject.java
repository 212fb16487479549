package dev.strata.model;

/**
 * A database object Strata does not manage (function, trigger, policy, grant, domain, ...).
 * It is reported, never dropped.
 *
 * @param kind     what it is, in PostgreSQL's words ("function", "trigger", "materialized view")
 * @param identity how PostgreSQL names it ({@code pg_identify_object}), e.g. {@code public.f(integer)}
 */
public record UnmanagedObject(String kind, String identity) implements Comparable<UnmanagedObject> {

    @Override
    public int compareTo(UnmanagedObject other) {
        int byKind = kind.compareTo(other.kind);
        return byKind != 0 ? byKind : identity.compareTo(other.identity);
    }

    /** The one line a user sees. */
    public String describe() {
        return "unmanaged " + kind + " " + identity + ": not in the model; Strata leaves it untouched";
    }
}
