package dev.strata.plan;

import dev.strata.expr.Expressions;
import dev.strata.expr.ParseResult;
import dev.strata.model.ExclusionConstraint;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
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

    /** Columns an index reads: its keys (named or in expressions), INCLUDE columns and predicate. */
    public static SortedSet<String> ofIndex(Index index, Table table) {
        SortedSet<String> columns = new TreeSet<>();
        index.keys().forEach(k -> columns.addAll(ofKey(k, table)));
        columns.addAll(index.include());
        index.where().ifPresent(w -> columns.addAll(of(w, table)));
        return columns;
    }

    public static SortedSet<String> ofKey(IndexKey key, Table table) {
        return switch (key.target()) {
            case IndexKey.ColumnTarget c -> new TreeSet<>(Set.of(c.column()));
            case IndexKey.ExpressionTarget e -> of(e.sql(), table);
        };
    }

    /** Columns an exclusion constraint reads: its elements and predicate. */
    public static SortedSet<String> ofExclusion(ExclusionConstraint exclusion, Table table) {
        SortedSet<String> columns = new TreeSet<>();
        exclusion.elements().forEach(e -> columns.addAll(ofKey(e.key(), table)));
        exclusion.where().ifPresent(w -> columns.addAll(of(w, table)));
        return columns;
    }
}
