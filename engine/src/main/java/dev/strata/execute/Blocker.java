package dev.strata.execute;

/**
 * A session in the way of a step, and how.
 *
 * @param kind        what the step waited for, which decides how the session is in the way
 * @param lock        for a table lock, what the session holds or is queued for ({@code holds AccessShareLock}, or
 *                    {@code holds ExclusiveLock on type public.mood}); otherwise the {@code pg_locks} lock type waited on
 * @param relation    the relation (or {@code type …}) of the lock waited on, when the lock names one; empty otherwise
 * @param xactSeconds how long its transaction has been open; -1 when it is not in one
 * @param query       the first 80 characters of its current (or last) statement
 */
public record Blocker(int pid, Kind kind, String lock, String relation, String state, long xactSeconds,
        String applicationName, String query) {

    public enum Kind {
        /** A lock on the table itself ({@code relation}), or on the type a step changes ({@code type public.mood}). */
        TABLE_LOCK,
        /** A row another transaction changed or locked and has not committed ({@code transactionid}, {@code tuple}). */
        ROW_LOCK,
        /**
         * A transaction a {@code CONCURRENTLY} build or drop must see end: one with an older snapshot, or one that
         * writes the table ({@code virtualxid}).
         */
        TRANSACTION,
        OTHER;

        /** From {@code pg_locks.locktype} of the lock waited on. */
        public static Kind of(String locktype) {
            return of(locktype, "");
        }

        /**
         * From {@code pg_locks.locktype} and {@code classid::regclass} of the lock waited on: a type is locked as an
         * object of class {@code pg_type}.
         */
        public static Kind of(String locktype, String objectClass) {
            return switch (locktype) {
                case "relation" -> TABLE_LOCK;
                case "object" -> objectClass.equals("pg_type") ? TABLE_LOCK : OTHER;
                case "transactionid", "tuple" -> ROW_LOCK;
                case "virtualxid" -> TRANSACTION;
                default -> OTHER;
            };
        }
    }

    public String describe() {
        String who = "pid " + pid + " (application_name '" + applicationName + "'";
        String about = (state.isEmpty() ? "" : ", " + state)
                + (xactSeconds >= 0 ? ", transaction open " + xactSeconds + " s" : "") + ")";
        return switch (kind) {
            case TABLE_LOCK -> "blocked by " + who + ", " + lock + about + ": " + query;
            case ROW_LOCK -> "blocked by a row lock held by " + who + about + ": " + query;
            case TRANSACTION -> "waiting for transaction of " + who + about + " to end: " + query;
            case OTHER -> "blocked by " + who + ", holds a lock of type " + lock + about + ": " + query;
        };
    }
}
