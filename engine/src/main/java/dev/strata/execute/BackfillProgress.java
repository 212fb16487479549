package dev.strata.execute;

import java.util.List;

/**
 * One row of {@code strata.backfill}: how far a backfill got, committed together with its last batch.
 *
 * @param lastKey  the key of the last row of the last committed batch (as text, in key order); empty before
 *                 the first batch
 */
public record BackfillProgress(String stepId, List<String> lastKey, long rowsDone, boolean finished) {

    public BackfillProgress {
        lastKey = List.copyOf(lastKey);
    }

    public static BackfillProgress notStarted(String stepId) {
        return new BackfillProgress(stepId, List.of(), 0, false);
    }
}
