package dev.strata.plan.recipe;

import dev.strata.ddl.ColumnAction;
import dev.strata.ddl.CommentOn;
import dev.strata.ddl.DataStatement;
import dev.strata.ddl.SequenceStatement;
import dev.strata.diff.ColumnChange.AddColumn;
import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.model.DataType;
import dev.strata.model.Domain;
import dev.strata.model.Identity;
import dev.strata.model.QualifiedName;
import dev.strata.model.Sequence;
import dev.strata.model.Table;
import dev.strata.plan.BackfillStep;
import dev.strata.plan.ColumnsRead;
import dev.strata.plan.DualWrite;
import dev.strata.plan.GateKind;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.SyncTrigger;
import dev.strata.plan.TableWork;
import dev.strata.sql.Identifiers;

import java.util.List;
import java.util.Optional;
import java.util.SortedSet;

/**
 * A new column on an existing table. The old application neither reads nor writes it, so adding it
 * is EXPAND work, provided existing rows and the old application's inserts get a value without the
 * table being rewritten or scanned under ACCESS EXCLUSIVE.
 *
 * <p>What existing rows hold is the column's {@code backfill} hint if it has one, else its default.
 * <ul>
 * <li>Nothing (nullable, no default, no hint): a plain ADD COLUMN, catalog only (docs/locks.md#row-1).</li>
 * <li>A non-volatile value that reads no column (see {@link Volatility}): ADD COLUMN with that value
 *     as DEFAULT, NOT NULL inline; PostgreSQL ≥ 11 stores it in the catalog (docs/locks.md#row-2 and #row-5). A
 *     backfill hint that differs from the default is the DEFAULT for the ADD and is replaced by the
 *     real default in the same step (docs/locks.md#row-2's trick); without a real default it stays as a
 *     temporary default for the old application's inserts and CONTRACT drops it.</li>
 * <li>Otherwise (volatile, or reading other columns): the column is added nullable, new rows are
 *     covered by the default (or, for a hint that reads no column, by the hint as a temporary
 *     default; for one that reads columns, by a sync trigger computing it), existing rows by a batched
 *     BACKFILL, and NOT NULL comes in CONTRACT through {@link NotNullTightening}. Without a key to batch on it is
 *     refused — unless the table is empty ({@link EmptyTable}): then the column is added as declared.</li>
 * <li>NOT NULL with no value at all: refused, since existing rows would have none (docs/locks.md#row-4) — unless a live
 *     catalog found the table empty when the plan was made: then it is added directly, re-checked under the lock
 *     ({@link EmptyTable}).</li>
 * <li>Identity: ADD COLUMN ... IDENTITY rewrites the table (docs/locks.md#row-7), so the column is added
 *     nullable with a temporary sequence as default, backfilled from it, made NOT NULL, then turned
 *     into an identity whose sequence continues from the temporary one, which is then dropped. Without a key to
 *     batch on it is refused — unless the table is empty ({@link EmptyTable}): then it is added as declared.</li>
 * <li>Stored generated: no way around the rewrite (docs/locks.md#row-8) unless the table is empty
 *     ({@link EmptyTable}: then one guarded step); the honest step is planned, the
 *     lock policy refuses it unless overridden, and the warning gives the trigger-based alternative.</li>
 * </ul>
 */
public final class AddColumnRecipe implements Recipe<AddColumn> {

    public static final AddColumnRecipe INSTANCE = new AddColumnRecipe();

    @Override
    public void plan(AddColumn change, PlanContext ctx, RecipeOutput out) {
        Column column = change.column();
        QualifiedName table = change.table();
        String where = ColumnSql.where(table, column.name());
        if (column.identity().isPresent()) {
            identity(change, ctx, out, where);
        } else if (column.virtual()) {
            if (virtualSupported(table, List.of(column), ctx, out)) {
                virtual(change, ctx, out, where);
            }
        } else if (column.generatedAs().isPresent()) {
            generated(change, ctx, out, where);
        } else {
            plain(change, ctx, out, where);
        }
        column.comment().ifPresent(comment -> out.add(StepDraft.at(Stage.EXPAND_COMMENT, "set comment on column " + where)
                .sql(CommentOn.column(table, column.name(), Optional.of(comment)))
                .lock(table, LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(CommentOn.column(table, column.name(), Optional.empty()))
                .fact("COMMENT ON takes SHARE UPDATE EXCLUSIVE, which lets reads and writes through (docs/locks.md#row-69).")));
    }

    private static void plain(AddColumn change, PlanContext ctx, RecipeOutput out, String where) {
        Column column = change.column();
        QualifiedName table = change.table();
        Optional<String> fill = column.backfill().or(column::defaultValue);
        if (fill.isEmpty()) {
            if (!column.nullable()) {
                if (EmptyTable.atPlanTime(ctx, table)) {
                    // Without the guard PostgreSQL would fail the ADD as well, after scanning every row under ACCESS EXCLUSIVE.
                    directOnEmptyTable(table, column, out, "add column " + where + " NOT NULL (the table is empty)",
                            where + " cannot be added NOT NULL without a default",
                            "no existing row needs a value, so the column is added NOT NULL at once.");
                    return;
                }
                out.refuse("column " + where + " is NOT NULL with no default: existing rows have no value. Give it a default, "
                        + "or a backfill expression (`backfill:` in the YAML), or make it nullable. (Planned with --url against "
                        + "an empty table, it is added directly.)");
                return;
            }
            out.add(catalogOnly(ctx, column, addStep(ctx, out, table, column.withNullable(true), where, "add column " + where),
                    "ADD COLUMN without a default changes the catalog only (docs/locks.md#row-1)."));
            return;
        }
        Optional<Table> current = ctx.currentTableFor(table);
        SortedSet<String> reads = current.map(t -> ColumnsRead.of(fill.get(), t)).orElseGet(java.util.TreeSet::new);
        boolean fromHint = column.backfill().isPresent();
        // A hint without a real default must keep serving the old application's inserts until CONTRACT.
        boolean temporaryDefault = fromHint && column.defaultValue().isEmpty() && reads.isEmpty();
        if (reads.isEmpty() && Volatility.isNonVolatile(fill.get())) {
            StepDraft step = addStep(ctx, out, table, column.withDefault(fill), where, "add column " + where);
            if (fromHint && column.defaultValue().isPresent()) {
                step.sql(ColumnSql.setDefault(table, column.name(), column.defaultValue()));
            }
            out.add(catalogOnly(ctx, column, step, "ADD COLUMN with a non-volatile DEFAULT stores the value in the catalog on "
                    + "PostgreSQL 11 and later: no rewrite, and NOT NULL needs no scan (docs/locks.md#row-2 and #row-5)."));
            if (temporaryDefault) {
                dropTemporaryDefault(table, column, fill.get(), out, where);
            }
            return;
        }
        Optional<List<String>> key = current.flatMap(PlanContext::backfillKey);
        if (key.isEmpty() && EmptyTable.atPlanTime(ctx, table)) {
            directOnEmptyTable(table, column, out, "add column " + where + " (the table is empty)",
                    "column " + where + " cannot be added without filling its existing rows",
                    "no existing row needs to be filled with " + fill.get() + ", so the column is added as declared at once.");
            return;
        }
        if (key.isEmpty()) {
            out.refuse("column " + where + " needs its existing rows filled with " + fill.get() + ", which is volatile or reads other "
                    + "columns, so it cannot be a catalog-only default; a batched backfill needs a primary key or a NOT NULL unique key on "
                    + table + ", and there is none. Add a primary key first, or give the column a constant default, or make it nullable "
                    + "without a default.");
            return;
        }
        Optional<String> newRowDefault = column.defaultValue().or(() -> temporaryDefault ? fill : Optional.empty());
        StepDraft add = catalogOnly(ctx, column, addStep(ctx, out, table, column.withNullable(true).withDefault(Optional.empty()),
                where, "add column " + where), "ADD COLUMN without a default changes the catalog only (docs/locks.md#row-1); a "
                + "volatile DEFAULT would rewrite the table (docs/locks.md#row-3).");
        newRowDefault.ifPresent(d -> add.sql(ColumnSql.setDefault(table, column.name(), Optional.of(d)))
                .fact("SET DEFAULT afterwards applies to new rows only (docs/locks.md#row-28)."));
        out.add(add);
        Optional<SyncTrigger> trigger = Optional.empty();
        if (newRowDefault.isEmpty()) {
            SyncTrigger t = ctx.names().syncTrigger(SyncTrigger.derive(table, List.copyOf(reads), column.name(), fill.get()));
            trigger = Optional.of(t);
            out.add(StepDraft.at(Stage.SYNC_TRIGGER, "compute " + where + " for writers that do not set it")
                    .sql(t.createFunction())
                    .sql(t.createTrigger())
                    .sql(t.marker())
                    .lock(table, LockMode.SHARE_ROW_EXCLUSIVE, TableWork.CATALOG_ONLY)
                    .inverse(t.dropStatements())
                    .fact("CREATE TRIGGER takes SHARE ROW EXCLUSIVE briefly (docs/locks.md#row-65)."));
            String firstRead = reads.first();
            DataType oldType = current.flatMap(c -> c.column(firstRead)).map(Column::type).orElse(column.type());
            out.dualWrite(new DualWrite(DualWrite.Kind.DERIVED_COLUMN, table, key.get(), firstRead, oldType,
                    column.name(), column.type(), column.name(), fill.get(), Optional.empty()));
        }
        out.add(StepDraft.backfill(table, "fill " + where + " in existing rows", key.get(),
                List.of(new BackfillStep.Assignment(column.name(), fill.get())),
                Identifiers.quote(column.name()) + " IS NULL"));
        if (!column.nullable()) {
            NotNullTightening.plan(table, column.name(), ctx, out, GateKind.DEPLOY_READ_SWITCH, newRowDefault.isPresent() && !temporaryDefault
                    ? "The application never writes NULL to " + where + " (CONTRACT makes it NOT NULL)."
                    : "The application writes a non-null value to " + where + " on every insert and update (CONTRACT makes it NOT NULL).");
        }
        if (temporaryDefault) {
            dropTemporaryDefault(table, column, fill.get(), out, where);
        }
        trigger.ifPresent(t -> {
            out.gate(GateKind.DEPLOY_READ_SWITCH, "The application writes " + where + " itself (CONTRACT drops the trigger that computes it).");
            out.add(StepDraft.at(Stage.DROP_SYNC_TRIGGER, "drop the trigger computing " + where)
                    .sql(t.dropStatements())
                    .lock(table, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                    .inverse(t.createStatements())
                    .fact("DROP TRIGGER takes ACCESS EXCLUSIVE briefly (docs/locks.md#row-66)."));
        });
    }

    /**
     * The refusals about existing rows (no value for a NOT NULL column; no key to number or fill them in batches) do
     * not apply to an empty table, so the column is added as declared (a backfill hint has nothing to fill). A
     * volatile default or an identity makes PostgreSQL rewrite the table, which the guard has just proved holds no row.
     */
    private static void directOnEmptyTable(QualifiedName table, Column column, RecipeOutput out, String summary, String what,
            String why) {
        String where = ColumnSql.where(table, column.name());
        out.add(EmptyTable.step(Stage.ADD_COLUMN, summary, table, what, why)
                .sql(ColumnSql.addColumn(table, column))
                .inverse(ColumnSql.dropColumn(table, column.name())));
        if (!column.nullable() && column.defaultValue().isEmpty() && column.identity().isEmpty()
                && column.generatedAs().isEmpty()) {
            out.warn("add column " + where + " NOT NULL without a default: the table is empty (0 rows at plan time), so it is added"
                    + " directly; from EXPAND on, an insert that does not set it fails.");
        }
    }

    private static void dropTemporaryDefault(QualifiedName table, Column column, String fill, RecipeOutput out, String where) {
        out.gate(GateKind.DEPLOY_READ_SWITCH, "The application writes " + where
                + " itself on every insert (CONTRACT drops the temporary default that fills it meanwhile).");
        out.add(StepDraft.at(Stage.TIGHTEN, "drop temporary default of " + where)
                .sql(ColumnSql.setDefault(table, column.name(), Optional.empty()))
                .lock(table, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(ColumnSql.setDefault(table, column.name(), Optional.of(fill)))
                .fact("DROP DEFAULT changes the catalog only (docs/locks.md#row-28)."));
    }

    private static void identity(AddColumn change, PlanContext ctx, RecipeOutput out, String where) {
        Column column = change.column();
        QualifiedName table = change.table();
        Identity identity = column.identity().get();
        Optional<List<String>> key = ctx.currentTableFor(table).flatMap(PlanContext::backfillKey);
        if (key.isEmpty() && EmptyTable.atPlanTime(ctx, table)) {
            directOnEmptyTable(table, column, out, "add column " + where + " (the table is empty)",
                    "identity column " + where + " cannot be added without numbering its existing rows",
                    "no existing row needs a number, so the identity column is added as declared at once.");
            return;
        }
        if (key.isEmpty()) {
            out.refuse("identity column " + where + ": adding it directly rewrites the table under ACCESS EXCLUSIVE (docs/locks.md#row-7), and "
                    + "the safe way numbers existing rows in a batched backfill, which needs a primary key or a NOT NULL unique key on "
                    + table + ". Add a primary key first, or accept the rewrite in a maintenance window.");
            return;
        }
        QualifiedName sequence = QualifiedName.of(table.schema(),
                ctx.names().relation(table.schema(), HelperNames.of(table, column.name(), "strata_seq")));
        String nextval = ColumnSql.nextval(sequence);
        out.add(StepDraft.at(Stage.CREATE_SEQUENCE, "create temporary sequence " + sequence + " for " + where)
                .sql(new SequenceStatement.Create(sequence, new Sequence(sequence.name(), column.type(), identity.options(),
                        Optional.empty(), Optional.empty()), false))
                .inverse(new SequenceStatement.Drop(sequence, true))
                .fact("CREATE SEQUENCE locks no table."));
        Column plain = column.withIdentity(Optional.empty()).withNullable(true);
        out.add(addStep(ctx, out, table, plain, where, "add column " + where + " numbered from " + sequence)
                .sql(ColumnSql.setDefault(table, column.name(), Optional.of(nextval)))
                .fact("ADD COLUMN ... GENERATED AS IDENTITY would rewrite the table (docs/locks.md#row-7); a plain ADD COLUMN is catalog only "
                        + "(docs/locks.md#row-1) and SET DEFAULT numbers new rows only (docs/locks.md#row-28)."));
        out.add(StepDraft.backfill(table, "number existing rows of " + where, key.get(),
                List.of(new BackfillStep.Assignment(column.name(), nextval)), Identifiers.quote(column.name()) + " IS NULL"));
        NotNullTightening.plan(table, column.name(), ctx, out, GateKind.DEPLOY_READ_SWITCH,
                "The application never writes NULL to " + where + " (CONTRACT makes it NOT NULL and an identity column).");
        out.add(StepDraft.at(Stage.TIGHTEN, "make " + where + " an identity column")
                .sql(ColumnSql.setDefault(table, column.name(), Optional.empty()))
                .sql(ColumnSql.alterColumn(table, column.name(), new ColumnAction.AddIdentity(identity, column.type())))
                .sql(new DataStatement.ContinueIdentityFrom(table, column.name(), sequence))
                .lock(table, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(ColumnSql.alterColumn(table, column.name(), new ColumnAction.DropIdentity(true)),
                        ColumnSql.setDefault(table, column.name(), Optional.of(nextval)))
                .fact("ADD GENERATED AS IDENTITY on a NOT NULL column changes the catalog only (docs/locks.md#row-29).")
                .fact("The identity's sequence continues where the temporary one stopped, which numbered every row so far."));
        if (identity.generation() == Identity.Generation.ALWAYS) {
            out.gate(GateKind.DEPLOY_READ_SWITCH, "The application no longer writes " + where
                    + " explicitly (CONTRACT makes it GENERATED ALWAYS, which rejects explicit values).");
        }
        out.add(StepDraft.at(Stage.DROP_SEQUENCE, "drop temporary sequence " + sequence)
                .sql(new SequenceStatement.Drop(sequence, true))
                .cannotUndo("the temporary sequence is dropped with its current value, which numbered the rows so far")
                .fact("The temporary sequence is no longer used once the column is an identity."));
    }

    private static void generated(AddColumn change, PlanContext ctx, RecipeOutput out, String where) {
        QualifiedName table = change.table();
        if (EmptyTable.atPlanTime(ctx, table) && !constrainedDomain(ctx.desired(), change.column().type())) {
            directOnEmptyTable(table, change.column(), out, "add generated column " + where + " (the table is empty)",
                    "adding stored generated column " + where + " would rewrite it under ACCESS EXCLUSIVE",
                    "the rewrite that computes the column copies no row.");
            return;
        }
        out.add(addStep(ctx, out, table, change.column(), where, "add generated column " + where)
                .lock(table, LockMode.ACCESS_EXCLUSIVE, TableWork.REWRITE)
                .fact("Adding a stored generated column computes it for every row: the table and its indexes are rewritten under "
                        + "ACCESS EXCLUSIVE (docs/locks.md#row-8)."));
        out.warn("add generated column " + where + ": the table is rewritten while reads and writes wait. To avoid that, add a plain "
                + "column with a `backfill:` expression (Strata then fills it with a trigger for new writes and a batched backfill) and "
                + "compute it in the application or a trigger.");
    }

    /**
     * A virtual generated column is computed when read: adding one changes the catalog only (docs/locks.md#row-8), unless
     * it is NOT NULL, which PostgreSQL checks by computing it for every row under the lock.
     */
    private static void virtual(AddColumn change, PlanContext ctx, RecipeOutput out, String where) {
        QualifiedName table = change.table();
        boolean notNull = !change.column().nullable();
        out.add(addStep(ctx, out, table, change.column(), where, "add virtual generated column " + where)
                .lock(table, LockMode.ACCESS_EXCLUSIVE, notNull ? TableWork.SCAN : TableWork.CATALOG_ONLY)
                .fact(notNull
                        ? "A NOT NULL virtual generated column is computed for every row under ACCESS EXCLUSIVE to check it"
                                + " (docs/locks.md#row-8)."
                        : "A virtual generated column is computed when read: ADD COLUMN changes the catalog only"
                                + " (docs/locks.md#row-8)."));
    }

    /** Refuses virtual generated columns before PostgreSQL 18, which has none; true when there is nothing to refuse. */
    static boolean virtualSupported(QualifiedName table, List<Column> columns, PlanContext ctx, RecipeOutput out) {
        if (ctx.supports(18)) {
            return true;
        }
        boolean supported = true;
        for (Column column : columns) {
            if (column.virtual()) {
                out.refuse("column " + ColumnSql.where(table, column.name()) + " is a virtual generated column, which PostgreSQL "
                        + ctx.pgMajor() + " does not have (it came in 18): remove virtual: true to store it, or plan for 18");
                supported = false;
            }
        }
        return supported;
    }

    /**
     * ADD COLUMN of {@code definition}, with the brief ACCESS EXCLUSIVE annotation unless the caller adds another; a
     * column of a domain with constraints rewrites the table instead (and the lock policy says so).
     */
    private static StepDraft addStep(PlanContext ctx, RecipeOutput out, QualifiedName table, Column definition, String where,
            String summary) {
        StepDraft step = StepDraft.at(Stage.ADD_COLUMN, summary)
                .sql(ColumnSql.addColumn(table, definition))
                .inverse(ColumnSql.dropColumn(table, definition.name()));
        if (definition.generatedAs().isEmpty() && constrainedDomain(ctx.desired(), definition.type())) {
            step.lock(table, LockMode.ACCESS_EXCLUSIVE, TableWork.REWRITE)
                    .fact("The column's type is a domain with a check or NOT NULL, so every existing row's value (the default, or "
                            + "NULL) is checked against it: the table and its indexes are rewritten under ACCESS EXCLUSIVE, "
                            + "whatever the default (docs/locks.md#row-6).");
            out.warn("add column " + where + ": its type " + definition.type() + " is a domain with constraints, so the table is "
                    + "rewritten while reads and writes wait. To avoid that, add the column with the domain's base type and change "
                    + "it to the domain once its rows hold values.");
        } else if (definition.generatedAs().isEmpty()) {
            step.lock(table, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY);
        }
        return step;
    }

    /** The step with the fact that it changes the catalog only, unless the column's domain makes it rewrite the table. */
    private static StepDraft catalogOnly(PlanContext ctx, Column column, StepDraft step, String fact) {
        return constrainedDomain(ctx.desired(), column.type()) ? step : step.fact(fact);
    }

    /**
     * Whether the type is a domain with a check or NOT NULL (its own or a base domain's): PostgreSQL checks every existing
     * row's value against them, so ADD COLUMN rewrites the table whatever the default (docs/locks.md#row-6).
     */
    static boolean constrainedDomain(Catalog catalog, DataType type) {
        Optional<Domain> domain = type.array() ? Optional.empty() : type.userTypeName()
                .flatMap(n -> catalog.schema(n.schema()).flatMap(s -> s.object(Domain.KIND, n.name())))
                .filter(Domain.class::isInstance).map(Domain.class::cast);
        return domain.isPresent() && (domain.get().notNull() || !domain.get().checks().isEmpty()
                || constrainedDomain(catalog, domain.get().baseType()));
    }
}
