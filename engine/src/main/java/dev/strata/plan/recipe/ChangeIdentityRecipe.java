package dev.strata.plan.recipe;

import dev.strata.ddl.ColumnAction;
import dev.strata.diff.ColumnChange.ChangeIdentity;
import dev.strata.model.Identity;
import dev.strata.plan.GateKind;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

/**
 * Changes the generation or the sequence options of an identity column in one ALTER (docs/locks.md#row-29:
 * catalog only; the identity's sequence briefly blocks nextval, #row-74). Switching to
 * {@code GENERATED ALWAYS} rejects explicit values the old application may write, so that goes to
 * CONTRACT behind a gate; everything else cannot break old writers and goes in EXPAND, reversibly.
 */
public final class ChangeIdentityRecipe implements Recipe<ChangeIdentity> {

    public static final ChangeIdentityRecipe INSTANCE = new ChangeIdentityRecipe();

    @Override
    public void plan(ChangeIdentity change, PlanContext ctx, RecipeOutput out) {
        Identity from = change.current().identity().orElseThrow();
        Identity to = change.desired().identity().orElseThrow();
        String column = change.desired().name();
        String where = ColumnSql.where(change.table(), column);
        ColumnAction.SetIdentity forward = IdentitySql.alterActions(from, to);
        if (forward.isEmpty()) {
            return;
        }
        boolean tightens = from.generation() == Identity.Generation.BY_DEFAULT && to.generation() == Identity.Generation.ALWAYS;
        StepDraft step = StepDraft.at(tightens ? Stage.TIGHTEN : Stage.LOOSEN, "change identity of " + where)
                .sql(ColumnSql.alterColumn(change.table(), column, forward))
                .lock(change.table(), LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .fact("Changing an identity's generation or options affects only later inserts (docs/locks.md#row-29); "
                        + "its sequence blocks nextval until the step commits (docs/locks.md#row-74).")
                .inverse(ColumnSql.alterColumn(change.table(), column, IdentitySql.alterActions(to, from)));
        if (tightens) {
            out.gate(GateKind.DEPLOY_READ_SWITCH, "The application no longer writes " + where
                    + " explicitly (CONTRACT makes it GENERATED ALWAYS, which rejects explicit values).");
        }
        out.add(step);
    }
}
