package dev.strata.plan;

import dev.strata.model.QualifiedName;

import java.util.List;

/**
 * Works through the rows of a table in keyset-paginated batches, each batch its own short transaction, never one
 * big statement. Rows are visited in key order; the {@link Batch} says what each batch does with them.
 *
 * @param phase the phase it runs in: {@link Phase#BACKFILL} to fill columns, {@link Phase#CONTRACT} to keep a dropped
 *              column's values just before the drop
 * @param key   the columns of the primary key (or a unique not-null key), in order
 */
public record BackfillStep(
        String id,
        Phase phase,
        String summary,
        QualifiedName table,
        List<String> key,
        Batch batch) implements Step {

    public BackfillStep {
        key = List.copyOf(key);
        if (key.isEmpty()) {
            throw new IllegalArgumentException("a backfill needs a key to paginate on: " + table);
        }
        if (phase == Phase.EXPAND) {
            throw new IllegalArgumentException("a backfill runs after EXPAND: " + table);
        }
    }

    /** A backfill of the BACKFILL phase that assigns columns. */
    public BackfillStep(String id, String summary, QualifiedName table, List<String> key, List<Assignment> assignments,
            String pending) {
        this(id, Phase.BACKFILL, summary, table, key, new Batch.Assign(assignments, pending));
    }

    /** The locks each batch takes: row writes, never a lock that blocks the table's traffic. */
    public List<LockHold> locks() {
        return switch (batch) {
            case Batch.Assign a -> List.of(new LockHold(table, LockMode.ROW_EXCLUSIVE, TableWork.BATCHED));
            case Batch.Archive a -> List.of(new LockHold(table, LockMode.ACCESS_SHARE, TableWork.BATCHED_READS),
                    new LockHold(a.archive(), LockMode.ROW_EXCLUSIVE, TableWork.BATCHED_INSERTS));
        };
    }

    public record Assignment(String column, String expression) {}

    /** What a batch does with the rows it visits. */
    public sealed interface Batch {

        /**
         * Sets columns of the table's rows.
         *
         * @param assignments column := expression, expressions already rendered for PostgreSQL
         * @param pending     a predicate that is true for rows that still need the assignments, so a restarted
         *                    backfill skips what is done
         */
        record Assign(List<Assignment> assignments, String pending) implements Batch {

            public Assign {
                assignments = List.copyOf(assignments);
                if (assignments.isEmpty()) {
                    throw new IllegalArgumentException("a backfill needs at least one assignment");
                }
            }
        }

        /**
         * Copies the key and a column of the table's rows into a table of {@code strata_archive} with the same key
         * ({@code ON CONFLICT DO NOTHING}: a row copied before a crash is not copied twice). The table is only read.
         */
        record Archive(QualifiedName archive, String column) implements Batch {}
    }
}
