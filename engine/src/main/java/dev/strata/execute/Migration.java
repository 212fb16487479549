package dev.strata.execute;

import dev.strata.plan.GateKind;
import dev.strata.plan.Plan;

/**
 * One row of {@code strata.migration}: a plan being applied (or applied, or abandoned) to this database.
 *
 * @param desiredFingerprint {@link Fingerprints#of(dev.strata.model.Catalog)} of the desired schema, or
 *                           {@link Fingerprints#of(Plan)} when started from a saved plan
 * @param createdAt          as the server prints it
 */
public record Migration(
        long id,
        String desiredFingerprint,
        String catalogFingerprint,
        Plan plan,
        Status status,
        String createdAt,
        boolean dualWriteConfirmed,
        boolean readSwitchConfirmed) {

    public enum Status {
        RUNNING, DONE, ABANDONED;

        String sql() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public boolean confirmed(GateKind gate) {
        return switch (gate) {
            case DEPLOY_DUAL_WRITE -> dualWriteConfirmed;
            case DEPLOY_READ_SWITCH -> readSwitchConfirmed;
        };
    }
}
