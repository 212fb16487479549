package dev.strata.plan.recipe;

import dev.strata.ddl.ColumnAction;
import dev.strata.ddl.DataStatement;
import dev.strata.diff.ColumnChange.AddIdentity;
import dev.strata.model.Column;
import dev.strata.model.Identity;
import dev.strata.model.Table;
import dev.strata.plan.GateKind;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;
import dev.strata.sql.Identifiers;

import java.util.Optional;
import java.util.stream.Stream;

/**
 * Turns an existing NOT NULL column into an identity column (docs/locks.md#row-29: catalog only). The
 * column must be NOT NULL first, and a SET NOT NULL of the same plan is enforced in CONTRACT, so this
 * step follows it there. {@code GENERATED ALWAYS} rejects the explicit values the old application
 * may write, another reason for CONTRACT.
 *
 * <p>The identity's new sequence would start at 1 and collide with the values already in the column,
 * so the same step moves it past {@code max(c)}. That read is an index lookup when an index starts
 * with the column (a serial primary key, the usual case); otherwise it scans the table under the
 * ACCESS EXCLUSIVE lock, annotated as such. A default the column had (serial's nextval) is dropped
 * in the same step, since PostgreSQL refuses an identity next to a default.
 */
public final class AddIdentityRecipe implements Recipe<AddIdentity> {

    public static final AddIdentityRecipe INSTANCE = new AddIdentityRecipe();

    @Override
    public void plan(AddIdentity change, PlanContext ctx, RecipeOutput out) {
        Column desired = change.desired();
        String column = desired.name();
        Identity identity = desired.identity().orElseThrow();
        String where = ColumnSql.where(change.table(), column);
        Optional<Table> current = ctx.currentTableFor(change.table());
        Optional<String> oldDefault = current.flatMap(t -> t.column(column)).flatMap(Column::defaultValue);
        boolean hadDefault = oldDefault.isPresent();
        boolean indexLookup = current.map(t -> ColumnUse.leadsAnIndex(t, column)).orElse(false);
        String q = Identifiers.quote(column);
        StepDraft step = StepDraft.at(Stage.TIGHTEN, "make " + where + " an identity column");
        if (hadDefault) {
            step.sql(ColumnSql.setDefault(change.table(), column, Optional.empty()));
        }
        step.sql(ColumnSql.alterColumn(change.table(), column, new ColumnAction.AddIdentity(identity, desired.type())))
                .sql(new DataStatement.ContinueIdentityAfterMax(change.table(), column))
                .lock(change.table(), LockMode.ACCESS_EXCLUSIVE, indexLookup ? TableWork.CATALOG_ONLY : TableWork.SCAN)
                .inverse(Stream.concat(Stream.of(ColumnSql.alterColumn(change.table(), column, new ColumnAction.DropIdentity(true))),
                        oldDefault.map(d -> ColumnSql.setDefault(change.table(), column, Optional.of(d))).stream()).toList())
                .fact("ADD GENERATED AS IDENTITY changes the catalog only; the column must already be NOT NULL (docs/locks.md#row-29).")
                .fact(indexLookup
                        ? "max(" + column + ") is read from an index that starts with the column."
                        : "No index starts with " + column + ": reading max(" + column + ") scans the table while the lock is held.");
        out.add(step);
        if (!indexLookup) {
            out.warn("make " + where + " an identity column: finding the largest existing value scans the table under ACCESS EXCLUSIVE. "
                    + "Create an index on " + where + " first (CREATE INDEX CONCURRENTLY) to make it an index lookup.");
        }
        if (identity.generation() == Identity.Generation.ALWAYS) {
            out.gate(GateKind.DEPLOY_READ_SWITCH, "The application no longer writes " + where
                    + " explicitly (CONTRACT makes it GENERATED ALWAYS, which rejects explicit values).");
        }
    }
}
