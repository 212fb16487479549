package dev.strata.plan;

import dev.strata.model.QualifiedName;

import java.util.List;

/**
 * What a retained drop keeps (docs/retention.md): the table as the plan found it and where it goes. The step's
 * inverse brings it back; {@code strata restore} finds the steps to undo by this marker, never by their SQL.
 *
 * @param table    the dropped table's name before the step
 * @param archived its name in {@code strata_archive} after it
 * @param validate the statements of the inverse that validate the foreign keys it re-adds: run each in its own
 *                 transaction, after the others, so the scan holds no lock that blocks writes
 */
public record Retention(QualifiedName table, QualifiedName archived, List<String> validate) {

    public Retention {
        validate = List.copyOf(validate);
    }
}
