package dev.strata.plan.recipe;

import dev.strata.ddl.ColumnAction;
import dev.strata.ddl.CommentOn;
import dev.strata.ddl.ConstraintClause;
import dev.strata.ddl.IndexStatement;
import dev.strata.ddl.SequenceStatement;
import dev.strata.ddl.Statement;
import dev.strata.ddl.TableAction;
import dev.strata.ddl.TableStatement;
import dev.strata.diff.ColumnReferences;
import dev.strata.model.CheckConstraint;
import dev.strata.model.Column;
import dev.strata.model.Deferrability;
import dev.strata.model.ForeignKey;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.PrimaryKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Sequence;
import dev.strata.model.Table;
import dev.strata.model.UniqueConstraint;
import dev.strata.plan.BackfillStep;
import dev.strata.plan.ColumnsRead;
import dev.strata.plan.ConcurrentIndex;
import dev.strata.plan.Conversion;
import dev.strata.plan.DualWrite;
import dev.strata.plan.GateKind;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Scaffolding;
import dev.strata.plan.ShortNames;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.SyncTrigger;
import dev.strata.plan.TableWork;
import dev.strata.sql.Identifiers;
import dev.strata.sql.TypeNames;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Replaces a column by a new physical column carrying its desired definition, without a table
 * rewrite and without a window in which writes are lost. Shared by the rename and the rewriting
 * type change, which differ only in names and in how the new value is computed:
 *
 * <ol>
 *   <li>EXPAND: add the new column (nullable, no default, so the sync trigger can tell "not written"
 *       from "written"); install the sync trigger, so every writer keeps both shapes in step from
 *       here on.</li>
 *   <li>BACKFILL: fill existing rows in keyset batches; then build the column's indexes
 *       CONCURRENTLY on the filled column (one build instead of maintenance during the backfill).</li>
 *   <li>CONTRACT: enforce NOT NULL, checks and foreign keys with NOT VALID + VALIDATE, attach
 *       unique constraints to the prebuilt indexes, then in one short transaction retire the old
 *       column (rename: drop trigger and old column together, so no insert can see the old NOT NULL
 *       without the trigger that fills it; type change: swap names, then drop the old copy).</li>
 * </ol>
 *
 * Everything that involves the column (indexes, unique and primary keys, checks, foreign keys) is
 * rebuilt here from the desired table; {@code Subsumption} keeps those changes from other recipes.
 */
final class ColumnRebuild {

    private static final String NEW_SUFFIX = "__strata_new";
    /** Where the facts about prepared statements across a type change are explained. */
    private static final String PREPARED = "docs/type-changes.md#prepared-statements";
    private static final String OLD_SUFFIX = "__strata_old";

    /**
     * @param table     the table's desired name (a table rename runs first, in EXPAND)
     * @param current   the column as it is
     * @param desired   the column as declared
     * @param forward   SQL computing the new value from a row (columns by their current names)
     * @param bothWays  whether the old value can be derived from the new one (same type)
     * @param checked   whether {@code forward} is the default conversion (no {@code using:}), which must keep
     *                  every value or stop ({@link Conversion})
     */
    record Spec(QualifiedName table, Column current, Column desired, String forward, boolean bothWays, boolean checked) {

        boolean isRename() {
            return !current.name().equals(desired.name());
        }

        /** Where the new value lives until CONTRACT: a column name no user column has, declared or not. */
        String physical(PlanContext ctx) {
            return isRename() ? desired.name() : ctx.names().column(table, ShortNames.withSuffix(desired.name(), NEW_SUFFIX));
        }
    }

    private ColumnRebuild() {}

    static void plan(Spec spec, PlanContext ctx, RecipeOutput out) {
        Optional<Table> currentTable = ctx.currentTableFor(spec.table());
        Optional<Table> desiredTable = ctx.desiredTable(spec.table());
        if (currentTable.isEmpty() || desiredTable.isEmpty()) {
            out.refuse("cannot rebuild column " + spec.table() + "." + spec.desired().name() + ": table not found");
            return;
        }
        if (retypesDirectly(spec, currentTable.get(), desiredTable.get(), ctx)) {
            retypeEmptyTable(spec, out);
            return;
        }
        if (!refusals(spec, currentTable.get(), desiredTable.get(), ctx, out)) {
            return;
        }
        Table before = currentTable.get();
        Table after = desiredTable.get();
        QualifiedName t = spec.table();
        String oldName = spec.current().name();
        String physical = spec.physical(ctx);
        String where = t + "." + spec.desired().name();
        Map<String, String> toPhysical = spec.isRename() ? Map.of() : Map.of(spec.desired().name(), physical);

        // EXPAND
        Column shadow = Column.of(physical, spec.desired().type()).withCollation(spec.desired().collation());
        StepDraft add = out.add(StepDraft.at(Stage.ADD_COLUMN, "add column " + t + "." + physical + " (new shape of " + t + "." + oldName + ")")
                .sql(ColumnSql.addColumn(t, shadow)));
        // A comment belongs to the column's number, so it survives the swap's renames. A shadow column carries
        // Strata's marker until the swap gives it the declared comment.
        if (spec.isRename()) {
            spec.desired().comment().ifPresent(c -> add.sql(CommentOn.column(t, physical, Optional.of(c))));
        } else {
            add.sql(Scaffolding.markColumn(t, physical, "shadow column of " + t + "." + oldName + " (its new type)"));
            add.fact("A statement prepared before this step with SELECT * or RETURNING * on " + t + " fails once with SQLSTATE 0A000"
                    + " (cached plan must not change result type) after any column is added, dropped or retyped: list the columns ("
                    + PREPARED + ").");
        }
        add.inverse(ColumnSql.dropColumn(t, physical));
        if (AddColumnRecipe.constrainedDomain(ctx.desired(), shadow.type())) {
            add.lock(t, LockMode.ACCESS_EXCLUSIVE, TableWork.REWRITE)
                    .fact("The column's type is a domain with a check or NOT NULL, so every existing row's NULL is checked against "
                            + "it: the table and its indexes are rewritten under ACCESS EXCLUSIVE (docs/locks.md#row-6).");
            out.warn("add column " + t + "." + physical + ": its type " + shadow.type() + " is a domain with constraints, so the "
                    + "table is rewritten while reads and writes wait.");
        } else {
            add.lock(t, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                    .fact("A nullable column without a default is added in the catalog only, on every version (docs/locks.md#row-1).");
        }
        Optional<Conversion> conversion = spec.checked() && !spec.bothWays()
                ? Optional.of(new Conversion(t, PlanContext.backfillKey(before).orElseThrow(), oldName,
                        spec.current().type(), physical, spec.desired().type()))
                : Optional.empty();
        SyncTrigger trigger = ctx.names().syncTrigger(spec.bothWays()
                ? SyncTrigger.rename(t, oldName, physical)
                : conversion.map(SyncTrigger::convert)
                        .orElseGet(() -> SyncTrigger.derive(t, List.copyOf(sources(spec, before)), physical, spec.forward())));
        StepDraft sync = out.add(StepDraft.at(Stage.SYNC_TRIGGER, "sync trigger keeping " + t + "." + physical + " in step with " + oldName));
        conversion.ifPresent(c -> sync.sql(c.guard()));
        sync.sql(trigger.createFunction())
                .sql(trigger.createTrigger())
                .sql(trigger.marker())
                .lock(t, LockMode.SHARE_ROW_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(trigger.dropStatements())
                .fact("CREATE TRIGGER takes SHARE ROW EXCLUSIVE on the table (PostgreSQL ≥ 9.5), briefly: it blocks writes until it commits, never reads.");
        conversion.ifPresent(c -> {
            sync.fact("The trigger refuses any value that does not convert back to " + spec.current().type()
                    + " unchanged, for the backfill and the application's writes alike: a value is never cut or rounded.");
            c.loss(ctx.estimatedRows(QualifiedName.of(t.schema(), before.name()))).ifPresent(sync::deletes);
        });
        out.dualWrite(new DualWrite(spec.isRename() ? DualWrite.Kind.RENAME_COLUMN : DualWrite.Kind.CHANGE_TYPE, t,
                PlanContext.backfillKey(before).orElse(List.of()), oldName, spec.current().type(), physical,
                spec.desired().type(), spec.desired().name(), spec.forward(),
                spec.bothWays() ? Optional.of(Identifiers.quote(physical)) : Optional.empty()));
        out.gate(GateKind.DEPLOY_DUAL_WRITE, spec.isRename()
                ? "The application writes both " + t + "." + oldName + " and " + t + "." + physical
                        + " (same value); instances not yet updated are covered by the sync trigger."
                : "No application change is needed for " + where + ": the sync trigger fills its new copy " + physical
                        + " from " + oldName + " on every write; the application never names " + physical + ".");

        // BACKFILL
        String notDone = Identifiers.quote(physical) + " IS DISTINCT FROM (" + spec.forward() + ")";
        out.add(StepDraft.backfill(t, "backfill " + t + "." + physical + " from " + oldName,
                PlanContext.backfillKey(before).orElseThrow(),
                List.of(new BackfillStep.Assignment(physical, spec.forward())), notDone));
        List<Pending> pending = new ArrayList<>();
        for (Index index : involvedIndexes(after, spec.desired().name())) {
            buildIndex(spec, before, toPhysical, index, index.unique(), ctx, out, pending);
        }
        // Constraint-backed indexes are attached under their final name by USING INDEX, which renames the index.
        Map<String, String> builtUnder = new HashMap<>();
        after.primaryKey().filter(pk -> pk.columns().contains(spec.desired().name())).ifPresent(pk -> builtUnder.put(pk.name(),
                buildIndex(spec, before, toPhysical, asIndex(pk.name(), pk.columns(), false), true, ctx, out, new ArrayList<>())));
        for (UniqueConstraint u : after.uniqueConstraints()) {
            if (u.columns().contains(spec.desired().name())) {
                builtUnder.put(u.name(), buildIndex(spec, before, toPhysical, asIndex(u.name(), u.columns(), u.nullsNotDistinct()),
                        true, ctx, out, new ArrayList<>()));
            }
        }

        // CONTRACT
        if (!spec.desired().nullable()) {
            NotNullTightening.plan(t, physical, ctx, out, GateKind.DEPLOY_READ_SWITCH, spec.isRename()
                    ? "The application always writes a value for " + t + "." + physical + " (CONTRACT makes it NOT NULL)."
                    : "The application writes no NULL to " + where + ": the sync trigger copies every value into " + physical
                            + ", which CONTRACT makes NOT NULL.");
        }
        for (CheckConstraint check : after.checks()) {
            if (ColumnsRead.of(check.expression(), after).contains(spec.desired().name())) {
                String name = tempName(before.constraintNames(), check.name(), pending, true, t, ctx);
                addValidated(t, name, new ConstraintClause.Check(new CheckConstraint(name,
                        ColumnReferences.rename(check.expression(), toPhysical), check.noInherit(), check.valid())), List.of(),
                        check.valid(), out);
            }
        }
        for (ForeignKey fk : after.foreignKeys()) {
            if (fk.columns().contains(spec.desired().name())) {
                String name = tempName(before.constraintNames(), fk.name(), pending, true, t, ctx);
                ForeignKey physicalFk = new ForeignKey(name, fk.columns().stream().map(c -> toPhysical.getOrDefault(c, c)).toList(),
                        fk.target(), fk.targetColumns(), fk.onDelete(), fk.onUpdate(), fk.match(), fk.deferrability(), fk.valid(),
                        Optional.empty(), fk.period());
                addValidated(t, name, new ConstraintClause.Foreign(physicalFk), List.of(fk.target()), fk.valid(), out);
            }
        }
        List<Statement> swap = new ArrayList<>();
        // The old key goes before the old column loses NOT NULL, which PostgreSQL refuses for a key column.
        List<Statement> dropOldKey = new ArrayList<>();
        after.primaryKey().filter(pk -> pk.columns().contains(spec.desired().name())).ifPresent(pk -> {
            before.primaryKey().ifPresent(old -> dropOldKey.add(ConstraintSql.drop(t, old.name())));
            swap.add(ConstraintSql.add(t, new ConstraintClause.UsingIndex(pk.name(), true, builtUnder.get(pk.name()),
                    Deferrability.NOT_DEFERRABLE)));
        });
        for (UniqueConstraint u : after.uniqueConstraints()) {
            if (u.columns().contains(spec.desired().name())) {
                if (before.constraintNames().contains(u.name())) {
                    swap.add(ConstraintSql.drop(t, u.name()));
                }
                swap.add(ConstraintSql.add(t, new ConstraintClause.UsingIndex(u.name(), false, builtUnder.get(u.name()),
                        u.deferrability())));
            }
        }
        for (Pending p : pending) {
            swap.addAll(p.statements(t));
        }
        swap.addAll(rebuiltComments(t, after, spec.desired().name()));
        List<Statement> retire = new ArrayList<>(trigger.dropStatements());
        if (spec.isRename()) {
            // The old column goes first: it takes its constraints and indexes along and frees their names.
            retire.add(ColumnSql.dropColumn(t, oldName));
            retire.addAll(dropOldKey);
            retire.addAll(swap);
            spec.desired().defaultValue().ifPresent(d -> retire.add(ColumnSql.setDefault(t, physical, Optional.of(d))));
            out.gate(GateKind.DEPLOY_READ_SWITCH, "The application reads " + t + "." + physical + " and no longer reads or writes "
                    + t + "." + oldName + " (CONTRACT drops it).");
            out.add(StepDraft.at(Stage.DROP_COLUMN, "retire " + t + "." + oldName + ": drop the sync trigger and the old column")
                    .lock(t, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                    .cannotUndo("the old column " + oldName + " is dropped with the trigger that kept it in step; bringing it back"
                            + " needs a new migration that fills it from " + physical)
                    .fact("Dropping the trigger and the old column in one transaction: no insert ever sees the old column's NOT NULL without the trigger that fills it.")
                    .fact("DROP COLUMN only hides the column (docs/locks.md#row-15); its values live on in " + physical + ".")
                    .sql(retire));
        } else {
            String old = ctx.names().column(t, ShortNames.withSuffix(oldName, OLD_SUFFIX));
            List<Statement> statements = new ArrayList<>(retire);
            statements.addAll(dropOldKey);
            statements.add(TableStatement.Alter.of(t, new TableAction.RenameColumn(oldName, old)));
            statements.add(TableStatement.Alter.of(t, new TableAction.RenameColumn(physical, oldName)));
            statements.add(CommentOn.column(t, oldName, spec.desired().comment()));
            // With the default conversion every value converted back unchanged, so the old copy only waits for its
            // drop: marked, abandon removes it instead of leaving the next plan a column to drop as data loss. After a
            // using: conversion it may be the only copy of the original values, so it stays the user's to drop.
            if (spec.checked()) {
                statements.add(Scaffolding.markColumn(t, old, "old copy of " + t + "." + oldName + " (its values live on,"
                        + " converted, in " + oldName + ")"));
            }
            // A sequence owned by the old column would go with it (or block its drop once the new default uses it);
            // one the desired schema keeps on this column moves to the new one.
            Optional<Sequence.OwnedBy> owner = Optional.of(new Sequence.OwnedBy(t.name(), oldName));
            ctx.current().schema(t.schema()).ifPresent(schema -> schema.sequences().stream()
                    .filter(q -> q.ownedBy().equals(Optional.of(new Sequence.OwnedBy(before.name(), oldName))))
                    .filter(q -> ctx.desired().schema(t.schema()).flatMap(d -> d.sequences().stream()
                            .filter(w -> w.name().equals(q.name())).findFirst())
                            .map(w -> w.ownedBy().equals(owner)).orElse(false))
                    .forEach(q -> statements.add(SequenceStatement.Alter.ownedBy(QualifiedName.of(t.schema(), q.name()), owner))));
            if (!spec.current().nullable()) {
                statements.add(ColumnSql.alterColumn(t, old, new ColumnAction.DropNotNull()));
            }
            statements.add(ColumnSql.alterColumn(t, old, new ColumnAction.DropDefault()));
            spec.desired().defaultValue().ifPresent(d -> statements.add(ColumnSql.setDefault(t, oldName, Optional.of(d))));
            statements.addAll(swap);
            String column = Identifiers.quote(spec.desired().name());
            String oldType = TypeNames.sql(spec.current().type());
            String newType = TypeNames.sql(spec.desired().type());
            String cast = "CAST(" + column + " AS " + newType + ")";
            out.gate(GateKind.DEPLOY_READ_SWITCH, "Every statement that returns " + where + " reads it as " + cast + " AS " + column
                    + " (SELECT lists and RETURNING), so its result type is " + newType + " before and after CONTRACT's swap from "
                    + oldType + " and no prepared statement is invalidated; no SELECT * or RETURNING * on " + t
                    + "; parameters for " + column + " are bound as " + newType + " (until the swap their values must fit "
                    + oldType + "). See " + PREPARED + ".");
            List<String> swapFacts = new ArrayList<>(List.of(
                    "A statement prepared before the swap that returns " + column + " without " + cast + ", or uses SELECT * or"
                            + " RETURNING * on " + t + ", fails once with SQLSTATE 0A000 (cached plan must not change result type);"
                            + " the read switch reads through the cast, which has the new type on both sides of the swap (" + PREPARED + ").",
                    "A statement prepared before the swap with an untyped parameter for " + column + " keeps the type " + oldType
                            + " PostgreSQL inferred for it: values beyond " + oldType + " fail until it is prepared again; bind "
                            + newType + " (" + PREPARED + ")."));
            if (!spec.checked()) {
                swapFacts.add("With using:, until the swap " + cast + " converts the old values by the cast, not by the using:"
                        + " expression: where the two differ (or the cast fails), what the application reads changes meaning at the swap."
                        + " A new column name (renamed_from with using:) avoids it (" + PREPARED + ").");
            }
            StepDraft swapStep = out.add(StepDraft.at(Stage.SWAP, "swap " + where + " to " + spec.desired().type())
                    .sql(statements)
                    .lock(t, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                    .cannotUndo("the swap drops the sync trigger that kept the old copy current, so writes after it reach the new column only")
                    .fact("Renames, constraint attachment by USING INDEX and trigger removal are catalog-only; the sync trigger goes in the same transaction because it names both columns."));
            swapFacts.forEach(swapStep::fact);
            StepDraft dropOld = out.add(StepDraft.at(Stage.DROP_COLUMN, "drop the old copy " + t + "." + old)
                    .sql(ColumnSql.dropColumn(t, old))
                    .lock(t, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                    .cannotUndo("the old copy " + old + " is dropped" + (spec.checked() ? "; every value converts back from " + spec.desired().name() : ""))
                    .fact("DROP COLUMN only hides the column (docs/locks.md#row-15); the converted values live on in " + spec.desired().name() + "."));
            // A checked conversion converted every value back unchanged: the new column holds them all. A using:
            // conversion may not, so the old values are kept, copied before the swap while they are under their name.
            if (!spec.checked()) {
                DropColumnRecipe.keepOldSide(t, before, Optional.of(after), spec.current(), ctx, out).ifPresent(kept -> dropOld
                        .retains(kept)
                        .fact("The values before the using: conversion are kept in " + Identifiers.qualified(kept.archived())
                                + " by key (" + Identifiers.list(kept.key()) + "): recoverable until purged"
                                + " (docs/retention.md#type-changes); strata restore brings them back as " + oldName
                                + " once that name is free, and otherwise they can be read there."));
            }
        }
    }

    /**
     * Without a key the rebuild's batched backfill is impossible, which is the refusal below; on a table empty at plan
     * time there is nothing to backfill, so a type change (not a rename: the old application still reads the old name)
     * is one ALTER ... TYPE. Only when nothing else is attached to the column, since the rebuild owns every change that
     * involves it ({@code Subsumption}) and this path redoes none of them; anything else keeps the refusal.
     */
    private static boolean retypesDirectly(Spec spec, Table before, Table after, PlanContext ctx) {
        String name = spec.desired().name();
        Column current = spec.current();
        Column desired = spec.desired();
        return !spec.isRename() && PlanContext.backfillKey(before).isEmpty() && EmptyTable.atPlanTime(ctx, spec.table())
                && current.identity().isEmpty() && current.generatedAs().isEmpty()
                && comparable(current).equals(comparable(desired.withType(current.type())))
                && attached(before, current.name()).isEmpty() && attached(after, name).isEmpty();
    }

    /** The column's definition apart from its type, default and the hints that only steer planning. */
    private static Column comparable(Column column) {
        return column.withDefault(Optional.empty()).withUsing(Optional.empty()).withBackfill(Optional.empty())
                .withRenamedFrom(Optional.empty());
    }

    /** Names of the indexes and constraints that involve {@code column}. */
    private static List<String> attached(Table table, String column) {
        List<String> names = new ArrayList<>(involvedIndexes(table, column).stream().map(Index::name).toList());
        table.primaryKey().filter(pk -> pk.columns().contains(column)).ifPresent(pk -> names.add(pk.name()));
        table.uniqueConstraints().stream().filter(u -> u.columns().contains(column)).forEach(u -> names.add(u.name()));
        table.checks().stream().filter(c -> ColumnsRead.of(c.expression(), table).contains(column)).forEach(c -> names.add(c.name()));
        table.foreignKeys().stream().filter(fk -> fk.columns().contains(column)).forEach(fk -> names.add(fk.name()));
        table.exclusions().stream().filter(x -> ColumnsRead.ofExclusion(x, table).contains(column)).forEach(x -> names.add(x.name()));
        return names;
    }

    private static void retypeEmptyTable(Spec spec, RecipeOutput out) {
        QualifiedName t = spec.table();
        String column = spec.desired().name();
        String where = t + "." + column;
        // The old default may not cast to the new type; it goes first and the declared one comes after.
        StepDraft step = EmptyTable.step(Stage.LOOSEN, "change type of " + where + " to " + spec.desired().type() + " (the table is empty)",
                t, "column " + where + " cannot be retyped without a rebuild",
                "no existing row needs converting, so the column gets its new type at once.");
        spec.current().defaultValue().ifPresent(d -> step.sql(ColumnSql.setDefault(t, column, Optional.empty())));
        step.sql(ColumnSql.alterColumn(t, column, new ColumnAction.SetType(spec.desired().type(), spec.desired().collation(),
                Optional.of(spec.forward()))));
        spec.desired().defaultValue().ifPresent(d -> step.sql(ColumnSql.setDefault(t, column, Optional.of(d))));
        out.add(step.cannotUndo("the table may hold rows of the new type by then, which need not convert back to " + spec.current().type()));
        out.warn("change type of " + where + " to " + spec.desired().type() + ": the table is empty (0 rows at plan time), so the"
                + " column is retyped directly in EXPAND; from then on the application must write values of the new type, and"
                + " statements prepared before that step that return the column fail once with SQLSTATE 0A000 unless they read it"
                + " through CAST(" + Identifiers.quote(column) + " AS " + TypeNames.sql(spec.desired().type()) + ") ("
                + PREPARED + ").");
    }

    /** Checks the cases this recipe does not handle; returns false (after refusing) when one applies. */
    private static boolean refusals(Spec spec, Table before, Table after, PlanContext ctx, RecipeOutput out) {
        String where = spec.table() + "." + spec.desired().name();
        List<String> reasons = new ArrayList<>();
        if (spec.current().identity().isPresent() || spec.desired().identity().isPresent()) {
            reasons.add("column " + where + " is an identity column; rebuilding identity columns is not supported yet");
        }
        if (spec.current().generatedAs().isPresent() || spec.desired().generatedAs().isPresent()) {
            reasons.add("column " + where + " is a generated column; rebuilding generated columns is not supported yet");
        }
        if (PlanContext.backfillKey(before).isEmpty()) {
            reasons.add("table " + spec.table() + " has no primary key or unique NOT NULL key, so " + where
                    + " cannot be backfilled in batches; add a primary key first (in an earlier plan), or accept a one-statement rewrite outside Strata");
        }
        if (after.exclusions().stream().anyMatch(x -> ColumnsRead.ofExclusion(x, after).contains(spec.desired().name()))) {
            reasons.add("column " + where + " is part of an exclusion constraint; rebuilding it is not supported yet");
        }
        // Its key would be rebuilt as a B-tree unique index, which is not a WITHOUT OVERLAPS key.
        if (after.primaryKey().filter(pk -> pk.withoutOverlaps() && pk.columns().contains(spec.desired().name())).isPresent()
                || after.uniqueConstraints().stream().anyMatch(u -> u.withoutOverlaps() && u.columns().contains(spec.desired().name()))) {
            reasons.add("column " + where + " is part of a temporal key (WITHOUT OVERLAPS); rebuilding it is not supported yet");
        }
        for (var schema : ctx.desired().schemas()) {
            for (Table other : schema.tables()) {
                for (ForeignKey fk : other.foreignKeys()) {
                    if (fk.target().equals(spec.table()) && fk.targetColumns().contains(spec.desired().name())) {
                        reasons.add("column " + where + " is referenced by foreign key " + fk.name() + " of "
                                + schema.name() + "." + other.name() + "; rebuilding a referenced column is not supported yet");
                    }
                }
            }
        }
        reasons.forEach(out::refuse);
        return reasons.isEmpty();
    }

    private static java.util.SortedSet<String> sources(Spec spec, Table before) {
        var read = ColumnsRead.of(spec.forward(), before);
        read.add(spec.current().name());
        return read;
    }

    /**
     * The declared comments of what the rebuild builds anew, under their final names once the swap gave them: the old
     * ones go with the old column, and with them their comments.
     */
    private static List<Statement> rebuiltComments(QualifiedName t, Table after, String column) {
        List<Statement> comments = new ArrayList<>();
        after.primaryKey().filter(pk -> pk.columns().contains(column))
                .ifPresent(pk -> comments.addAll(ConstraintSql.comment(t, pk.name(), pk.comment())));
        after.uniqueConstraints().stream().filter(u -> u.columns().contains(column))
                .forEach(u -> comments.addAll(ConstraintSql.comment(t, u.name(), u.comment())));
        after.checks().stream().filter(k -> ColumnsRead.of(k.expression(), after).contains(column))
                .forEach(k -> comments.addAll(ConstraintSql.comment(t, k.name(), k.comment())));
        after.foreignKeys().stream().filter(fk -> fk.columns().contains(column))
                .forEach(fk -> comments.addAll(ConstraintSql.comment(t, fk.name(), fk.comment())));
        involvedIndexes(after, column).forEach(i -> comments.addAll(IndexSql.comment(t, i.name(), i.comment())));
        return comments;
    }

    private static List<Index> involvedIndexes(Table table, String column) {
        return table.indexes().stream().filter(i -> ColumnsRead.ofIndex(i, table).contains(column)).toList();
    }

    private static Index asIndex(String name, List<String> columns, boolean nullsNotDistinct) {
        return new Index(name, true, nullsNotDistinct, "btree", columns.stream().map(IndexKey::column).toList(),
                List.of(), Optional.empty(), Map.of());
    }

    /**
     * Builds the index for the new column CONCURRENTLY, under its final name when that name is free;
     * returns the name it is built under.
     */
    private static String buildIndex(Spec spec, Table before, Map<String, String> toPhysical, Index index, boolean unique,
            PlanContext ctx, RecipeOutput out, List<Pending> pending) {
        String name = tempName(indexNames(before), index.name(), pending, false, spec.table(), ctx);
        Index physical = new Index(name, unique, index.nullsNotDistinct(), index.method(),
                index.keys().stream().map(k -> physicalKey(k, toPhysical)).toList(),
                index.include().stream().map(c -> toPhysical.getOrDefault(c, c)).toList(),
                index.where().map(w -> ColumnReferences.rename(w, toPhysical)), index.storageParameters());
        out.add(StepDraft.at(Stage.BACKFILL_INDEX, "build index " + name + " on " + spec.table() + " for the new column")
                .sql(IndexSql.createConcurrently(spec.table(), physical))
                .concurrently(new ConcurrentIndex.Build(QualifiedName.of(spec.table().schema(), name)))
                .lock(spec.table(), LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.SCAN)
                .inverse(IndexSql.dropConcurrently(spec.table(), name))
                .fact("CREATE INDEX CONCURRENTLY takes SHARE UPDATE EXCLUSIVE: reads and writes continue during the build (docs/locks.md#row-46).")
                .fact("A failed concurrent build leaves an INVALID index behind; it must be dropped before the build is retried."));
        return name;
    }

    private static IndexKey physicalKey(IndexKey key, Map<String, String> toPhysical) {
        IndexKey.Target target = switch (key.target()) {
            case IndexKey.ColumnTarget c -> new IndexKey.ColumnTarget(toPhysical.getOrDefault(c.column(), c.column()));
            case IndexKey.ExpressionTarget e -> new IndexKey.ExpressionTarget(ColumnReferences.rename(e.sql(), toPhysical));
        };
        return new IndexKey(target, key.opclass(), key.descending(), key.nullsFirst());
    }

    private static List<String> indexNames(Table table) {
        List<String> names = new ArrayList<>(table.indexes().stream().map(Index::name).toList());
        table.primaryKey().map(PrimaryKey::name).ifPresent(names::add);
        table.uniqueConstraints().forEach(u -> names.add(u.name()));
        table.exclusions().forEach(x -> names.add(x.name()));
        return names;
    }

    /**
     * An object built under a temporary name because a current object (on the old column) holds its
     * final name; the retiring transaction drops the holder and renames the new one.
     */
    private record Pending(String temp, String finalName, boolean constraint) {
        List<Statement> statements(QualifiedName table) {
            return constraint
                    ? List.of(ConstraintSql.drop(table, finalName), ConstraintSql.rename(table, temp, finalName))
                    : List.of(new IndexStatement.Drop(IndexSql.relation(table, finalName), false, true),
                            new IndexStatement.Rename(IndexSql.relation(table, temp), finalName, true));
        }
    }

    /** The final name when no current object holds it, else a free temporary one (and the rename is queued). */
    private static String tempName(List<String> taken, String finalName, List<Pending> pending, boolean constraint,
            QualifiedName table, PlanContext ctx) {
        if (!taken.contains(finalName)) {
            return finalName;
        }
        String natural = ShortNames.withSuffix(finalName, NEW_SUFFIX);
        String temp = constraint ? ctx.names().constraint(table, natural) : ctx.names().relation(table.schema(), natural);
        pending.add(new Pending(temp, finalName, constraint));
        return temp;
    }

    /**
     * NOT VALID in one short step, VALIDATE in the next (it scans without blocking reads or writes); a constraint
     * declared NOT VALID stays so.
     */
    private static void addValidated(QualifiedName t, String name, ConstraintClause clause, List<QualifiedName> referenced,
            boolean valid, RecipeOutput out) {
        StepDraft add = StepDraft.at(Stage.TIGHTEN, "add constraint " + name + " on " + t + " (not yet validated)")
                .sql(ConstraintSql.addNotValid(t, clause))
                .lock(t, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(ConstraintSql.drop(t, name))
                .fact("NOT VALID skips the scan of existing rows; new writes are checked at once (docs/locks.md#row-37 and #row-38).");
        referenced.forEach(r -> add.lock(r, LockMode.SHARE_ROW_EXCLUSIVE, TableWork.CATALOG_ONLY));
        out.add(add);
        if (!valid) {
            return;
        }
        StepDraft validate = StepDraft.at(Stage.TIGHTEN, "validate constraint " + name + " on " + t)
                .sql(ConstraintSql.validate(t, name))
                .lock(t, LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.SCAN)
                .nothingToUndo()
                .fact("VALIDATE CONSTRAINT takes SHARE UPDATE EXCLUSIVE: it scans the table while reads and writes go on (docs/locks.md#row-38).");
        referenced.forEach(r -> validate.lock(r, LockMode.ROW_SHARE, TableWork.CATALOG_ONLY));
        out.add(validate);
    }

    static String castForward(Column current, Column desired) {
        return Identifiers.quote(current.name()) + "::" + TypeNames.sql(desired.type());
    }
}
