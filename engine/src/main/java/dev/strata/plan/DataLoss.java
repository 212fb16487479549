package dev.strata.plan;

/**
 * What a step can lose, named precisely so a reviewer sees it: data it deletes, or a type conversion that
 * not every current value survives (the executor stops at the first such value instead of changing it, but
 * the column can no longer hold everything it holds today).
 *
 * @param kind          deleted, or converted with a possible misfit
 * @param what          e.g. {@code column public.users.username}, or for a conversion
 *                      {@code column public.t.name from text to character varying(64)}
 * @param estimatedRows rows holding the data, when a live catalog told us; -1 when unknown
 * @param detail        for a conversion, which values do not fit and what happens to them; empty otherwise
 */
public record DataLoss(Kind kind, String what, long estimatedRows, String detail) {

    public enum Kind {
        DELETES("deletes"),
        CONVERTS("converts");

        private final String verb;

        Kind(String verb) {
            this.verb = verb;
        }
    }

    /** Data a step deletes. */
    public DataLoss(String what, long estimatedRows) {
        this(Kind.DELETES, what, estimatedRows, "");
    }

    public static DataLoss conversion(String what, long estimatedRows, String detail) {
        return new DataLoss(Kind.CONVERTS, what, estimatedRows, detail);
    }

    public String describe() {
        return kind.verb + " " + what + (estimatedRows >= 0 ? " (about " + estimatedRows + " rows)" : "")
                + (detail.isEmpty() ? "" : ": " + detail);
    }
}
