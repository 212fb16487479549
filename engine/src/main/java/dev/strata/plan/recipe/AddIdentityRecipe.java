package dev.strata.plan.recipe;

import dev.strata.ddl.ColumnAction;
import dev.strata.ddl.DataStatement;
import dev.strata.ddl.SequenceStatement;
import dev.strata.diff.ColumnChange.AddIdentity;
import dev.strata.model.Column;
import dev.strata.model.Identity;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Table;
import dev.strata.naming.PgNames;
import dev.strata.plan.ConcurrentIndex;
import dev.strata.plan.GateKind;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.ShortNames;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Turns an existing NOT NULL column into an identity column. {@code ADD GENERATED ... AS IDENTITY} takes ACCESS
 * EXCLUSIVE but neither rewrites nor reads the table (docs/locks.md#row-29, checked on 14 and 18 by
 * AddIdentityOnServerTest), so it is one brief step. The column must be NOT NULL first, and a SET NOT NULL of the
 * same plan is enforced in CONTRACT, so this step follows it there. {@code GENERATED ALWAYS} rejects the explicit
 * values the old application may write, another reason for CONTRACT.
 *
 * <p>The identity's new sequence would start at 1 and collide with the values already in the column,
 * so the same step moves it past {@code max(c)}. That read must be an index lookup, or it would scan the table under
 * the ACCESS EXCLUSIVE lock: when no index starts with the column (a serial primary key has one), one is built
 * CONCURRENTLY just before the step and dropped CONCURRENTLY after it, neither blocking traffic (docs/locks.md#row-46,
 * #row-49). A default the column had (serial's nextval) is dropped in the same step, since PostgreSQL refuses an
 * identity next to a default.
 */
public final class AddIdentityRecipe implements Recipe<AddIdentity> {

    public static final AddIdentityRecipe INSTANCE = new AddIdentityRecipe();

    /** Suffix of the index built only to read {@code max(c)} under the lock. */
    static final String MAX_SUFFIX = dev.strata.plan.Scaffolding.LOOKUP_INDEX_SUFFIX;

    @Override
    public void plan(AddIdentity change, PlanContext ctx, RecipeOutput out) {
        Column desired = change.desired();
        String column = desired.name();
        Identity identity = desired.identity().orElseThrow();
        String where = ColumnSql.where(change.table(), column);
        Optional<Table> current = ctx.currentTableFor(change.table());
        Optional<String> oldDefault = current.flatMap(t -> t.column(column)).flatMap(Column::defaultValue);
        boolean hadDefault = oldDefault.isPresent();
        boolean indexed = current.map(t -> ColumnUse.leadsAnIndex(t, column)).orElse(false);
        Optional<Index> lookup = indexed ? Optional.empty() : Optional.of(new Index(
                ctx.names().relation(change.table().schema(), ShortNames.withSuffix(change.table().name() + "_" + column, MAX_SUFFIX)),
                false, false, "btree", List.of(IndexKey.column(column)), List.of(), Optional.empty(), Map.of()));
        lookup.ifPresent(index -> out.add(StepDraft.at(Stage.TIGHTEN, "build index " + index.name() + " on " + change.table()
                        + " to read max(" + column + ") for the identity")
                .sql(IndexSql.createConcurrently(change.table(), index))
                .concurrently(new ConcurrentIndex.Build(IndexSql.relation(change.table(), index.name())))
                .lock(change.table(), LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.SCAN)
                .inverse(IndexSql.dropConcurrently(change.table(), index.name()))
                .fact("No index starts with " + column + ": one is built for the next step, which reads max(" + column
                        + ") under ACCESS EXCLUSIVE, and dropped after it.")
                .fact("CREATE INDEX CONCURRENTLY takes SHARE UPDATE EXCLUSIVE: reads and writes continue (docs/locks.md#row-46).")
                .fact(IndexSql.INVALID_LEFTOVER_FACT)));
        // serial → identity: the serial's sequence holds the name PostgreSQL derives for the identity's until CONTRACT
        // drops it, so the identity's sequence takes a free name here and the derived one once that drop ran.
        String schema = change.table().schema();
        String derived = PgNames.makeObjectName(change.table().name(), Optional.of(column), "seq");
        boolean heldUntilDropped = ctx.current().schema(schema).flatMap(s -> s.sequence(derived)).isPresent()
                && ctx.desired().schema(schema).flatMap(s -> s.sequence(derived)).isEmpty();
        Optional<QualifiedName> interim = heldUntilDropped
                ? Optional.of(QualifiedName.of(schema, ctx.names().relation(schema, derived))) : Optional.empty();
        StepDraft step = StepDraft.at(Stage.TIGHTEN, "make " + where + " an identity column");
        if (hadDefault) {
            step.sql(ColumnSql.setDefault(change.table(), column, Optional.empty()));
        }
        step.sql(ColumnSql.alterColumn(change.table(), column, new ColumnAction.AddIdentity(identity, desired.type(), interim)))
                .sql(new DataStatement.ContinueIdentityAfterMax(change.table(), column))
                .lock(change.table(), LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(Stream.concat(Stream.of(ColumnSql.alterColumn(change.table(), column, new ColumnAction.DropIdentity(true))),
                        oldDefault.map(d -> ColumnSql.setDefault(change.table(), column, Optional.of(d))).stream()).toList())
                .fact("ADD GENERATED AS IDENTITY takes ACCESS EXCLUSIVE and changes the catalog only, no rewrite and no scan;"
                        + " the column must already be NOT NULL (docs/locks.md#row-29).")
                .fact("max(" + column + ") is read from an index that starts with the column.");
        out.add(step);
        lookup.ifPresent(index -> out.add(StepDraft.at(Stage.TIGHTEN, "drop index " + index.name() + " on " + change.table()
                        + ", built for the identity's max(" + column + ")")
                .sql(IndexSql.dropConcurrently(change.table(), index.name()))
                .concurrently(new ConcurrentIndex.Drop(IndexSql.relation(change.table(), index.name())))
                .lock(change.table(), LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .lock(IndexSql.relation(change.table(), index.name()), LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(IndexSql.createConcurrently(change.table(), index))
                .fact("DROP INDEX CONCURRENTLY takes SHARE UPDATE EXCLUSIVE on the table and the index (docs/locks.md#row-49).")));
        interim.ifPresent(name -> out.add(StepDraft.at(Stage.RENAME_SEQUENCE, "rename the identity sequence of " + where
                        + " to " + derived + ", which the dropped sequence freed")
                .sql(new SequenceStatement.Rename(name, derived))
                .inverse(new SequenceStatement.Rename(QualifiedName.of(schema, derived), name.name()))
                .lock(name, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .fact("ALTER SEQUENCE … RENAME TO takes ACCESS EXCLUSIVE on the sequence only, briefly; the identity"
                        + " column keeps using it (its default names the sequence by oid). The name is the one PostgreSQL"
                        + " derives for the column's identity, as a database built from the declared schema has it.")));
        if (identity.generation() == Identity.Generation.ALWAYS) {
            out.gate(GateKind.DEPLOY_READ_SWITCH, "The application no longer writes " + where
                    + " explicitly (CONTRACT makes it GENERATED ALWAYS, which rejects explicit values).");
        }
    }
}
