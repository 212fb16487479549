package dev.strata.plan;

/** How much of a table a statement touches while it holds its lock. */
public enum TableWork {
    /** Catalog only: milliseconds once the lock is granted. */
    CATALOG_ONLY("catalog only"),
    /** Reads every row (validation, index build) without writing them. */
    SCAN("scans the table"),
    /** Writes every row and rebuilds every index. */
    REWRITE("rewrites the table"),
    /** Touches rows in bounded batches, each in its own short transaction. */
    BATCHED("batched row updates"),
    /** Reads rows in bounded batches (the source of a copy into strata_archive); writes none of them. */
    BATCHED_READS("read in batches"),
    /** Inserts rows in bounded batches (the archive a copy fills). */
    BATCHED_INSERTS("inserted in batches");

    private final String description;

    TableWork(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    public boolean touchesEveryRow() {
        return this == SCAN || this == REWRITE;
    }
}
