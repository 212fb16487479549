package dev.strata.plan;

import java.util.Locale;

/**
 * PostgreSQL's table-level lock modes, with the conflict table of the manual (§13.3.1). Application
 * reads take ACCESS SHARE and writes ROW EXCLUSIVE, so whether a DDL lock blocks traffic follows
 * from the table rather than from a hand-kept list.
 */
public enum LockMode {
    ACCESS_SHARE,
    ROW_SHARE,
    ROW_EXCLUSIVE,
    SHARE_UPDATE_EXCLUSIVE,
    SHARE,
    SHARE_ROW_EXCLUSIVE,
    EXCLUSIVE,
    ACCESS_EXCLUSIVE;

    // Row i lists the modes that conflict with mode i, by ordinal (manual table 13.2).
    private static final int[][] CONFLICTS = {
            {7},
            {6, 7},
            {4, 5, 6, 7},
            {3, 4, 5, 6, 7},
            {2, 3, 5, 6, 7},
            {2, 3, 4, 5, 6, 7},
            {1, 2, 3, 4, 5, 6, 7},
            {0, 1, 2, 3, 4, 5, 6, 7},
    };

    public boolean conflictsWith(LockMode other) {
        for (int o : CONFLICTS[ordinal()]) {
            if (o == other.ordinal()) {
                return true;
            }
        }
        return false;
    }

    /** Blocks plain SELECTs. */
    public boolean blocksReads() {
        return conflictsWith(ACCESS_SHARE);
    }

    /** Blocks INSERT, UPDATE, DELETE. */
    public boolean blocksWrites() {
        return conflictsWith(ROW_EXCLUSIVE);
    }

    /** As PostgreSQL spells it: {@code ACCESS EXCLUSIVE}. */
    public String sql() {
        return name().replace('_', ' ');
    }

    /** What it blocks, in words, for plans. */
    public String blocks() {
        if (blocksReads()) {
            return "reads and writes";
        }
        if (blocksWrites()) {
            return "writes";
        }
        if (conflictsWith(SHARE_UPDATE_EXCLUSIVE)) {
            return "no application traffic (only other DDL, VACUUM and concurrent index builds)";
        }
        if (conflictsWith(SHARE)) {
            return "no application traffic (only index builds and other DDL)";
        }
        return "no application traffic (only ACCESS EXCLUSIVE DDL)";
    }

    public String label() {
        return sql().toLowerCase(Locale.ROOT);
    }
}
