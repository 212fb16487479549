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
}
