package dev.strata.plan;

/**
 * What a destructive step removes, named precisely so a reviewer sees it.
 *
 * @param what          e.g. {@code column public.users.username} or {@code table public.sessions}
 * @param estimatedRows rows holding the data, when a live catalog told us; -1 when unknown
 */
public record DataLoss(String what, long estimatedRows) {

    public String describe() {
        return estimatedRows >= 0 ? "deletes " + what + " (about " + estimatedRows + " rows)" : "deletes " + what;
    }
}
