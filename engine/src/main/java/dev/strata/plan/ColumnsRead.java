package dev.strata.plan;

import dev.strata.expr.Expressions;
import dev.strata.expr.ParseResult;
import dev.strata.model.Table;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which columns of a table an expression reads, through the Calcite layer. Used for ordering: a
 * backfill that reads a column runs while it exists, a check on a column being rebuilt moves with it.
 */
public final class ColumnsRead {

    private ColumnsRead() {}

    public static SortedSet<String> of(String sql, Table table) {
        Set<String> known = table.columns().stream().map(c -> c.name()).collect(Collectors.toSet());
        return switch (Expressions.parse(sql, known)) {
            case ParseResult.Parsed parsed -> new TreeSet<>(parsed.expression().columnsRead());
            // An invalid expression is reported where it is declared; for ordering, assume it reads nothing.
            case ParseResult.Invalid invalid -> new TreeSet<>();
        };
    }
}
