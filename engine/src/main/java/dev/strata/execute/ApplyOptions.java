package dev.strata.execute;

import java.time.Duration;

/**
 * How {@link Executor} runs a plan.
 *
 * @param lockTimeout          {@code lock_timeout} for every DDL statement and backfill batch (default 2 s): a step
 *                             that cannot get its lock quickly gives up instead of queueing application traffic
 *                             behind it
 * @param maxAttempts          attempts per step when the lock is not available (default 10)
 * @param ddlStatementTimeout  {@code statement_timeout} for catalog-only DDL (default 60 s)
 * @param scanStatementTimeout {@code statement_timeout} for steps that scan or rewrite a table (VALIDATE,
 *                             CONCURRENTLY builds) and backfill batches; zero means none (the default)
 * @param batchSize            rows per backfill batch (default 1000)
 * @param batchPause           pause between backfill batches (default none)
 * @param rowsPerSecond        backfill rate cap; zero means no cap (the default)
 * @param allowDataLoss        run steps that delete data (dropped columns and tables) or narrow a column's type
 * @param allowBlocking        run plans the lock policy refuses (steps that block traffic while they scan or rewrite)
 * @param confirmGates         treat every gate as confirmed ({@code --yes})
 */
public record ApplyOptions(
        Duration lockTimeout,
        int maxAttempts,
        Duration ddlStatementTimeout,
        Duration scanStatementTimeout,
        int batchSize,
        Duration batchPause,
        long rowsPerSecond,
        boolean allowDataLoss,
        boolean allowBlocking,
        boolean confirmGates) {

    public ApplyOptions {
        if (lockTimeout.isNegative() || lockTimeout.isZero()) {
            throw new IllegalArgumentException("the lock timeout must be positive: without one a waiting DDL"
                    + " statement blocks all traffic queued behind it");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("at least one attempt is needed: " + maxAttempts);
        }
        if (ddlStatementTimeout.isNegative() || scanStatementTimeout.isNegative() || batchPause.isNegative()) {
            throw new IllegalArgumentException("timeouts and pauses must not be negative");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("the batch size must be positive: " + batchSize);
        }
        if (rowsPerSecond < 0) {
            throw new IllegalArgumentException("the rate cap must not be negative: " + rowsPerSecond);
        }
    }

    public static ApplyOptions defaults() {
        return new ApplyOptions(Duration.ofMillis(2000), 10, Duration.ofSeconds(60), Duration.ZERO, 1000,
                Duration.ZERO, 0, false, false, false);
    }

    public ApplyOptions withLockTimeout(Duration value) {
        return new ApplyOptions(value, maxAttempts, ddlStatementTimeout, scanStatementTimeout, batchSize, batchPause,
                rowsPerSecond, allowDataLoss, allowBlocking, confirmGates);
    }

    public ApplyOptions withMaxAttempts(int value) {
        return new ApplyOptions(lockTimeout, value, ddlStatementTimeout, scanStatementTimeout, batchSize, batchPause,
                rowsPerSecond, allowDataLoss, allowBlocking, confirmGates);
    }

    public ApplyOptions withBatchSize(int value) {
        return new ApplyOptions(lockTimeout, maxAttempts, ddlStatementTimeout, scanStatementTimeout, value, batchPause,
                rowsPerSecond, allowDataLoss, allowBlocking, confirmGates);
    }

    public ApplyOptions withBatchPause(Duration value) {
        return new ApplyOptions(lockTimeout, maxAttempts, ddlStatementTimeout, scanStatementTimeout, batchSize, value,
                rowsPerSecond, allowDataLoss, allowBlocking, confirmGates);
    }

    public ApplyOptions withRowsPerSecond(long value) {
        return new ApplyOptions(lockTimeout, maxAttempts, ddlStatementTimeout, scanStatementTimeout, batchSize,
                batchPause, value, allowDataLoss, allowBlocking, confirmGates);
    }

    public ApplyOptions withAllowDataLoss(boolean value) {
        return new ApplyOptions(lockTimeout, maxAttempts, ddlStatementTimeout, scanStatementTimeout, batchSize,
                batchPause, rowsPerSecond, value, allowBlocking, confirmGates);
    }

    public ApplyOptions withAllowBlocking(boolean value) {
        return new ApplyOptions(lockTimeout, maxAttempts, ddlStatementTimeout, scanStatementTimeout, batchSize,
                batchPause, rowsPerSecond, allowDataLoss, value, confirmGates);
    }

    public ApplyOptions withConfirmGates(boolean value) {
        return new ApplyOptions(lockTimeout, maxAttempts, ddlStatementTimeout, scanStatementTimeout, batchSize,
                batchPause, rowsPerSecond, allowDataLoss, allowBlocking, value);
    }
}
