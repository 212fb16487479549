package dev.strata.plan.recipe;

import dev.strata.ddl.CommentOn;
import dev.strata.ddl.ConstraintClause;
import dev.strata.ddl.IndexStatement;
import dev.strata.ddl.RowLevelSecurityStatement;
import dev.strata.ddl.SqlRender;
import dev.strata.ddl.TableAction;
import dev.strata.ddl.TableStatement;
import dev.strata.diff.ConstraintChange.AddForeignKey;
import dev.strata.diff.TableChange.CreateTable;
import dev.strata.model.CheckConstraint;
import dev.strata.model.Column;
import dev.strata.model.ForeignKey;
import dev.strata.model.Index;
import dev.strata.model.PartitionOf;
import dev.strata.model.QualifiedName;
import dev.strata.model.RowLevelSecurity;
import dev.strata.model.Table;
import dev.strata.naming.PgNames;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A new table is empty and unused, so nothing it does can block anyone: one EXPAND transaction
 * creates it with every constraint inline, builds its indexes with plain {@code CREATE INDEX}
 * (concurrent builds would only add waiting on an empty table) and sets its comments.
 *
 * <p>The diff emits nothing else for a new table, so its foreign keys are this recipe's too. They
 * come in later steps ({@link Stage#ADD_CONSTRAINT}), one per key: the target may be another new
 * table; and each takes SHARE ROW EXCLUSIVE on its target, which blocks writes there, so each is kept
 * in a short transaction of its own. A key whose target key this plan only adds to an existing table
 * exists in CONTRACT at the earliest, so that key is {@link AddForeignKeyRecipe}'s (NOT VALID, then
 * VALIDATE, in CONTRACT: the new application may have written rows by then). Sequences the table's defaults call come earlier ({@link Stage#CREATE_SEQUENCE}); their
 * {@code OWNED BY} belongs to the sequence's recipe, after the table exists.
 */
public final class CreateTableRecipe implements Recipe<CreateTable> {

    public static final CreateTableRecipe INSTANCE = new CreateTableRecipe();

    @Override
    public void plan(CreateTable change, PlanContext context, RecipeOutput out) {
        QualifiedName name = change.name();
        Table table = change.desired();
        if (!AddColumnRecipe.virtualSupported(name, table.columns(), context, out)) {
            return;
        }
        if (!ConstraintSql.temporalSupported(name, table, context, out)) {
            return;
        }
        Optional<Table> standalone = table.partitionOf().filter(p -> !context.isNewTable(p.parent()))
                .flatMap(p -> standalone(name, table, p, context));
        StepDraft create = StepDraft.at(Stage.CREATE_TABLE, "create table " + name)
                .sql(new TableStatement.Create(name, standalone.orElse(PartitionOf.asDeclared(context.desired(), table)), false))
                .lock(name, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(new TableStatement.Drop(name, true))
                .fact("CREATE TABLE locks only the new table, which nothing uses yet (docs/locks.md#row-54).");
        table.partitionOf().filter(p -> !context.isNewTable(p.parent()))
                .ifPresent(p -> partitionOfExisting(name, p, standalone.isPresent(), context, create));
        // CREATE TABLE cannot declare a constraint NOT VALID; one declared so is added so, in the same transaction.
        create.sql(SqlRender.notValidConstraints(name, table, false));
        for (Index index : table.indexes()) {
            create.sql(new IndexStatement.Create(name, index, false, false));
        }
        if (!table.indexes().isEmpty()) {
            create.fact("Its indexes are built in the same transaction on a table without rows, so plain CREATE INDEX"
                    + " reads nothing and blocks no one (docs/locks.md#row-45).");
        }
        table.comment().ifPresent(c -> create.sql(CommentOn.table(name, table.comment())));
        for (Column column : table.columns()) {
            column.comment().ifPresent(c -> create.sql(CommentOn.column(name, column.name(), column.comment())));
        }
        table.primaryKey().ifPresent(k -> create.sql(ConstraintSql.comment(name, k.name(), k.comment())));
        table.uniqueConstraints().forEach(k -> create.sql(ConstraintSql.comment(name, k.name(), k.comment())));
        table.checks().forEach(k -> create.sql(ConstraintSql.comment(name, k.name(), k.comment())));
        table.exclusions().forEach(k -> create.sql(ConstraintSql.comment(name, k.name(), k.comment())));
        table.indexes().forEach(i -> create.sql(IndexSql.comment(name, i.name(), i.comment())));
        if (!table.rowLevelSecurity().isOff()) {
            create.sql(new RowLevelSecurityStatement(name, RowLevelSecurity.OFF, table.rowLevelSecurity()));
            create.fact(ChangeRowLevelSecurityRecipe.HIDES_ROWS);
        }
        out.add(create);
        for (ForeignKey foreignKey : table.foreignKeys()) {
            if (ConstraintSql.targetKeyExists(context, foreignKey.target(), foreignKey.targetColumns())) {
                out.add(foreignKey(name, foreignKey));
            } else {
                AddForeignKeyRecipe.INSTANCE.plan(new AddForeignKey(name, foreignKey), context, out);
            }
        }
    }

    /**
     * A new partition of an existing parent: {@code CREATE TABLE … PARTITION OF} takes ACCESS EXCLUSIVE on the parent
     * for the catalog change (no rows of the new table to read), and scans a DEFAULT partition under ACCESS EXCLUSIVE
     * for rows the new bound would claim (https://www.postgresql.org/docs/current/ddl-partitioning.html#DDL-PARTITIONING-DECLARATIVE-MAINTENANCE).
     */
    private static void partitionOfExisting(QualifiedName name, PartitionOf of, boolean attach, PlanContext context,
            StepDraft create) {
        if (attach) {
            create.sql(TableStatement.Alter.of(of.parent(), new TableAction.AttachPartition(name, of.bound())))
                    .lock(of.parent(), LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.CATALOG_ONLY)
                    .fact("The partition is created alone, with its parent's columns and checks, and attached with ATTACH"
                            + " PARTITION: SHARE UPDATE EXCLUSIVE on " + of.parent() + ", so its reads and writes continue;"
                            + " the bound check scans the new table, which has no rows (docs/locks.md#partitions).");
        } else {
            create.lock(of.parent(), LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                    .fact("CREATE TABLE … PARTITION OF takes ACCESS EXCLUSIVE on " + of.parent() + ": reads and writes of the"
                            + " whole partitioned table wait, briefly, for the catalog change (docs/locks.md#partitions).");
        }
        // The current DEFAULT partition, even one the plan drops (in CONTRACT, after this step), by the name it has when
        // this step runs: a renamed one by its new name.
        QualifiedName currentParent = RenameTableRecipe.oldName(of.parent(), context).orElse(of.parent());
        for (QualifiedName current : DropPartitionRecipe.defaultsBeside(context, currentParent, name)) {
            QualifiedName sibling = RenameTableRecipe.newName(current, context).orElse(current);
            create.lock(sibling, LockMode.ACCESS_EXCLUSIVE, TableWork.SCAN)
                    .fact("The DEFAULT partition " + sibling + " is scanned under ACCESS EXCLUSIVE for rows the new bound"
                            + " would claim: a row there makes the step fail (docs/locks.md#partitions).");
        }
    }

    /**
     * The new partition as a table of its own, to be attached: its parent's columns in their order (its overrides in
     * place; on PostgreSQL 18 each NOT NULL named as {@code PARTITION OF} would name it) and its parent's checks, which
     * ATTACH requires and merges. Empty where attaching would not give what {@code PARTITION OF} gives, and the
     * partition is created with {@code PARTITION OF} instead: a partitioned partition, a parent that is itself a
     * partition or has foreign keys or exclusion constraints (cloned and validated against other tables), identity or
     * generated columns.
     */
    private static Optional<Table> standalone(QualifiedName name, Table table, PartitionOf of, PlanContext context) {
        Optional<Table> parent = context.desiredTable(of.parent());
        if (table.partitioned() || parent.isEmpty() || parent.get().isPartition() || !parent.get().foreignKeys().isEmpty()
                || !parent.get().exclusions().isEmpty()) {
            return Optional.empty();
        }
        List<Column> physical = PartitionOf.physicalColumns(context.desired(), name);
        if (physical.stream().anyMatch(c -> c.identity().isPresent() || c.generatedAs().isPresent())) {
            return Optional.empty();
        }
        List<Column> columns = physical.stream().map(c -> {
            if (c.nullable() || !context.supports(18)) {
                return c.withNotNullName(Optional.empty()).withRenamedFrom(Optional.empty());
            }
            Optional<Column> inParent = parent.get().column(c.name()).filter(p -> !p.nullable());
            Optional<String> own = table.column(c.name()).flatMap(Column::notNullName);
            String notNull = own.orElseGet(() -> PgNames.partitionNotNull(name.name(), of.parent().name(), c.name(),
                    inParent.isPresent(), inParent.flatMap(Column::notNullName)));
            return c.withNotNullName(Optional.of(notNull));
        }).toList();
        List<CheckConstraint> checks = new ArrayList<>(parent.get().checks());
        checks.addAll(table.checks());
        return Optional.of(table.withPartitionOf(Optional.empty()).withColumns(columns).withChecks(checks));
    }

    private static StepDraft foreignKey(QualifiedName table, ForeignKey foreignKey) {
        StepDraft step = StepDraft.at(Stage.ADD_CONSTRAINT, "add foreign key " + foreignKey.name() + " on new table " + table)
                .sql(foreignKey.valid() ? ConstraintSql.add(table, new ConstraintClause.Foreign(foreignKey))
                        : ConstraintSql.addNotValid(table, new ConstraintClause.Foreign(foreignKey)))
                .sql(ConstraintSql.comment(table, foreignKey.name(), foreignKey.comment()))
                .lock(table, LockMode.SHARE_ROW_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(ConstraintSql.drop(table, foreignKey.name()));
        if (!foreignKey.target().equals(table)) {
            step.lock(foreignKey.target(), LockMode.SHARE_ROW_EXCLUSIVE, TableWork.CATALOG_ONLY);
        }
        return step.fact("ADD FOREIGN KEY takes SHARE ROW EXCLUSIVE on both tables, so writes to " + foreignKey.target()
                + " wait for it briefly (docs/locks.md#row-54, #note-9); validation reads the new table, which has no rows.");
    }
}
