package dev.strata.plan.recipe;

import dev.strata.diff.ExpressionEquality;
import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.model.DataType;
import dev.strata.model.Deferrability;
import dev.strata.model.ForeignKey;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.PrimaryKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.Table;
import dev.strata.model.UniqueConstraint;
import dev.strata.plan.DdlStep;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockMode;
import dev.strata.plan.Plan;
import dev.strata.plan.PlanRequest;
import dev.strata.plan.Planner;
import dev.strata.plan.TableWork;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small models and plan helpers shared by the constraint and index recipe tests. */
final class RecipeFixtures {

    static final DataType BIGINT = DataType.builtin("bigint");
    static final DataType TEXT = DataType.builtin("text");
    static final QualifiedName ACCOUNTS = QualifiedName.of("public", "accounts");
    static final QualifiedName ORDERS = QualifiedName.of("public", "orders");

    private RecipeFixtures() {}

    /** accounts(id bigint primary key, email text, handle text). */
    static Table accounts() {
        return Table.of("accounts", List.of(Column.of("id", BIGINT).withNullable(false), Column.of("email", TEXT),
                        Column.of("handle", TEXT)))
                .withPrimaryKey(Optional.of(new PrimaryKey("accounts_pkey", List.of("id"))));
    }

    /** orders(id bigint primary key, account_id bigint, total bigint). */
    static Table orders() {
        return Table.of("orders", List.of(Column.of("id", BIGINT).withNullable(false), Column.of("account_id", BIGINT),
                        Column.of("total", BIGINT)))
                .withPrimaryKey(Optional.of(new PrimaryKey("orders_pkey", List.of("id"))));
    }

    static Catalog catalog(Table... tables) {
        return new Catalog(List.of(Schema.named("public").withTables(List.of(tables))));
    }

    static UniqueConstraint unique(String name, String... columns) {
        return new UniqueConstraint(name, List.of(columns), false, Deferrability.NOT_DEFERRABLE);
    }

    static ForeignKey fk(String name, String column, QualifiedName target, String targetColumn) {
        return new ForeignKey(name, List.of(column), target, List.of(targetColumn), ForeignKey.Action.NO_ACTION,
                ForeignKey.Action.NO_ACTION, ForeignKey.Match.SIMPLE, Deferrability.NOT_DEFERRABLE);
    }

    static Index index(String name, boolean unique, String... columns) {
        return new Index(name, unique, false, "btree", Arrays.stream(columns).map(IndexKey::column).toList(), List.of(),
                Optional.empty(), Map.of());
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
