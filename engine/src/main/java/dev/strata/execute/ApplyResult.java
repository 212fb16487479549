package dev.strata.execute;

import java.util.List;
import java.util.Optional;

/**
 * How a run ended (failures are exceptions).
 *
 * @param migrationId the migration run; empty when there was nothing to do
 * @param stepsRun    the steps this run executed, in order (steps done earlier are not repeated)
 */
public record ApplyResult(Outcome outcome, Optional<Long> migrationId, List<String> stepsRun) {

    public ApplyResult {
        stepsRun = List.copyOf(stepsRun);
    }

    public enum Outcome {
        /** The database already matches: no migration started. */
        NOTHING_TO_DO,
        /** The requested phases are done; later phases remain. */
        PHASES_DONE,
        /** Every step is done; the migration is closed. */
        MIGRATION_DONE,
        /** Stopped before a phase whose gate is not confirmed (exit code 3). */
        WAITING_AT_GATE
    }
}
