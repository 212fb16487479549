package dev.strata.plan;

import dev.strata.model.DataType;
import dev.strata.model.QualifiedName;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The rows of a table as they are now, seen in the shape the plan gives them: what preflight checks a desired
 * constraint against. Every column is a value computed from the current row the way the migration computes it (kept,
 * converted, or filled by a backfill or default), so a constraint is judged on the values it will meet.
 *
 * @param table   the table's desired name (what findings name)
 * @param current its name in the database now
 * @param key     its current primary key's columns (current names), which name the rows of a finding; empty: none,
 *                rows are named by their physical position ({@code ctid})
 * @param renamed desired → current name of each renamed column: expressions may name either while both exist
 * @param columns the desired columns, in order
 */
public record RowSource(QualifiedName table, QualifiedName current, List<String> key, Map<String, String> renamed,
        List<Value> columns) {

    public RowSource {
        key = List.copyOf(key);
        renamed = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(renamed));
        columns = List.copyOf(columns);
    }

    /** One desired column's value for an existing row. */
    public sealed interface Value {
        /** The desired column's name. */
        String column();

        DataType type();
    }

    /** Unchanged but for a rename: {@code current} is its current name. */
    public record Kept(String column, DataType type, String current) implements Value {}

    /**
     * Retyped: {@code CAST(current AS type)}, or {@code using} (over the current row), as the migration converts it.
     */
    public record Converted(String column, DataType type, String current, DataType from, Optional<String> using)
            implements Value {}

    /** A new column: existing rows get {@code expression} (its {@code backfill:} or default). */
    public record Filled(String column, DataType type, String expression) implements Value {}

    /** A new column no existing row gets a value for (NULL), or one the server computes (identity). */
    public record Missing(String column, DataType type) implements Value {}
}
