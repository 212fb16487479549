package dev.strata.diff;

import java.util.List;

/**
 * The changes that turn the current catalog into the desired one, in a deterministic order, and
 * warnings about hints that could not be honoured or differences PostgreSQL cannot express.
 */
public record DiffResult(List<Change> changes, List<String> warnings) {

    public DiffResult {
        changes = List.copyOf(changes);
        warnings = List.copyOf(warnings);
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }
}
