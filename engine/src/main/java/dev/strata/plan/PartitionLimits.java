package dev.strata.plan;

import dev.strata.diff.Change;
import dev.strata.diff.ColumnChange;
import dev.strata.diff.ConstraintChange;
import dev.strata.diff.IndexChange;
import dev.strata.model.QualifiedName;
import dev.strata.model.Table;

import java.util.Optional;

/**
 * The online recipes that assume a plain table and have no partitioned counterpart yet: an index built CONCURRENTLY
 * and then swapped or turned into a key ({@code USING INDEX}, which PostgreSQL refuses on a partitioned table), and a
 * column rebuilt through a shadow column. On a partitioned table each is refused with one line rather than planned
 * to fail halfway (docs/locks.md#partitions).
 */
final class PartitionLimits {

    private PartitionLimits() {}

    static Optional<String> unsupported(Change change, PlanContext ctx) {
        QualifiedName table = change.subject();
        boolean partitioned = !ctx.isNewTable(table) && (ctx.desiredTable(table).map(Table::partitioned).orElse(false)
                || ctx.currentTableFor(table).map(Table::partitioned).orElse(false));
        if (!partitioned) {
            return Optional.empty();
        }
        String what = switch (change) {
            case IndexChange.ReplaceIndex c -> "replacing index " + c.desired().name();
            case ConstraintChange.AddPrimaryKey c -> "adding a primary key";
            case ConstraintChange.ReplacePrimaryKey c -> "replacing the primary key";
            case ConstraintChange.AddUnique c -> "adding unique constraint " + c.unique().name();
            case ConstraintChange.ReplaceUnique c -> "replacing unique constraint " + c.desired().name();
            case ConstraintChange.AddExclusion c -> "adding an exclusion constraint";
            case ConstraintChange.ReplaceExclusion c -> "replacing an exclusion constraint";
            case ColumnChange.ChangeColumnType c when dev.strata.plan.recipe.WidenColumnTypeRecipe.applies(c) -> "";
            case ColumnChange.ChangeColumnType c -> "changing the type of column " + c.desired().name();
            case ColumnChange.RenameColumn c -> "renaming column " + c.current().name();
            case ConstraintChange.AddForeignKey c when !ctx.supports(18) -> "adding foreign key " + c.foreignKey().name()
                    + " (NOT VALID, which PostgreSQL before 18 refuses on a partitioned table)";
            case ConstraintChange.ReplaceForeignKey c when !ctx.supports(18) -> "replacing foreign key " + c.desired().name()
                    + " (NOT VALID, which PostgreSQL before 18 refuses on a partitioned table)";
            default -> "";
        };
        if (what.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(what + " on partitioned table " + table + " is not planned online yet (its recipe builds"
                + " CONCURRENTLY or through a shadow column, which PostgreSQL does not offer on a partitioned table):"
                + " make the change by hand in a maintenance window, or on each partition and then the parent"
                + " (docs/locks.md#partitions)");
    }
}
