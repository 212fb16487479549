package dev.strata.plan;

import dev.strata.model.QualifiedName;
import dev.strata.sql.Identifiers;
import dev.strata.sql.Literals;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The SQL that runs a {@link BackfillStep}: one keyset-paginated batch per statement, so every batch is a
 * short transaction whose locks (row locks and ROW EXCLUSIVE) are released at once.
 *
 * <p>Batches walk the key in order. A batch is the next {@code LIMIT} keys after the last key of the
 * previous batch, whether or not those rows still need work; only rows matching {@code pending} are
 * updated. Rows inserted behind the cursor are written by the application's dual-write (or the sync
 * trigger), rows inserted ahead of it are reached by a later batch.
 */
public final class BackfillSql {

    private static final String ALIAS = "strata_k";
    private static final String VALUE = "strata_v";

    private BackfillSql() {}

    /**
     * One batch. Parameters: when {@code firstBatch} is false, the last key of the previous batch (one
     * parameter per key column, in key order), then the batch size. The single result row holds the
     * number of rows updated followed by the batch's last key; no row means the key range is exhausted.
     */
    public static String batchStatement(BackfillStep s, boolean firstBatch) {
        List<String> lowerBound = firstBatch
                ? List.of()
                : s.key().stream().map(k -> "?").toList();
        return statement(s, lowerBound, "?");
    }

    /**
     * A self-contained PL/pgSQL {@code DO} block that runs every batch, committing after each.
     */
    public static String script(BackfillStep s, int batchSize, Duration pause) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive: " + batchSize);
        }
        if (pause.isNegative()) {
            throw new IllegalArgumentException("pause must not be negative: " + pause);
        }
        List<String> lastKey = IntStream.rangeClosed(1, s.key().size())
                .mapToObj(i -> "strata_last." + ALIAS + i)
                .toList();
        List<String> parameters = IntStream.rangeClosed(1, s.key().size()).mapToObj(i -> "$" + i).toList();
        String limit = Integer.toString(batchSize);
        // The batches run through EXECUTE: a statement of the block itself would take a column of the table
        // named like one of its variables (strata_last, ...) for the variable, or fail as ambiguous. The
        // statements go in unindented: a line break in them is inside a user's string or name, where
        // indentation would change the value.
        String first = Literals.quote(statement(s, List.of(), limit));
        String next = Literals.quote(statement(s, parameters, limit));
        // Concatenated rather than formatted: RAISE has % placeholders of its own, and expressions are arbitrary text.
        String body = "DECLARE\n"
                + "    strata_last record;\n"
                + "    strata_batches bigint := 0;\n"
                + "    strata_total bigint := 0;\n"
                + "BEGIN\n"
                + "    EXECUTE " + first + "\n"
                + "        INTO strata_last;\n"
                + "    WHILE strata_last.strata_updated IS NOT NULL LOOP\n"
                + "        strata_batches := strata_batches + 1;\n"
                + "        strata_total := strata_total + strata_last.strata_updated;\n"
                + "        RAISE NOTICE 'strata backfill: batch % updated % rows', strata_batches, strata_last.strata_updated;\n"
                + "        COMMIT;\n"
                + sleep(pause)
                + "        EXECUTE " + next + "\n"
                + "            INTO strata_last USING " + String.join(", ", lastKey) + ";\n"
                + "    END LOOP;\n"
                + "    RAISE NOTICE 'strata backfill: done, % rows updated in % batches', strata_total, strata_batches;\n"
                + "END\n";
        return """
                -- Backfill %s: %s
                -- A DO block that commits after every batch of %d rows. It needs PostgreSQL 11 or later
                -- (transaction control in DO) and must run outside a transaction block: in psql with
                -- autocommit on (the default), never inside BEGIN ... COMMIT or psql --single-transaction.
                -- %s
                DO %s;
                """.formatted(
                oneLine(Identifiers.qualified(s.table())), oneLine(s.summary()), batchSize, rerun(s),
                Literals.dollarQuoted("\n" + body));
    }

    private static String statement(BackfillStep s, List<String> lowerBound, String limit) {
        return switch (s.batch()) {
            case BackfillStep.Batch.Assign a -> assign(s, a, lowerBound, limit);
            case BackfillStep.Batch.Archive a -> copy(s.table(), s.key(), a.archive(), a.column(), lowerBound, limit);
        };
    }

    private static String assign(BackfillStep s, BackfillStep.Batch.Assign a, List<String> lowerBound, String limit) {
        String table = Identifiers.qualified(s.table());
        List<String> keys = s.key().stream().map(Identifiers::quote).toList();
        List<String> aliases = aliases(keys.size());
        List<String> qualifiedKeys = keys.stream().map(k -> table + "." + k).toList();
        String where = lowerBound.isEmpty()
                ? ""
                : " WHERE " + row(keys) + " > " + row(lowerBound);
        String assignments = a.assignments().stream()
                .map(x -> Identifiers.quote(x.column()) + " = (" + x.expression() + ")")
                .collect(Collectors.joining(", "));
        List<String> descending = aliases.stream().map(x -> x + " DESC").toList();
        return "WITH batch(" + String.join(", ", aliases) + ") AS ("
                + "SELECT " + String.join(", ", keys) + " FROM " + table + where
                + " ORDER BY " + String.join(", ", keys) + " LIMIT " + limit + "), "
                // The batch's key range, not a join with it: a join let the planner hash the whole table
                // for every batch; a range is an index scan. Keys inserted inside the range since the batch
                // was read are updated too, which is harmless: pending still decides.
                + "updated AS (UPDATE " + table + " SET " + assignments
                + " WHERE " + row(qualifiedKeys) + " >= (SELECT " + String.join(", ", aliases) + " FROM batch ORDER BY "
                + String.join(", ", aliases) + " LIMIT 1)"
                + " AND " + row(qualifiedKeys) + " <= (SELECT " + String.join(", ", aliases) + " FROM batch ORDER BY "
                + String.join(", ", descending) + " LIMIT 1)"
                + " AND (" + a.pending() + ") RETURNING 1) "
                + "SELECT (SELECT count(*) FROM updated) AS strata_updated, " + String.join(", ", aliases)
                + " FROM batch ORDER BY " + String.join(", ", descending) + " LIMIT 1";
    }

    /**
     * One batch that copies the key and {@code column} of the next rows of {@code from} into {@code into}, which has
     * the same key and column names; the result row is shaped as for an assigning batch (rows written, last key).
     * Only {@code from} is read (ACCESS SHARE), and a row already in {@code into} is left as it is.
     */
    private static String copy(QualifiedName from, List<String> key, QualifiedName into, String column,
            List<String> lowerBound, String limit) {
        List<String> keys = key.stream().map(Identifiers::quote).toList();
        List<String> aliases = aliases(keys.size());
        List<String> descending = aliases.stream().map(x -> x + " DESC").toList();
        String where = lowerBound.isEmpty() ? "" : " WHERE " + row(keys) + " > " + row(lowerBound);
        String value = Identifiers.quote(column);
        return "WITH batch(" + String.join(", ", aliases) + ", " + VALUE + ") AS ("
                + "SELECT " + String.join(", ", keys) + ", " + value + " FROM " + Identifiers.qualified(from) + where
                + " ORDER BY " + String.join(", ", keys) + " LIMIT " + limit + "), "
                + "copied AS (INSERT INTO " + Identifiers.qualified(into) + " (" + String.join(", ", keys) + ", " + value
                + ") SELECT " + String.join(", ", aliases) + ", " + VALUE + " FROM batch ON CONFLICT DO NOTHING RETURNING 1) "
                + "SELECT (SELECT count(*) FROM copied) AS strata_updated, " + String.join(", ", aliases)
                + " FROM batch ORDER BY " + String.join(", ", descending) + " LIMIT 1";
    }

    /**
     * One batch of {@code strata restore}: walks the archive {@code from} in key order and sets {@code column} of the
     * live rows of {@code table} with the same key. Parameters and result row as for {@link #batchStatement}.
     */
    public static String copyBackStatement(QualifiedName table, List<String> key, QualifiedName from, String column,
            boolean firstBatch) {
        List<String> keys = key.stream().map(Identifiers::quote).toList();
        List<String> aliases = aliases(keys.size());
        List<String> descending = aliases.stream().map(x -> x + " DESC").toList();
        String where = firstBatch ? "" : " WHERE " + row(keys) + " > " + row(keys.stream().map(k -> "?").toList());
        String value = Identifiers.quote(column);
        String live = Identifiers.qualified(table);
        String match = IntStream.range(0, keys.size())
                .mapToObj(i -> live + "." + keys.get(i) + " = batch." + aliases.get(i))
                .collect(Collectors.joining(" AND "));
        return "WITH batch(" + String.join(", ", aliases) + ", " + VALUE + ") AS ("
                + "SELECT " + String.join(", ", keys) + ", " + value + " FROM " + Identifiers.qualified(from) + where
                + " ORDER BY " + String.join(", ", keys) + " LIMIT ?), "
                + "updated AS (UPDATE " + live + " SET " + value + " = batch." + VALUE + " FROM batch WHERE " + match
                + " RETURNING 1) "
                + "SELECT (SELECT count(*) FROM updated) AS strata_updated, " + String.join(", ", aliases)
                + " FROM batch ORDER BY " + String.join(", ", descending) + " LIMIT 1";
    }

    private static List<String> aliases(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> ALIAS + i).toList();
    }

    private static String rerun(BackfillStep s) {
        return switch (s.batch()) {
            case BackfillStep.Batch.Assign a -> "It is safe to rerun: rows already done no longer match the pending predicate.";
            case BackfillStep.Batch.Archive a -> "It is safe to rerun: rows already copied are skipped (ON CONFLICT DO NOTHING).";
        };
    }

    // With one key column, (k) > (?) is a plain comparison; with more it is a row comparison.
    private static String row(List<String> items) {
        return "(" + String.join(", ", items) + ")";
    }

    private static String sleep(Duration pause) {
        if (pause.isZero()) {
            return "";
        }
        BigDecimal seconds = BigDecimal.valueOf(pause.toMillis(), 3).stripTrailingZeros();
        return "        PERFORM pg_sleep(" + seconds.toPlainString() + ");\n";
    }

    private static String oneLine(String text) {
        return text.replace('\n', ' ').replace('\r', ' ');
    }
}
