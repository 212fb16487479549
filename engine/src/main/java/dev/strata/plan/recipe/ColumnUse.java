package dev.strata.plan.recipe;

import dev.strata.model.ExclusionConstraint;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.Table;
import dev.strata.plan.ColumnsRead;

import java.util.ArrayList;
import java.util.List;

/** Where a column of a table is used by indexes, including the ones behind constraints. */
final class ColumnUse {

    private ColumnUse() {}

    /** True when some index of the table (plain, primary key, unique, exclusion) involves the column. */
    static boolean indexed(Table table, String column) {
        if (table.primaryKey().map(pk -> pk.columns().contains(column)).orElse(false)) {
            return true;
        }
        if (table.uniqueConstraints().stream().anyMatch(u -> u.columns().contains(column))) {
            return true;
        }
        for (ExclusionConstraint x : table.exclusions()) {
            List<String> cols = new ArrayList<>();
            x.elements().forEach(e -> cols.addAll(keyColumns(e.key(), table)));
            x.where().ifPresent(w -> cols.addAll(ColumnsRead.of(w, table)));
            if (cols.contains(column)) {
                return true;
            }
        }
        for (Index index : table.indexes()) {
            List<String> cols = new ArrayList<>(index.include());
            index.keys().forEach(k -> cols.addAll(keyColumns(k, table)));
            index.where().ifPresent(w -> cols.addAll(ColumnsRead.of(w, table)));
            if (cols.contains(column)) {
                return true;
            }
        }
        return false;
    }

    /** True when a CHECK constraint reads the column: ALTER COLUMN ... TYPE re-checks it against every row. */
    static boolean checked(Table table, String column) {
        return table.checks().stream().anyMatch(c -> ColumnsRead.of(c.expression(), table).contains(column));
    }

    /** True when an index (or PK/unique constraint) starts with the column, so max(column) is an index lookup. */
    static boolean leadsAnIndex(Table table, String column) {
        if (table.primaryKey().map(pk -> pk.columns().getFirst().equals(column)).orElse(false)) {
            return true;
        }
        if (table.uniqueConstraints().stream().anyMatch(u -> u.columns().getFirst().equals(column))) {
            return true;
        }
        return table.indexes().stream().anyMatch(i -> i.method().equals("btree") && i.where().isEmpty()
                && i.keys().getFirst().target() instanceof IndexKey.ColumnTarget c && c.column().equals(column));
    }

    private static List<String> keyColumns(IndexKey key, Table table) {
        return switch (key.target()) {
            case IndexKey.ColumnTarget c -> List.of(c.column());
            case IndexKey.ExpressionTarget e -> List.copyOf(ColumnsRead.of(e.sql(), table));
        };
    }
}
