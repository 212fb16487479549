package dev.strata.execute;

import dev.strata.plan.LockMode;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.Random;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LockRetryTest {

    /** A generator that always returns the largest value it may. */
    private static final RandomGenerator CEILING = new RandomGenerator() {
        @Override
        public long nextLong() {
            return Long.MAX_VALUE;
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }
    };

    @Test
    void backoffCeilingDoublesFromTwoHundredMillisecondsUpToTenSeconds() {
        assertEquals(200, LockRetry.backoff(1, CEILING).toMillis());
        assertEquals(400, LockRetry.backoff(2, CEILING).toMillis());
        assertEquals(6400, LockRetry.backoff(6, CEILING).toMillis());
        assertEquals(10_000, LockRetry.backoff(7, CEILING).toMillis());
        assertEquals(10_000, LockRetry.backoff(60, CEILING).toMillis());
    }

    @Test
    void backoffIsFullJitterBetweenZeroAndTheCeiling() {
        Random random = new Random(3);
        for (int i = 0; i < 1000; i++) {
            long millis = LockRetry.backoff(3, random).toMillis();
            assertTrue(millis >= 0 && millis <= 800, "out of range: " + millis);
        }
    }

    @Test
    void lockTimeoutAndStatementTimeoutWhileWaitingForALockAreRetried() {
        assertTrue(LockRetry.isLockFailure(new SQLException("canceling statement due to lock timeout", "55P03")));
        assertTrue(LockRetry.isLockFailure(new SQLException("canceling statement due to lock timeout", "57014")));
        assertFalse(LockRetry.isLockFailure(new SQLException("canceling statement due to statement timeout", "57014")));
        assertFalse(LockRetry.isLockFailure(new SQLException("duplicate key", "23505")));
    }

    @Test
    void pgLocksModeNamesMapToLockModes() {
        assertEquals(LockMode.ACCESS_SHARE, LockRetry.mode("AccessShareLock"));
        assertEquals(LockMode.SHARE_UPDATE_EXCLUSIVE, LockRetry.mode("ShareUpdateExclusiveLock"));
        assertEquals(LockMode.ACCESS_EXCLUSIVE, LockRetry.mode("AccessExclusiveLock"));
    }

    @Test
    void theLockWaitedForSaysHowTheSessionIsInTheWay() {
        assertEquals(Blocker.Kind.TABLE_LOCK, Blocker.Kind.of("relation"));
        assertEquals(Blocker.Kind.ROW_LOCK, Blocker.Kind.of("transactionid"));
        assertEquals(Blocker.Kind.ROW_LOCK, Blocker.Kind.of("tuple"));
        assertEquals(Blocker.Kind.TRANSACTION, Blocker.Kind.of("virtualxid"));
        assertEquals(Blocker.Kind.OTHER, Blocker.Kind.of("advisory"));
        // A type is locked as an object of class pg_type; other objects stay OTHER.
        assertEquals(Blocker.Kind.TABLE_LOCK, Blocker.Kind.of("object", "pg_type"));
        assertEquals(Blocker.Kind.OTHER, Blocker.Kind.of("object", "pg_database"));

        assertEquals("blocked by a row lock held by pid 42 (application_name 'billing', idle in transaction,"
                + " transaction open 3 s): UPDATE t SET a = 1", new Blocker(42, Blocker.Kind.ROW_LOCK, "transactionid",
                "", "idle in transaction", 3, "billing", "UPDATE t SET a = 1").describe());
        assertEquals("waiting for transaction of pid 7 (application_name 'report', active, transaction open 60 s) to"
                + " end: SELECT 1", new Blocker(7, Blocker.Kind.TRANSACTION, "virtualxid", "", "active", 60, "report",
                "SELECT 1").describe());
        assertEquals("blocked by pid 9 (application_name '', holds AccessShareLock, idle): SELECT 2",
                new Blocker(9, Blocker.Kind.TABLE_LOCK, "holds AccessShareLock", "public.t", "idle", -1, "",
                        "SELECT 2").describe());
        assertEquals("blocked by pid 9 (application_name '', holds a lock of type advisory, idle): SELECT 3",
                new Blocker(9, Blocker.Kind.OTHER, "advisory", "", "idle", -1, "", "SELECT 3").describe());
    }

    @Test
    void aTerminatedOrBrokenConnectionIsToldApartFromOtherFailures() {
        assertTrue(LostConnection.is(new SQLException("terminating connection due to administrator command", "57P01")));
        assertTrue(LostConnection.is(new SQLException("An I/O error occurred while sending to the backend.", "08006")));
        assertTrue(LostConnection.is(new SQLException("This connection has been closed.", "08003")));
        assertFalse(LostConnection.is(new SQLException("canceling statement due to lock timeout", "55P03")));
        assertFalse(LostConnection.is(new SQLException("no state")));
        assertTrue(LostConnection.cause(new SQLException("terminating connection due to administrator command", "57P01"))
                .startsWith("the server terminated Strata's connection (an administrator ended the session"));
    }
}
