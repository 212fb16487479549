package dev.strata.plan;

/**
 * A table's size as the live catalog reported it when the plan was made.
 *
 * @param empty whether the table held no row at all when the plan was made (read, not estimated); a step that
 *              relies on it re-checks under its lock
 */
public record TableFacts(long bytes, long estimatedRows, boolean empty) {

    public TableFacts(long bytes, long estimatedRows) {
        this(bytes, estimatedRows, false);
    }
}
