package dev.strata.plan.recipe;

import dev.strata.diff.ExpressionEquality;
import dev.strata.expr.Equivalence;
import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.model.DataType;
import dev.strata.model.Identity;
import dev.strata.model.PrimaryKey;
import dev.strata.model.SequenceOptions;
import dev.strata.model.Table;
import dev.strata.model.UniqueConstraint;
import dev.strata.model.Deferrability;
import dev.strata.plan.Plan;
import dev.strata.plan.PlanRequest;
import dev.strata.plan.Planner;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.strata.testing.TestCatalogs.*;

/** The users table of examples/users, before and after renaming username to handle. */
final class UsersFixture {

    static final ExpressionEquality EQUIVALENCE = Equivalence::same;

    private UsersFixture() {}

    static Catalog before() {
        return users("username", Optional.empty());
    }

    static Catalog after() {
        return users("handle", Optional.of("username"));
    }

    static Catalog users(String loginColumn, Optional<String> renamedFrom) {
        DataType bigint = DataType.builtin("bigint");
        Column id = Column.of("id", bigint).withNullable(false)
                .withIdentity(Optional.of(new Identity(Identity.Generation.ALWAYS, SequenceOptions.defaultsFor(bigint))));
        Column login = Column.of(loginColumn, DataType.builtin("text")).withNullable(false).withRenamedFrom(renamedFrom);
        Column email = Column.of("email", DataType.builtin("text")).withNullable(false);
        Column created = Column.of("created_at", DataType.builtin("timestamp with time zone")).withNullable(false)
                .withDefault(Optional.of("now()"));
        Table users = Table.of("users", List.of(id, login, email, created))
                .withPrimaryKey(Optional.of(new PrimaryKey("users_pkey", List.of("id"))))
                .withUniqueConstraints(List.of(
                        new UniqueConstraint("users_" + loginColumn + "_key", List.of(loginColumn), false, Deferrability.NOT_DEFERRABLE),
                        new UniqueConstraint("users_email_key", List.of("email"), false, Deferrability.NOT_DEFERRABLE)));
        return catalog(users);
    }

    static Plan plan(Catalog current, Catalog desired, int major) {
        return Planner.plan(new PlanRequest(current, desired, major, Map.of(), "test", List.of(), EQUIVALENCE));
    }
}
