package dev.strata.rehearse;

import dev.strata.model.QualifiedName;

import java.util.List;
import java.util.Optional;

/**
 * The planner's statistics of one table.
 *
 * @param rows    {@code pg_class.reltuples}, or the rows counted when the table was never analysed
 * @param pages   {@code pg_class.relpages}
 * @param columns those {@code pg_stats} has (only the columns the reading role may SELECT), in column order
 */
public record TableStatistics(QualifiedName table, long rows, long pages, List<ColumnStatistics> columns) {

    public TableStatistics {
        columns = List.copyOf(columns);
    }

    public Optional<ColumnStatistics> column(String name) {
        return columns.stream().filter(c -> c.column().equals(name)).findFirst();
    }
}
