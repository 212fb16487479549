package dev.strata.execute;

/**
 * A session holding a lock that conflicts with the one a step needs.
 *
 * @param xactSeconds how long its transaction has been open; -1 when it is not in one
 * @param query       the first 80 characters of its current (or last) statement
 */
public record Blocker(int pid, String mode, String state, long xactSeconds, String applicationName, String query) {

    public String describe() {
        return "pid " + pid + " (application_name '" + applicationName + "', holds " + mode + ", " + state
                + (xactSeconds >= 0 ? ", transaction open " + xactSeconds + " s" : "") + "): " + query;
    }
}
