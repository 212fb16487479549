package dev.strata.plan;

/**
 * Where a step sits inside its phase when nothing it creates, drops or needs decides: recipes pick a
 * stage, and {@link StepGraph} keeps the stage order (then the order the changes came in) among steps
 * that do not depend on each other. What does depend is ordered by the graph, which the stage list
 * could not express (a view replaced around another, a key a foreign key needs).
 */
public enum Stage {
    // EXPAND
    CREATE_SCHEMA(Phase.EXPAND),
    /** Objects managed as a whole that tables may use (extensions, functions, domains). */
    CREATE_OBJECT(Phase.EXPAND),
    /** First among tables: every later change already uses the new name; a view keeps the old one working. */
    RENAME_TABLE_BEHIND_VIEW(Phase.EXPAND),
    // Before anything is created: index and constraint names share the schema's relation namespace,
    // so a name a rename frees must be free before a new object claims it.
    RENAME_INDEX_OR_CONSTRAINT(Phase.EXPAND),
    CREATE_TYPE(Phase.EXPAND),
    CREATE_SEQUENCE(Phase.EXPAND),
    CREATE_TABLE(Phase.EXPAND),
    ADD_COLUMN(Phase.EXPAND),
    /** {@code OWNED BY} needs the owning column, which may be new. */
    OWN_SEQUENCE(Phase.EXPAND),
    LOOSEN(Phase.EXPAND),
    SYNC_TRIGGER(Phase.EXPAND),
    CREATE_INDEX(Phase.EXPAND),
    ADD_CONSTRAINT(Phase.EXPAND),
    VALIDATE_CONSTRAINT(Phase.EXPAND),
    CREATE_VIEW(Phase.EXPAND),
    /** Objects managed as a whole that read tables (triggers, policies), and changes to any such object. */
    ATTACH_OBJECT(Phase.EXPAND),
    EXPAND_COMMENT(Phase.EXPAND),
    /** An empty table rebuilt in its declared column order: after every other step of the phase (see Planner). */
    REORDER_COLUMNS(Phase.EXPAND),
    // BACKFILL
    BACKFILL(Phase.BACKFILL),
    BACKFILL_INDEX(Phase.BACKFILL),
    // CONTRACT
    /** Objects managed as a whole that read tables go first, before what they read. */
    DETACH_OBJECT(Phase.CONTRACT),
    DROP_VIEW(Phase.CONTRACT),
    DROP_CONSTRAINT(Phase.CONTRACT),
    DROP_INDEX(Phase.CONTRACT),
    TIGHTEN(Phase.CONTRACT),
    // After TIGHTEN: a primary key attached with USING INDEX must find its columns NOT NULL already,
    // or PostgreSQL would scan for nulls under ACCESS EXCLUSIVE.
    ATTACH_CONSTRAINT(Phase.CONTRACT),
    // After ATTACH_CONSTRAINT: a foreign key needs the unique constraint on its target columns.
    CONTRACT_ADD_CONSTRAINT(Phase.CONTRACT),
    CONTRACT_VALIDATE_CONSTRAINT(Phase.CONTRACT),
    // Before SWAP and DROP_COLUMN: a dropped column's values are copied out while it still holds them.
    ARCHIVE_COLUMN(Phase.CONTRACT),
    SWAP(Phase.CONTRACT),
    DROP_SYNC_TRIGGER(Phase.CONTRACT),
    DROP_COLUMN(Phase.CONTRACT),
    DROP_TABLE(Phase.CONTRACT),
    RENAME_TABLE(Phase.CONTRACT),
    DROP_SEQUENCE(Phase.CONTRACT),
    /** After DROP_SEQUENCE: an identity's sequence takes the name PostgreSQL would derive, which a dropped sequence held. */
    RENAME_SEQUENCE(Phase.CONTRACT),
    DROP_TYPE(Phase.CONTRACT),
    /** Objects managed as a whole that tables may use go last, after what used them. */
    DROP_OBJECT(Phase.CONTRACT),
    RECREATE_VIEW(Phase.CONTRACT),
    CONTRACT_COMMENT(Phase.CONTRACT),
    /** As {@link #REORDER_COLUMNS}, for a table that steps in BACKFILL or CONTRACT change too. */
    REORDER_COLUMNS_LAST(Phase.CONTRACT);

    private final Phase phase;

    Stage(Phase phase) {
        this.phase = phase;
    }

    public Phase phase() {
        return phase;
    }
}
