package dev.strata.plan.recipe;

import dev.strata.ddl.TableAction;
import dev.strata.ddl.TableStatement;
import dev.strata.diff.ColumnChange.RenameNotNull;
import dev.strata.model.PartitionOf;
import dev.strata.model.QualifiedName;
import dev.strata.model.Table;
import dev.strata.naming.PgNames;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

import java.util.List;
import java.util.Optional;

/**
 * A NOT NULL constraint (PostgreSQL 18+) renamed to the name the schema declares: {@code RENAME CONSTRAINT}, catalog
 * only (docs/locks.md#row-44). Before 18 NOT NULL has no constraint, so no name: refused.
 */
public final class RenameNotNullRecipe implements Recipe<RenameNotNull> {

    public static final RenameNotNullRecipe INSTANCE = new RenameNotNullRecipe();

    private RenameNotNullRecipe() {}

    @Override
    public void plan(RenameNotNull change, PlanContext ctx, RecipeOutput out) {
        QualifiedName table = change.table();
        String to = change.desired().notNullName().orElseThrow();
        if (!ctx.supports(18)) {
            out.refuse("column " + ColumnSql.where(table, change.desired().name()) + " declares not_null_name " + to
                    + ", but NOT NULL is no named constraint before PostgreSQL 18 (this plan is for " + ctx.pgMajor()
                    + "): remove not_null_name");
            return;
        }
        // The current constraint's name: its own, or the one PostgreSQL derived from the table and column it was made on.
        String currentTable = ctx.currentTableFor(table).map(t -> t.name()).orElse(table.name());
        String from = change.current().notNullName()
                .orElse(PgNames.notNull(currentTable, change.current().name()));
        Optional<PartitionOf> partitionOf = ctx.currentTableFor(table).flatMap(Table::partitionOf);
        boolean inherited = partitionOf.flatMap(p -> ctx.currentTable(p.parent()))
                .flatMap(parent -> PartitionOf.physicalColumns(ctx.current(), partitionOf.get().parent()).stream()
                        .filter(c -> c.name().equals(change.current().name())).findFirst())
                .map(c -> !c.nullable()).orElse(false);
        if (inherited) {
            // PostgreSQL refuses to rename a NOT NULL constraint a partition inherits: detached, renamed and attached
            // again in one transaction. ATTACH scans the partition to check its bound (docs/locks.md#partitions).
            QualifiedName parent = partitionOf.get().parent();
            String bound = partitionOf.get().bound();
            out.add(StepDraft.at(Stage.RENAME_INDEX_OR_CONSTRAINT, change.describe() + " (detached and attached again)")
                    .sql(List.of(TableStatement.Alter.of(parent, new TableAction.DetachPartition(table, false)),
                            TableStatement.Alter.of(table, new TableAction.RenameConstraint(from, to)),
                            TableStatement.Alter.of(parent, new TableAction.AttachPartition(table, bound))))
                    .lock(parent, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                    .lock(table, LockMode.ACCESS_EXCLUSIVE, TableWork.SCAN)
                    .inverse(List.of(TableStatement.Alter.of(parent, new TableAction.DetachPartition(table, false)),
                            TableStatement.Alter.of(table, new TableAction.RenameConstraint(to, from)),
                            TableStatement.Alter.of(parent, new TableAction.AttachPartition(table, bound))))
                    .fact("An inherited NOT NULL constraint cannot be renamed in place: DETACH PARTITION holds ACCESS EXCLUSIVE"
                            + " on " + parent + " until the step commits, and ATTACH PARTITION scans " + table
                            + " to check its bound (docs/locks.md#partitions)."));
            return;
        }
        out.add(StepDraft.at(Stage.RENAME_INDEX_OR_CONSTRAINT, change.describe())
                .sql(TableStatement.Alter.of(table, new TableAction.RenameConstraint(from, to)))
                .lock(table, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(TableStatement.Alter.of(table, new TableAction.RenameConstraint(to, from)))
                .fact("RENAME CONSTRAINT changes the catalog only (docs/locks.md#row-44)."));
    }
}
