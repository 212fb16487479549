package dev.strata.plan.recipe;

import dev.strata.diff.ExpressionEquality;
import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.model.QualifiedName;
import dev.strata.model.Table;
import dev.strata.plan.DdlStep;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockMode;
import dev.strata.plan.Plan;
import dev.strata.plan.PlanRequest;
import dev.strata.plan.Planner;
import dev.strata.plan.TableWork;

import java.util.List;
import java.util.Map;

import static dev.strata.testing.TestCatalogs.*;

/** Small models and plan helpers shared by the constraint and index recipe tests. */
final class RecipeFixtures {

    static final QualifiedName ACCOUNTS = QualifiedName.of("public", "accounts");
    static final QualifiedName ORDERS = QualifiedName.of("public", "orders");

    private RecipeFixtures() {}

    /** accounts(id bigint primary key, email text, handle text). */
    static Table accounts() {
        return keyed("accounts", Column.of("email", TEXT), Column.of("handle", TEXT));
    }

    /** orders(id bigint primary key, account_id bigint, total bigint). */
    static Table orders() {
        return keyed("orders", Column.of("account_id", BIGINT), Column.of("total", BIGINT));
    }

    static Plan plan(Catalog current, Catalog desired) {
        return plan(current, desired, 18, ExpressionEquality.TEXTUAL);
    }

    static Plan plan(Catalog current, Catalog desired, int major, ExpressionEquality equality) {
        return Planner.plan(new PlanRequest(current, desired, major, Map.of(), "test", List.of(), equality));
    }

    static List<DdlStep> ddl(Plan plan) {
        return plan.steps().stream().filter(s -> s instanceof DdlStep).map(s -> (DdlStep) s).toList();
    }

    static LockHold lock(QualifiedName relation, LockMode mode, TableWork work) {
        return new LockHold(relation, mode, work);
    }
}
