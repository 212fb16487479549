package dev.strata.plan.recipe;

import dev.strata.ddl.TableAction;
import dev.strata.ddl.TableStatement;
import dev.strata.diff.TableChange.DropTable;
import dev.strata.model.PartitionOf;
import dev.strata.model.QualifiedName;
import dev.strata.model.Table;
import dev.strata.plan.LockMode;
import dev.strata.plan.PartitionDetach;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

/**
 * A partition dropped: first detached from its parent, so the parent's readers stop seeing its rows, then dropped as any
 * table is ({@link DropTableRecipe}: CONTRACT, behind the read-switch gate, kept in {@code strata_archive} unless
 * {@code --drop-now}, its data loss named). On PostgreSQL 14 and later, with no DEFAULT partition beside it, the
 * detach is {@code DETACH PARTITION … CONCURRENTLY}: SHARE UPDATE EXCLUSIVE on the parent, run outside a transaction
 * (it waits for the transactions that use the partition); otherwise a plain DETACH takes ACCESS EXCLUSIVE on the parent
 * (https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DETACH-PARTITION).
 */
public final class DropPartitionRecipe implements Recipe<DropTable> {

    public static final DropPartitionRecipe INSTANCE = new DropPartitionRecipe();

    private DropPartitionRecipe() {}

    public static boolean applies(DropTable change) {
        return change.current().isPartition();
    }

    @Override
    public void plan(DropTable change, PlanContext ctx, RecipeOutput out) {
        QualifiedName name = change.name();
        PartitionOf of = change.current().partitionOf().orElseThrow();
        QualifiedName parent = of.parent();
        java.util.List<QualifiedName> defaults = defaultsBeside(ctx, parent, name);
        boolean defaultBeside = !defaults.isEmpty();
        // PostgreSQL refuses CONCURRENTLY while the table has a DEFAULT partition, the one being detached included.
        boolean concurrently = ctx.supports(14) && !defaultBeside && !of.isDefault();
        StepDraft detach = StepDraft.at(Stage.DETACH_OBJECT, "detach partition " + name + " from " + parent)
                .sql(TableStatement.Alter.of(parent, new TableAction.DetachPartition(name, concurrently)))
                .inverse(TableStatement.Alter.of(parent, new TableAction.AttachPartition(name, of.bound())))
                .lock(name, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY);
        if (concurrently) {
            detach.concurrently(new PartitionDetach(parent, name))
                    .lock(parent, LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.CATALOG_ONLY)
                    .fact("DETACH PARTITION … CONCURRENTLY takes SHARE UPDATE EXCLUSIVE on " + parent + ": reads and writes"
                            + " continue; it waits for the transactions using the partition and runs outside a transaction."
                            + " Interrupted, it leaves the partition pending detach, and rerunning strata apply finishes it"
                            + " with ALTER TABLE " + parent + " DETACH PARTITION " + name + " FINALIZE (docs/locks.md#partitions).");
        } else {
            // The DEFAULT partition's constraint changes with the detach: PostgreSQL locks it too.
            defaults.forEach(d -> detach.lock(d, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY));
            detach.lock(parent, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                    .fact("DETACH PARTITION takes ACCESS EXCLUSIVE on " + parent + (defaultBeside || of.isDefault()
                            ? " (CONCURRENTLY is not allowed while the table has a DEFAULT partition)" : "")
                            + ": reads and writes of the partitioned table wait, briefly (docs/locks.md#partitions).");
        }
        detach.fact("The inverse attaches it again, which scans it to check its bound (docs/locks.md#partitions).");
        out.add(detach);
        DropTableRecipe.INSTANCE.plan(new DropTable(name, change.current().withPartitionOf(java.util.Optional.empty())), ctx, out);
    }

    /** The DEFAULT partitions of {@code parent} other than {@code partition}, in the current catalog. */
    static java.util.List<QualifiedName> defaultsBeside(PlanContext ctx, QualifiedName parent, QualifiedName partition) {
        return PartitionedIndexRecipe.partitionsIn(ctx.current(), parent).stream()
                .filter(p -> !p.equals(partition))
                .filter(p -> ctx.current().table(p).flatMap(Table::partitionOf).map(PartitionOf::isDefault).orElse(false))
                .toList();
    }
}
