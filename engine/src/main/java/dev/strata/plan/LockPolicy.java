package dev.strata.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * The default policy: no step may hold a lock that blocks reads or writes while it scans or
 * rewrites a table. Overridable from the command line, never silently.
 */
public final class LockPolicy {

    private LockPolicy() {}

    public static List<PolicyViolation> check(List<Step> steps) {
        List<PolicyViolation> violations = new ArrayList<>();
        for (Step step : steps) {
            if (step instanceof DdlStep ddl) {
                for (LockHold hold : ddl.locks()) {
                    if (hold.blocksTrafficDuringFullTableWork()) {
                        violations.add(new PolicyViolation(ddl.id(), ddl.summary() + ": holds " + hold.mode().sql()
                                + " on " + hold.describeTarget() + " (blocks " + hold.blocks() + ") while it "
                                + hold.work().description()));
                    }
                }
            }
        }
        return violations;
    }
}
