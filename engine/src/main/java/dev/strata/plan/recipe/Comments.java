package dev.strata.plan.recipe;

/** The lock fact every comment recipe cites. */
final class Comments {

    static final String FACT = "COMMENT ON takes SHARE UPDATE EXCLUSIVE on the relation: application traffic"
            + " continues (docs/locks.md#row-69).";

    /** COMMENT ON INDEX: seen in pg_locks on 14 and 18. */
    static final String INDEX_FACT = "COMMENT ON INDEX takes SHARE UPDATE EXCLUSIVE on the index only, not on its table:"
            + " application traffic continues (docs/locks.md#row-69; seen in pg_locks on 14 and 18).";

    /** COMMENT ON CONSTRAINT: seen in pg_locks on 14 and 18. */
    static final String CONSTRAINT_FACT = "COMMENT ON CONSTRAINT takes ACCESS SHARE on the table (what a SELECT takes) and"
            + " SHARE UPDATE EXCLUSIVE on the constraint alone: reads and writes continue (docs/locks.md#row-69;"
            + " seen in pg_locks on 14 and 18).";

    private Comments() {}
}
