package dev.strata.plan;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LockModeTest {

    @Test
    void accessExclusiveBlocksReadsAndWrites() {
        assertTrue(LockMode.ACCESS_EXCLUSIVE.blocksReads());
        assertTrue(LockMode.ACCESS_EXCLUSIVE.blocksWrites());
    }

    @Test
    void shareAndShareRowExclusiveBlockWritesButNotReads() {
        for (LockMode mode : new LockMode[] {LockMode.SHARE, LockMode.SHARE_ROW_EXCLUSIVE, LockMode.EXCLUSIVE}) {
            assertFalse(mode.blocksReads(), mode.name());
            assertTrue(mode.blocksWrites(), mode.name());
        }
    }

    @Test
    void shareUpdateExclusiveLetsApplicationTrafficThroughButConflictsWithItself() {
        assertFalse(LockMode.SHARE_UPDATE_EXCLUSIVE.blocksReads());
        assertFalse(LockMode.SHARE_UPDATE_EXCLUSIVE.blocksWrites());
        assertTrue(LockMode.SHARE_UPDATE_EXCLUSIVE.conflictsWith(LockMode.SHARE_UPDATE_EXCLUSIVE));
    }

    @Test
    void conflictTableIsSymmetric() {
        for (LockMode a : LockMode.values()) {
            for (LockMode b : LockMode.values()) {
                assertEquals(a.conflictsWith(b), b.conflictsWith(a), a + " vs " + b);
            }
        }
    }

    @Test
    void shareDoesNotConflictWithShareButRowExclusiveDoes() {
        assertFalse(LockMode.SHARE.conflictsWith(LockMode.SHARE));
        assertTrue(LockMode.SHARE.conflictsWith(LockMode.ROW_EXCLUSIVE));
    }

    @Test
    void onlyFullTableWorkUnderABlockingLockCountsAsBlockingTraffic() {
        var table = dev.strata.model.QualifiedName.of("public", "t");
        assertTrue(new LockHold(table, LockMode.ACCESS_EXCLUSIVE, TableWork.REWRITE).blocksTrafficDuringFullTableWork());
        assertTrue(new LockHold(table, LockMode.SHARE, TableWork.SCAN).blocksTrafficDuringFullTableWork());
        assertFalse(new LockHold(table, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY).blocksTrafficDuringFullTableWork());
        assertFalse(new LockHold(table, LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.SCAN).blocksTrafficDuringFullTableWork());
    }
}
