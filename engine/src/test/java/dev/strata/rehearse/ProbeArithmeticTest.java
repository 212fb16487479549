package dev.strata.rehearse;

import dev.strata.plan.LockMode;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the probe makes of pg_locks modes, WAL positions and relation sizes, without a database. */
class ProbeArithmeticTest {

    @Test
    void pgLocksModesMapToLockModesAndOtherLocksToNothing() {
        assertEquals(Optional.of(LockMode.ACCESS_EXCLUSIVE), StepProbe.mode("AccessExclusiveLock"));
        assertEquals(Optional.of(LockMode.SHARE_UPDATE_EXCLUSIVE), StepProbe.mode("ShareUpdateExclusiveLock"));
        assertEquals(Optional.of(LockMode.SHARE), StepProbe.mode("ShareLock"));
        assertEquals(Optional.of(LockMode.ROW_SHARE), StepProbe.mode("RowShareLock"));
        assertEquals(Optional.empty(), StepProbe.mode("SIReadLock"));
        for (LockMode mode : LockMode.values()) {
            String pg = mode.sql().replace(" ", "_").toLowerCase(java.util.Locale.ROOT);
            StringBuilder camel = new StringBuilder();
            for (String word : pg.split("_")) {
                camel.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
            assertEquals(Optional.of(mode), StepProbe.mode(camel + "Lock"));
        }
    }

    @Test
    void walPositionsAreHighAndLowHalvesInHex() {
        assertEquals(0x16_B374D848L, StepProbe.lsn("16/B374D848"));
        assertEquals(0x1_0000_0000L - 0x10L, StepProbe.lsn("1/0") - StepProbe.lsn("0/10"));
    }

    @Test
    void growthAddsTablesAndTheirIndexesAndAnIndexWhoseTableIsNotLockedAndARewriteIsANewFileNode() {
        var table = new StepProbe.Relation(1, 'r', 100, 8192, 4096, 0);
        var rewritten = new StepProbe.Relation(1, 'r', 200, 16384, 8192, 0);
        var ownIndex = new StepProbe.Relation(2, 'i', 300, 4096, 0, 1);
        var otherIndex = new StepProbe.Relation(3, 'i', 400, 2048, 0, 9);

        assertEquals(new StepProbe.Growth(8192, 4096, true),
                StepProbe.growth(Map.of(1L, table, 2L, ownIndex), Map.of(1L, rewritten, 2L, ownIndex)));
        assertEquals(new StepProbe.Growth(0, 2048, false), StepProbe.growth(Map.of(1L, table), Map.of(1L, table, 3L, otherIndex)));
        assertEquals(new StepProbe.Growth(-8192, -4096, false), StepProbe.growth(Map.of(1L, table), Map.of()));
    }

    @Test
    void theStrongestLockIsTheStrongestModeAndOfThoseTheLongestHeld() {
        var users = dev.strata.model.QualifiedName.of("public", "users");
        var key = dev.strata.model.QualifiedName.of("public", "users_pkey");
        HeldLock share = new HeldLock(users, LockMode.ACCESS_SHARE, java.time.Duration.ofMillis(900));
        HeldLock exclusive = new HeldLock(users, LockMode.ACCESS_EXCLUSIVE, java.time.Duration.ofMillis(40));
        HeldLock onIndex = new HeldLock(key, LockMode.ACCESS_EXCLUSIVE, java.time.Duration.ofMillis(20));

        assertEquals(Optional.of(exclusive), measured(java.util.List.of(share, onIndex, exclusive)).strongestLock());
        assertEquals(Optional.empty(), measured(java.util.List.of()).strongestLock());
    }

    private static StepMeasurement measured(java.util.List<HeldLock> locks) {
        return new StepMeasurement("expand-1", dev.strata.plan.Phase.EXPAND, "step", java.time.Duration.ofSeconds(1),
                locks, java.time.Duration.ZERO, java.time.Duration.ZERO, 0, 0, 0, false, 0, 0);
    }
}
