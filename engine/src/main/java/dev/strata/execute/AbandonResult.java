package dev.strata.execute;

import java.util.List;
import java.util.Optional;

/**
 * What {@code strata abandon} did.
 *
 * @param abandoned the migration it marked abandoned and the steps it had done; empty when none was running
 * @param removed   what only the migration needed and is now gone (sync triggers and functions, shadow columns,
 *                  INVALID indexes of its concurrent builds)
 * @param kept      what such it found but left, each with the reason
 */
public record AbandonResult(Optional<MigrationStatus> abandoned, List<String> removed, List<String> kept) {

    public AbandonResult {
        removed = List.copyOf(removed);
        kept = List.copyOf(kept);
    }
}
