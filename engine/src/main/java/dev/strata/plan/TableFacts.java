package dev.strata.plan;

/**
 * A table's size as the live catalog reported it when the plan was made.
 *
 * @param empty whether the table held no row at all when the plan was made (read, not estimated); a step that
 *              relies on it re-checks under its lock
 * @param standalone whether the table could be dropped and created again losing nothing the model does not hold
 *                   ({@code catalog.TableStats.TableSize#standalone}); false unless a live catalog said so
 */
public record TableFacts(long bytes, long estimatedRows, boolean empty, boolean standalone) {

    public TableFacts(long bytes, long estimatedRows, boolean empty) {
        this(bytes, estimatedRows, empty, false);
    }

    public TableFacts(long bytes, long estimatedRows) {
        this(bytes, estimatedRows, false);
    }
}
