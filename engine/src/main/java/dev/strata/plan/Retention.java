package dev.strata.plan;

import dev.strata.model.QualifiedName;

import java.util.List;

/**
 * What a retained drop keeps (docs/retention.md) and where. The step's inverse brings it back; {@code strata
 * restore} finds the steps to undo by this marker, never by their SQL.
 */
public sealed interface Retention {

    /** What was dropped, as a user names it: {@code public.sessions}, or {@code public.users.email} for a column. */
    String object();

    /** The table in {@code strata_archive} that holds what was kept. */
    QualifiedName archived();

    /**
     * A dropped table, moved whole into {@code strata_archive}.
     *
     * @param table    the dropped table's name before the step
     * @param archived its name in {@code strata_archive} after it
     * @param validate the statements of the inverse that validate the foreign keys it re-adds: run each in its own
     *                 transaction, after the others, so the scan holds no lock that blocks writes
     */
    record KeptTable(QualifiedName table, QualifiedName archived, List<String> validate) implements Retention {

        public KeptTable {
            validate = List.copyOf(validate);
        }

        @Override
        public String object() {
            return table.toString();
        }
    }
}
