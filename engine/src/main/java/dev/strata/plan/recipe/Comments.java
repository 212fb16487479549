package dev.strata.plan.recipe;

/** The lock fact every comment recipe cites. */
final class Comments {

    static final String FACT = "COMMENT ON takes SHARE UPDATE EXCLUSIVE on the relation: application traffic"
            + " continues (docs/locks.md#row-69).";

    private Comments() {}
}
