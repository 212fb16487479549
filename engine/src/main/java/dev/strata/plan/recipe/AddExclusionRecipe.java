package dev.strata.plan.recipe;

import dev.strata.ddl.ConstraintClause;
import dev.strata.ddl.Statement;
import dev.strata.diff.ConstraintChange.AddExclusion;
import dev.strata.model.ExclusionConstraint;
import dev.strata.model.QualifiedName;
import dev.strata.plan.GateKind;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

/**
 * An exclusion constraint has neither a NOT VALID form nor USING INDEX: adding one to an existing
 * table builds its index under ACCESS EXCLUSIVE (docs/locks.md#row-41). The step is emitted as it is,
 * annotated honestly so the lock policy refuses it, with a warning naming the alternatives; it is
 * in CONTRACT because the old application's writes could violate it. On a table this plan
 * creates, a plain {@code ADD} in EXPAND (the table is empty); on one that held no row at plan time
 * ({@link EmptyTable}, known with {@code --url}), one guarded step in CONTRACT that re-checks it is still empty.
 */
public final class AddExclusionRecipe implements Recipe<AddExclusion> {

    public static final AddExclusionRecipe INSTANCE = new AddExclusionRecipe();

    @Override
    public void plan(AddExclusion change, PlanContext context, RecipeOutput out) {
        String name = change.exclusion().name();
        String where = "exclusion constraint " + name + " on " + change.table();
        Statement add = ConstraintSql.add(change.table(), new ConstraintClause.Exclusion(change.exclusion()));
        if (context.isNewTable(change.table())) {
            out.add(StepDraft.at(Stage.ADD_CONSTRAINT, "add " + where)
                    .sql(add)
                    .sql(ConstraintSql.comment(change.table(), name, change.exclusion().comment()))
                    .lock(change.table(), LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                    .inverse(ConstraintSql.drop(change.table(), name))
                    .fact("The table is created by this plan and still empty, so building the index is instant."));
            return;
        }
        if (EmptyTable.atPlanTime(context, change.table())) {
            out.gate(GateKind.DEPLOY_READ_SWITCH, "The application must write no rows of " + change.table()
                    + " that conflict under " + where + ": CONTRACT adds it.");
            out.add(EmptyTable.step(Stage.CONTRACT_ADD_CONSTRAINT, "add " + where + " (the table is empty)", change.table(),
                            "adding " + where + " would build its index under ACCESS EXCLUSIVE", "building the index reads no row.")
                    .sql(add)
                    .sql(ConstraintSql.comment(change.table(), name, change.exclusion().comment()))
                    .inverse(ConstraintSql.drop(change.table(), name)));
            return;
        }
        contract(change.table(), change.exclusion(), out);
    }

    /** The add on a table that exists: in CONTRACT, after the deploy that stops conflicting writes. */
    static void contract(QualifiedName table, ExclusionConstraint exclusion, RecipeOutput out) {
        String name = exclusion.name();
        String where = "exclusion constraint " + name + " on " + table;
        out.gate(GateKind.DEPLOY_READ_SWITCH, "No rows of " + table + " may conflict under " + where
                + " and the application must write no conflicting rows: CONTRACT adds it.");
        out.warn(where + ": PostgreSQL has no online way to add an exclusion constraint (no NOT VALID, no USING"
                + " INDEX); the index build blocks reads and writes of " + table + ". Run it in a maintenance"
                + " window (overriding the lock policy), or build a new table with the constraint and move the rows.");
        out.add(StepDraft.at(Stage.CONTRACT_ADD_CONSTRAINT, "add " + where)
                .sql(ConstraintSql.add(table, new ConstraintClause.Exclusion(exclusion)))
                .sql(ConstraintSql.comment(table, name, exclusion.comment()))
                .lock(table, LockMode.ACCESS_EXCLUSIVE, TableWork.SCAN)
                .inverse(ConstraintSql.drop(table, name))
                .fact("ADD CONSTRAINT ... EXCLUDE builds its index under ACCESS EXCLUSIVE; there is no online path (docs/locks.md#row-41)."));
    }
}
