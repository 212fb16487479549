package dev.strata.plan.recipe;

import dev.strata.ddl.ViewStatement;
import dev.strata.diff.ViewChange.ChangeViewOptions;
import dev.strata.model.QualifiedName;
import dev.strata.model.ViewOptions;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

/**
 * A view's options changed while its query did not: {@code ALTER VIEW … SET (…) / RESET (…)}, catalog only, under
 * ACCESS EXCLUSIVE on the view alone (docs/locks.md#view-options). Set in EXPAND with the other switches of who sees
 * what (row-level security): what the options change takes effect for every query that starts after the commit, and
 * the facts say what that is.
 */
public final class ChangeViewOptionsRecipe implements Recipe<ChangeViewOptions> {

    public static final ChangeViewOptionsRecipe INSTANCE = new ChangeViewOptionsRecipe();

    private ChangeViewOptionsRecipe() {}

    @Override
    public void plan(ChangeViewOptions change, PlanContext ctx, RecipeOutput out) {
        QualifiedName name = change.name();
        if (!supported(name, change.to(), ctx, out)) {
            return;
        }
        ViewOptions from = change.from();
        ViewOptions to = change.to();
        StepDraft step = StepDraft.at(Stage.ATTACH_OBJECT, change.describe())
                .sql(new ViewStatement.SetOptions(name, from, to))
                .lock(name, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(new ViewStatement.SetOptions(name, to, from))
                .fact("ALTER VIEW … SET / RESET (…) changes the catalog only, under ACCESS EXCLUSIVE on the view alone:"
                        + " queries that use the view wait for a moment (docs/locks.md#view-options).");
        if (from.securityInvoker() != to.securityInvoker()) {
            step.fact(to.securityInvoker()
                    ? "With security_invoker, the view reads its tables with the privileges and row-level security policies"
                            + " of the role that queries it, no longer those of the view's owner: a role without them gets errors or fewer rows."
                    : "Without security_invoker, the view reads its tables with its owner's privileges again, whoever queries it.");
        }
        if (from.securityBarrier() != to.securityBarrier()) {
            step.fact(to.securityBarrier()
                    ? "With security_barrier, the view's conditions run before any function of the caller's query, which may make"
                            + " those queries slower."
                    : "Without security_barrier, the planner may run a caller's functions before the view's conditions.");
        }
        if (from.checkOption() != to.checkOption()) {
            step.fact(to.checkOption() == ViewOptions.CheckOption.NONE
                    ? "Without a check option, an INSERT or UPDATE through the view may write rows the view does not show."
                    : "With check_option=" + to.checkOption().word() + ", an INSERT or UPDATE through the view that writes a"
                            + " row the view would not show fails from this step on.");
        }
        out.add(step);
    }

    /** Refuses {@code security_invoker} before PostgreSQL 15, which has no such option; true when the options can be set. */
    static boolean supported(QualifiedName view, ViewOptions options, PlanContext ctx, RecipeOutput out) {
        if (options.securityInvoker() && !ctx.supports(15)) {
            out.refuse("view " + view + " declares security_invoker, which PostgreSQL " + ctx.pgMajor()
                    + " does not have (it came in 15): remove it, or plan for a server of version 15 or later");
            return false;
        }
        return true;
    }
}
