package dev.strata.plan.recipe;

import dev.strata.ddl.ColumnAction;
import dev.strata.ddl.ConstraintClause;
import dev.strata.ddl.DataStatement;
import dev.strata.ddl.SchemaStatement;
import dev.strata.ddl.SqlRender;
import dev.strata.ddl.Statement;
import dev.strata.ddl.TableAction;
import dev.strata.ddl.TableStatement;
import dev.strata.diff.ColumnChange.DropColumn;
import dev.strata.model.Column;
import dev.strata.model.Deferrability;
import dev.strata.model.ForeignKey;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.PrimaryKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.Table;
import dev.strata.model.UniqueConstraint;
import dev.strata.plan.DataLoss;
import dev.strata.plan.GateKind;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Retention;
import dev.strata.plan.ShortNames;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;
import dev.strata.sql.Identifiers;
import dev.strata.sql.TypeNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Dropping a column is quick for the database (it is only hidden) but breaks any application that still reads it.
 * So it waits for CONTRACT, behind the read-switch gate, and by default destroys no value: CONTRACT first copies
 * the table's key and the column into a table of {@code strata_archive}, in keyset batches that only read the table,
 * then drops the column; {@code strata restore} brings it back (docs/retention.md#dropped-columns). Without a key
 * to match the values back by, or with {@code --drop-now}, the column goes as before, its loss named.
 *
 * <p>The new application stops writing the column before CONTRACT, from the dual-write gate on. A NOT NULL
 * column that an insert must name (no default, identity or generation fills it) would make each of its inserts fail,
 * so EXPAND drops NOT NULL first: a brief catalog change, like {@link DropNotNullRecipe}. A primary-key column keeps
 * it (PostgreSQL refuses; the key goes with the column in CONTRACT).
 */
public final class DropColumnRecipe implements Recipe<DropColumn> {

    public static final DropColumnRecipe INSTANCE = new DropColumnRecipe();

    @Override
    public void plan(DropColumn change, PlanContext context, RecipeOutput out) {
        String column = change.current().name();
        String where = change.table() + "." + column;
        Table current = context.currentTableFor(change.table()).orElseThrow();
        Optional<Table> desired = context.desiredTable(change.table());
        Kept kept = kept(change.table(), current, desired, change.current(), context);
        out.gate(GateKind.DEPLOY_READ_SWITCH, "The application no longer reads or writes " + where
                + (kept instanceof Kept.By ? " (CONTRACT copies its values to strata_archive, then drops it)." : " (CONTRACT drops it)."));
        ViewText.warnIfStillRead(change.table(), column, context, out);
        if (insertsMustName(change.current()) && !inPrimaryKey(change, context)) {
            out.gate(GateKind.DEPLOY_DUAL_WRITE, "The application may stop writing " + where + " (EXPAND made it nullable).");
            out.add(StepDraft.at(Stage.LOOSEN, "drop not null on " + where + " (the new application no longer writes it)")
                    .sql(ColumnSql.alterColumn(change.table(), column, new ColumnAction.DropNotNull()))
                    .lock(change.table(), LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                    .inverse(ColumnSql.alterColumn(change.table(), column, new ColumnAction.SetNotNull()))
                    .fact("DROP NOT NULL changes the catalog only (docs/locks.md#row-27); its inverse, SET NOT NULL, scans the table (docs/locks.md#row-24)."));
        }
        Optional<QualifiedName> archived = kept instanceof Kept.By
                ? Optional.of(archivedName(change.table(), current, column, context)) : Optional.empty();
        StepDraft drop = StepDraft.at(Stage.DROP_COLUMN, "drop column " + where + archived
                        .map(a -> " (values kept in " + Identifiers.qualified(a) + ", recoverable until purged)").orElse(""))
                .sql(ColumnSql.dropColumn(change.table(), column))
                .lock(change.table(), LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY);
        switch (kept) {
            case Kept.Not(String why) -> drop
                    .deletes(new DataLoss("column " + where + " and every value in it", context.estimatedRows(change.table())))
                    .cannotUndo("the column and its values are not kept in " + Schema.ARCHIVE + ": " + why)
                    .fact("Not kept in " + Schema.ARCHIVE + ": " + why + " (docs/retention.md#columns-not-kept).");
            case Kept.By(List<String> key) -> keep(change.table(), current, change.current(), key, archived.orElseThrow(),
                    context, out, drop);
        }
        out.add(drop.fact("DROP COLUMN only hides the column; space is reclaimed by later updates (no rewrite, no scan)."));
    }

    private static void keep(QualifiedName table, Table current, Column column, List<String> key, QualifiedName archived,
            PlanContext context, RecipeOutput out, StepDraft drop) {
        List<List<Statement>> rebuild = rebuild(table, current, column, context);
        Retention.KeptColumn kept = archiveSteps(table, current, column, key, archived, rebuild, out);
        String archive = Identifiers.qualified(kept.archived());
        List<String> live = Stream.concat(key.stream(), Stream.of(column.name())).toList();
        List<Statement> inverse = new ArrayList<>();
        inverse.add(TableStatement.Alter.of(table, new TableAction.AddColumn(typeOnly(column), false)));
        inverse.add(new DataStatement.CopyBack(table, column.name(), kept.archived(), key));
        rebuild.forEach(inverse::addAll);
        drop.inverse(inverse)
                .retains(kept)
                .fact("Values kept in " + archive + " (" + Identifiers.list(live) + "): recoverable until purged"
                        + " (docs/retention.md#dropped-columns); strata restore brings the column back with its values,"
                        + " default, NOT NULL, indexes and constraints.");
    }

    /**
     * Keeps the values of {@code column}, the old side of a type change whose conversion may lose information, before
     * CONTRACT drops its old copy: the same archive and batched copy as a dropped column, run before the swap, while
     * the values are still under their name. Empty, with the plan unchanged, when the column cannot be kept.
     */
    static Optional<Retention.KeptColumn> keepOldSide(QualifiedName table, Table current, Optional<Table> desired,
            Column column, PlanContext context, RecipeOutput out) {
        return switch (kept(table, current, desired, column, context)) {
            case Kept.Not not -> Optional.empty();
            case Kept.By(List<String> key) -> Optional.of(archiveSteps(table, current, column, key,
                    archivedName(table, current, column.name(), context), List.of(), out));
        };
    }

    /** The archive table and the batched copy into it, in CONTRACT before the column goes. */
    private static Retention.KeptColumn archiveSteps(QualifiedName table, Table current, Column column, List<String> key,
            QualifiedName archived, List<List<Statement>> rebuild, RecipeOutput out) {
        String where = table + "." + column.name();
        String archive = Identifiers.qualified(archived);
        List<Column> columns = new ArrayList<>();
        for (String k : key) {
            columns.add(typeOnly(current.column(k).orElseThrow()).withNullable(false));
        }
        columns.add(typeOnly(column));
        out.add(StepDraft.at(Stage.ARCHIVE_COLUMN, "create " + archive + " to keep the values of " + where)
                .sql(new SchemaStatement.Create(Schema.ARCHIVE, true))
                .sql(new TableStatement.CreateKeeper(archived, columns, key))
                .lock(archived, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(new TableStatement.Drop(archived, true))
                .fact("CREATE TABLE locks only the new table, which nothing uses yet (docs/locks.md#row-54)."));
        out.add(StepDraft.archive(table, "copy " + where + " with the key (" + String.join(", ", key) + ") into " + archive,
                        key, archived, column.name())
                .fact("Each batch reads the next rows of " + table + " in key order (ACCESS SHARE, which blocks no"
                        + " write) and inserts them into " + archive + ", committing with its position: a rerun resumes"
                        + " after the last batch."));
        return new Retention.KeptColumn(table, column.name(), archived, key, type(column), rebuild);
    }

    /** Whether the values can be kept and by which key, or why not. */
    private sealed interface Kept {
        record By(List<String> key) implements Kept {}

        record Not(String why) implements Kept {}
    }

    private static Kept kept(QualifiedName table, Table current, Optional<Table> desired, Column column, PlanContext context) {
        if (context.dropNow()) {
            return new Kept.Not("--drop-now asks for the column to be destroyed now");
        }
        if (column.identity().isPresent() || column.generatedAs().isPresent()) {
            return new Kept.Not("an identity or generated column is not kept (its values come from the table itself)");
        }
        if (droppedType(column, context)) {
            return new Kept.Not("it uses type " + column.type().elementType().userTypeName().orElseThrow()
                    + ", which this plan drops");
        }
        List<List<String>> keys = keys(current);
        Optional<List<String>> key = keys.stream()
                .filter(k -> !k.contains(column.name()))
                .filter(k -> desired.map(d -> survives(k, current, d)).orElse(false))
                .filter(k -> k.stream().map(current::column).flatMap(Optional::stream).noneMatch(c -> droppedType(c, context)))
                .findFirst();
        if (key.isPresent()) {
            return new Kept.By(key.get());
        }
        if (keys.isEmpty()) {
            return new Kept.Not("table " + table + " has no primary key or unique constraint on NOT NULL columns to match"
                    + " the values back to their rows");
        }
        if (keys.stream().allMatch(k -> k.contains(column.name()))) {
            return new Kept.Not("it is part of every key of " + table + ", so its values could not be matched back to"
                    + " their rows");
        }
        return new Kept.Not("no key of " + table + " without it stays as it is in this plan, to match the values back"
                + " to their rows");
    }

    /** The table's keys, the primary key first: unique, NOT NULL, named columns only (no expression, no predicate). */
    private static List<List<String>> keys(Table table) {
        List<List<String>> keys = new ArrayList<>();
        table.primaryKey().map(PrimaryKey::columns).ifPresent(keys::add);
        table.uniqueConstraints().stream().map(UniqueConstraint::columns).forEach(keys::add);
        table.indexes().stream().filter(i -> i.unique() && i.where().isEmpty() && i.keyColumns().size() == i.keys().size())
                .map(Index::keyColumns).forEach(keys::add);
        return keys.stream().distinct()
                .filter(k -> k.stream().allMatch(c -> table.column(c).map(col -> !col.nullable()).orElse(false)))
                .toList();
    }

    /** The key is still a key of the desired table, over the same columns of the same types. */
    private static boolean survives(List<String> key, Table current, Table desired) {
        boolean sameColumns = key.stream().allMatch(k -> desired.column(k)
                .filter(d -> !d.nullable() && current.column(k).map(c -> c.type().equals(d.type())
                        && c.collation().equals(d.collation())).orElse(false)).isPresent());
        return sameColumns && keys(desired).contains(key);
    }

    private static boolean droppedType(Column column, PlanContext context) {
        Optional<QualifiedName> type = column.type().elementType().userTypeName();
        return type.isPresent() && context.current().enumType(type.get()).isPresent()
                && context.desired().enumType(type.get()).isEmpty();
    }

    /**
     * What DROP COLUMN takes along and a restore puts back once the values are in: the default, NOT NULL (through a
     * NOT VALID check, so no scan under a blocking lock), the indexes and constraints on the column, built
     * CONCURRENTLY and attached, or added NOT VALID and validated. Each statement runs on its own.
     */
    private static List<List<Statement>> rebuild(QualifiedName table, Table current, Column column, PlanContext context) {
        String name = column.name();
        List<List<Statement>> groups = new ArrayList<>();
        column.defaultValue().ifPresent(d -> groups.add(List.of(ColumnSql.setDefault(table, name, Optional.of(d)))));
        if (!column.nullable()) {
            String check = context.names().constraint(table, HelperNames.of(table, name, "strata_nn"));
            groups.add(List.of(
                    ConstraintSql.addNotValid(table, ConstraintSql.isNotNull(check, name)),
                    ConstraintSql.validate(table, check),
                    ColumnSql.alterColumn(table, name, new ColumnAction.SetNotNull()),
                    ConstraintSql.drop(table, check)));
        }
        // A temporal key's GiST index can be neither built UNIQUE CONCURRENTLY nor attached: it is added directly.
        current.primaryKey().filter(pk -> pk.columns().contains(name)).ifPresent(pk -> groups.add(pk.withoutOverlaps()
                ? List.of(ConstraintSql.add(table, new ConstraintClause.Primary(pk)))
                : attach(table, true, pk.name(), pk.columns(), false, Deferrability.NOT_DEFERRABLE)));
        for (UniqueConstraint u : current.uniqueConstraints()) {
            if (u.columns().contains(name)) {
                groups.add(u.withoutOverlaps() ? List.of(ConstraintSql.add(table, new ConstraintClause.Unique(u)))
                        : attach(table, false, u.name(), u.columns(), u.nullsNotDistinct(), u.deferrability()));
            }
        }
        for (Index index : current.indexes()) {
            if (index.keyColumns().contains(name) || index.include().contains(name)) {
                groups.add(List.of(IndexSql.createConcurrently(table, index)));
            }
        }
        for (ForeignKey foreignKey : current.foreignKeys()) {
            if (foreignKey.columns().contains(name)) {
                groups.add(ConstraintSql.addBack(table, new ConstraintClause.Foreign(foreignKey), foreignKey.valid()));
            }
        }
        return groups;
    }

    private static List<Statement> attach(QualifiedName table, boolean primaryKey, String name, List<String> columns,
            boolean nullsNotDistinct, Deferrability deferrability) {
        Index index = new Index(name, true, nullsNotDistinct, "btree", columns.stream().map(IndexKey::column).toList(),
                List.of(), Optional.empty(), Map.of());
        return List.of(IndexSql.createConcurrently(table, index),
                ConstraintSql.add(table, new ConstraintClause.UsingIndex(name, primaryKey, name, deferrability)));
    }

    /** The column with only its name, type and collation: what the archive table holds and a restore adds back. */
    private static Column typeOnly(Column column) {
        return Column.of(column.name(), column.type()).withCollation(column.collation());
    }

    /** A column's type as {@code ADD COLUMN} and the archive table spell it, with its collation. */
    private static String type(Column column) {
        return TypeNames.sql(column.type()) + column.collation().map(c -> " COLLATE " + SqlRender.collation(c)).orElse("");
    }

    /**
     * Where a dropped column's values are kept: named after the table and column, with a token of the table's
     * definition as {@link DropTableRecipe#archivedName} derives it, shortened to 63 bytes the same way; numbered
     * when an earlier drop of the same definition is still kept there.
     */
    static QualifiedName archivedName(QualifiedName table, Table current, String column, PlanContext context) {
        String token = ShortNames.token(SqlRender.createTable(table, current, true) + "\n" + column);
        return context.names().archive(ShortNames.withSuffix(table.schema() + "." + table.name() + "." + column,
                "~" + token), Optional.empty());
    }

    private static boolean insertsMustName(Column column) {
        return !column.nullable() && column.defaultValue().isEmpty() && column.identity().isEmpty() && column.generatedAs().isEmpty();
    }

    private static boolean inPrimaryKey(DropColumn change, PlanContext context) {
        return context.currentTableFor(change.table()).flatMap(Table::primaryKey).map(PrimaryKey::columns)
                .orElse(List.of()).contains(change.current().name());
    }
}
