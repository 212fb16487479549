package dev.strata.plan.recipe;

import dev.strata.ddl.TableAction;
import dev.strata.ddl.TableStatement;
import dev.strata.diff.TableChange.ChangePartitionBound;
import dev.strata.model.QualifiedName;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

import java.util.List;

/**
 * A partition's bound changed: {@code DETACH PARTITION} and {@code ATTACH PARTITION} with the new bound, in one
 * transaction, so the rows are never outside the tree for a reader. DETACH (without CONCURRENTLY, which cannot run in a
 * transaction) takes ACCESS EXCLUSIVE on the parent; ATTACH scans the partition to prove every row fits the new bound,
 * and scans a DEFAULT partition for rows the new bound would claim
 * (https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-ATTACH-PARTITION). A row outside the new
 * bound makes the step fail and roll back: nothing is lost.
 */
public final class ChangePartitionBoundRecipe implements Recipe<ChangePartitionBound> {

    public static final ChangePartitionBoundRecipe INSTANCE = new ChangePartitionBoundRecipe();

    private ChangePartitionBoundRecipe() {}

    @Override
    public void plan(ChangePartitionBound change, PlanContext ctx, RecipeOutput out) {
        QualifiedName partition = change.name();
        QualifiedName parent = change.desired().parent();
        List<TableStatement> to = List.of(
                TableStatement.Alter.of(parent, new TableAction.DetachPartition(partition, false)),
                TableStatement.Alter.of(parent, new TableAction.AttachPartition(partition, change.desired().bound())));
        List<TableStatement> back = List.of(
                TableStatement.Alter.of(parent, new TableAction.DetachPartition(partition, false)),
                TableStatement.Alter.of(parent, new TableAction.AttachPartition(partition, change.current().bound())));
        StepDraft step = StepDraft.at(Stage.TIGHTEN, change.describe());
        DropPartitionRecipe.defaultsBeside(ctx, parent, partition)
                .forEach(d -> step.lock(d, LockMode.ACCESS_EXCLUSIVE, TableWork.SCAN));
        out.add(step
                .lock(parent, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .lock(partition, LockMode.ACCESS_EXCLUSIVE, TableWork.SCAN)
                .sql(to)
                .inverse(back)
                .fact("DETACH PARTITION takes ACCESS EXCLUSIVE on " + parent + " until the step commits; ATTACH PARTITION scans "
                        + partition + " (and a DEFAULT partition, if any) under ACCESS EXCLUSIVE to check the new bound"
                        + " (docs/locks.md#partitions)."));
    }
}
