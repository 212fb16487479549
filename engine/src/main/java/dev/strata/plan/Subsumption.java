package dev.strata.plan;

import dev.strata.diff.Change;
import dev.strata.diff.ColumnChange;
import dev.strata.diff.ConstraintChange;
import dev.strata.diff.IndexChange;
import dev.strata.model.ExclusionConstraint;
import dev.strata.model.Index;
import dev.strata.model.QualifiedName;
import dev.strata.model.Table;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A column that is rebuilt (renamed, or retyped in a way that rewrites) gets a new physical column
 * carrying its desired definition, and the old one goes with everything attached to it. So the
 * rebuild recipe owns all of that column's changes and every constraint and index that involves it;
 * this pass removes those from the list the other recipes see.
 */
final class Subsumption {

    private Subsumption() {}

    record Rebuilt(QualifiedName table, String column) {}

    static List<Change> apply(List<Change> changes, PlanContext ctx) {
        Set<Rebuilt> rebuilt = rebuiltColumns(changes);
        if (rebuilt.isEmpty()) {
            return changes;
        }
        List<Change> kept = new ArrayList<>();
        for (Change change : changes) {
            if (!subsumed(change, rebuilt, ctx)) {
                kept.add(change);
            }
        }
        return kept;
    }

    static Set<Rebuilt> rebuiltColumns(List<Change> changes) {
        Set<Rebuilt> rebuilt = new HashSet<>();
        for (Change change : changes) {
            if (change instanceof ColumnChange.RenameColumn r) {
                rebuilt.add(new Rebuilt(r.table(), r.desired().name()));
            } else if (change instanceof ColumnChange.ChangeColumnType t && needsRebuild(t)) {
                rebuilt.add(new Rebuilt(t.table(), t.desired().name()));
            }
        }
        return rebuilt;
    }

    static boolean needsRebuild(ColumnChange.ChangeColumnType change) {
        return change.using().isPresent() || !TypeChanges.isCatalogOnly(change.current().type(), change.desired().type());
    }

    private static boolean subsumed(Change change, Set<Rebuilt> rebuilt, PlanContext ctx) {
        return switch (change) {
            case ColumnChange.RenameColumn r -> false;
            case ColumnChange.DropColumn d -> false;
            case ColumnChange.ChangeColumnType t -> rebuilt.contains(new Rebuilt(t.table(), t.columnName()))
                    && !isPrimary(t, rebuilt, ctx);
            case ColumnChange c -> rebuilt.contains(new Rebuilt(c.table(), c.columnName()));
            case ConstraintChange c -> involves(c, rebuilt, ctx);
            case IndexChange i -> involves(i, rebuilt, ctx);
            default -> false;
        };
    }

    /** A retype is the rebuild's own change unless the same column is also renamed (the rename then owns it). */
    private static boolean isPrimary(ColumnChange.ChangeColumnType t, Set<Rebuilt> rebuilt, PlanContext ctx) {
        Optional<Table> before = ctx.currentTableFor(t.table());
        return before.map(b -> b.column(t.columnName()).isPresent()).orElse(false);
    }

    private static boolean involves(ConstraintChange change, Set<Rebuilt> rebuilt, PlanContext ctx) {
        QualifiedName table = change.table();
        // A replacement is the rebuild's when its new side involves the column (the rebuild builds it and retires the
        // old one); when only its old side does, the old one goes with the old column but the new one is still the swap's.
        List<String> columns = switch (change) {
            case ConstraintChange.AddPrimaryKey c -> c.primaryKey().columns();
            case ConstraintChange.DropPrimaryKey c -> c.primaryKey().columns();
            case ConstraintChange.ReplacePrimaryKey c -> c.desired().columns();
            case ConstraintChange.AddUnique c -> c.unique().columns();
            case ConstraintChange.DropUnique c -> c.unique().columns();
            case ConstraintChange.ReplaceUnique c -> c.desired().columns();
            case ConstraintChange.AddForeignKey c -> foreignKeyColumns(c.foreignKey(), table, rebuilt);
            case ConstraintChange.DropForeignKey c -> foreignKeyColumns(c.foreignKey(), table, rebuilt);
            case ConstraintChange.ReplaceForeignKey c -> foreignKeyColumns(c.desired(), table, rebuilt);
            case ConstraintChange.AddCheck c -> checkColumns(c.check().expression(), table, ctx);
            case ConstraintChange.DropCheck c -> checkColumns(c.check().expression(), table, ctx);
            case ConstraintChange.ReplaceCheck c -> checkColumns(c.desired().expression(), table, ctx);
            case ConstraintChange.AddExclusion c -> exclusionColumns(c.exclusion(), table, ctx);
            case ConstraintChange.DropExclusion c -> exclusionColumns(c.exclusion(), table, ctx);
            case ConstraintChange.ReplaceExclusion c -> exclusionColumns(c.desired(), table, ctx);
            case ConstraintChange.RenameConstraint c -> renamedConstraintColumns(c, ctx);
            // The rebuild gives what it rebuilds the desired comment; this step comments the one it replaces,
            // which does no harm and keeps a comment whatever the rebuild takes over.
            case ConstraintChange.ChangeConstraintComment c -> List.of();
            // The rebuild adds the constraint anew, as declared: its validation goes with it.
            case ConstraintChange.ValidateConstraint c -> switch (c.constraint()) {
                case ConstraintChange.Validated.Check k -> checkColumns(k.check().expression(), table, ctx);
                case ConstraintChange.Validated.Foreign f -> foreignKeyColumns(f.foreignKey(), table, rebuilt);
            };
        };
        if (change instanceof ConstraintChange.AddForeignKey || change instanceof ConstraintChange.DropForeignKey
                || change instanceof ConstraintChange.ReplaceForeignKey || (change instanceof ConstraintChange.ValidateConstraint v
                && v.constraint() instanceof ConstraintChange.Validated.Foreign)) {
            return !columns.isEmpty();
        }
        return columns.stream().anyMatch(col -> rebuilt.contains(new Rebuilt(table, col)));
    }

    /** A foreign key involves a rebuilt column on either end; returns a non-empty list when it does. */
    private static List<String> foreignKeyColumns(dev.strata.model.ForeignKey fk, QualifiedName table, Set<Rebuilt> rebuilt) {
        List<String> hits = new ArrayList<>();
        fk.columns().stream().filter(c -> rebuilt.contains(new Rebuilt(table, c))).forEach(hits::add);
        fk.targetColumns().stream().filter(c -> rebuilt.contains(new Rebuilt(fk.target(), c))).forEach(hits::add);
        return hits;
    }

    private static List<String> checkColumns(String expression, QualifiedName table, PlanContext ctx) {
        return ctx.desiredTable(table).map(t -> List.copyOf(ColumnsRead.of(expression, t))).orElse(List.of());
    }

    private static List<String> exclusionColumns(ExclusionConstraint exclusion, QualifiedName table, PlanContext ctx) {
        return ctx.desiredTable(table).map(t -> List.copyOf(ColumnsRead.ofExclusion(exclusion, t))).orElse(List.of());
    }

    private static boolean involves(IndexChange change, Set<Rebuilt> rebuilt, PlanContext ctx) {
        QualifiedName table = change.table();
        Optional<Table> t = ctx.desiredTable(table);
        List<Index> indexes = switch (change) {
            case IndexChange.CreateIndex c -> List.of(c.index());
            case IndexChange.DropIndex c -> List.of(c.index());
            case IndexChange.ReplaceIndex c -> List.of(c.current(), c.desired());
            case IndexChange.RenameIndex c -> t.flatMap(tt -> tt.indexes().stream()
                    .filter(i -> i.name().equals(c.to())).findFirst()).stream().toList();
            case IndexChange.ChangeIndexComment c -> List.of();
        };
        return indexes.stream().flatMap(i -> indexColumns(i, t).stream())
                .anyMatch(col -> rebuilt.contains(new Rebuilt(table, col)));
    }

    private static List<String> indexColumns(Index index, Optional<Table> table) {
        if (table.isPresent()) {
            return List.copyOf(ColumnsRead.ofIndex(index, table.get()));
        }
        List<String> named = new ArrayList<>(index.keyColumns());
        named.addAll(index.include());
        return named;
    }

    private static List<String> renamedConstraintColumns(ConstraintChange.RenameConstraint c, PlanContext ctx) {
        Optional<Table> t = ctx.desiredTable(c.table());
        if (t.isEmpty()) {
            return List.of();
        }
        Table table = t.get();
        List<String> columns = new ArrayList<>();
        table.primaryKey().filter(pk -> pk.name().equals(c.to())).ifPresent(pk -> columns.addAll(pk.columns()));
        table.uniqueConstraints().stream().filter(u -> u.name().equals(c.to())).forEach(u -> columns.addAll(u.columns()));
        table.foreignKeys().stream().filter(f -> f.name().equals(c.to())).forEach(f -> columns.addAll(f.columns()));
        table.checks().stream().filter(k -> k.name().equals(c.to()))
                .forEach(k -> columns.addAll(ColumnsRead.of(k.expression(), table)));
        table.exclusions().stream().filter(x -> x.name().equals(c.to()))
                .forEach(x -> columns.addAll(exclusionColumns(x, c.table(), ctx)));
        return columns;
    }
}
