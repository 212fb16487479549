package dev.strata.plan;

import dev.strata.model.QualifiedName;

import java.util.List;

/**
 * Fills columns of existing rows in keyset-paginated batches, each batch its own short transaction,
 * never one big statement. Rows are visited in key order; {@code pending} selects rows that still
 * need work so a restarted backfill skips what is done.
 *
 * @param key         the columns of the primary key (or a unique not-null key), in order
 * @param assignments column := expression, expressions already rendered for PostgreSQL
 * @param pending     a predicate that is true for rows that still need the assignments
 */
public record BackfillStep(
        String id,
        String summary,
        QualifiedName table,
        List<String> key,
        List<Assignment> assignments,
        String pending) implements Step {

    public BackfillStep {
        key = List.copyOf(key);
        assignments = List.copyOf(assignments);
        if (key.isEmpty()) {
            throw new IllegalArgumentException("a backfill needs a key to paginate on: " + table);
        }
        if (assignments.isEmpty()) {
            throw new IllegalArgumentException("a backfill needs at least one assignment: " + table);
        }
    }

    @Override
    public Phase phase() {
        return Phase.BACKFILL;
    }

    public record Assignment(String column, String expression) {}
}
