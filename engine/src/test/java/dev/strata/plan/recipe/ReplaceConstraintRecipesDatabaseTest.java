package dev.strata.plan.recipe;

import dev.strata.ddl.CreateDdl;
import dev.strata.diff.ExpressionEquality;
import dev.strata.model.Catalog;
import dev.strata.model.CheckConstraint;
import dev.strata.model.Column;
import dev.strata.model.Deferrability;
import dev.strata.model.ExclusionConstraint;
import dev.strata.model.ForeignKey;
import dev.strata.model.IndexKey;
import dev.strata.model.PrimaryKey;
import dev.strata.model.Table;
import dev.strata.model.UniqueConstraint;
import dev.strata.plan.DdlStep;
import dev.strata.plan.Phase;
import dev.strata.plan.Plan;
import dev.strata.plan.Step;
import dev.strata.testing.StepRunner;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import static dev.strata.plan.recipe.ConstraintAndIndexRecipesDatabaseTest.assertConverged;
import static dev.strata.plan.recipe.ConstraintAndIndexRecipesDatabaseTest.read;
import static dev.strata.plan.recipe.RecipeFixtures.*;
import static dev.strata.plan.recipe.ReplaceConstraintRecipesTest.*;
import static dev.strata.testing.TestCatalogs.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Replaced constraints applied to real servers with rows: the desired catalog comes back, and CONTRACT's undo restores the old one. */
class ReplaceConstraintRecipesDatabaseTest {

    private static void undoContract(TestDatabase db, Plan plan) {
        for (Step step : plan.steps(Phase.CONTRACT).reversed()) {
            DdlStep ddl = (DdlStep) step;
            StepRunner.runDdl(db, ddl.inverseSql().orElseThrow(), ddl.transactional());
        }
    }

    private static Catalog apply(TestDatabase db, Catalog current, Catalog desired, int major, String... setup) throws SQLException {
        db.execute(CreateDdl.script(current));
        db.execute(setup);
        Catalog original = read(db);
        Plan plan = plan(current, desired, major, ExpressionEquality.TEXTUAL);
        StepRunner.runAll(db, plan);
        assertConverged(db, desired, major);
        undoContract(db, plan);
        return original;
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void uniquesAPrimaryKeyUnderAnotherNameAndADeferrableForeignKeyOnceNotValidAreReplacedAndUndone(int major) throws SQLException {
        var fk = fk("orders_account_fk", "account_id", ACCOUNTS, "id");
        Catalog current = catalog(accounts().withUniqueConstraints(List.of(unique("accounts_email_key", "email"), unique("accounts_handle_key", "handle"))),
                ordersAccountNotNull().withForeignKeys(List.of(fk)));
        Catalog desired = catalog(accounts().withUniqueConstraints(List.of(unique("accounts_email_key", "email", "handle"),
                        new UniqueConstraint("accounts_handle_key", List.of("handle"), false, Deferrability.DEFERRABLE_INITIALLY_DEFERRED))),
                ordersAccountNotNull().withPrimaryKey(Optional.of(new PrimaryKey("orders_key", List.of("id", "account_id"))))
                        .withForeignKeys(List.of(deferrable(fk))));
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            Catalog original = apply(db, current, desired, major,
                    "INSERT INTO accounts VALUES (1, 'a@x', 'a'), (2, 'b@x', 'b'), (3, NULL, NULL)",
                    "INSERT INTO orders VALUES (10, 1, 5), (11, 1, 7), (12, 2, 1)",
                    // Left NOT VALID by an earlier, interrupted migration: the replacement validates it, and the undo
                    // puts back the key of the model the plan was made from, which says valid.
                    "ALTER TABLE orders DROP CONSTRAINT orders_account_fk",
                    "ALTER TABLE orders ADD CONSTRAINT orders_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) NOT VALID");
            assertEquals(new Catalog(original.schemas().stream().map(s -> s.withTables(s.tables().stream().map(t -> t.withForeignKeys(
                    t.foreignKeys().stream().map(f -> new ForeignKey(f.name(), f.columns(), f.target(), f.targetColumns(), f.onDelete(),
                            f.onUpdate(), f.match(), f.deferrability())).toList())).toList())).toList()), read(db));
            assertEquals(List.of(List.of("t")), db.query("SELECT convalidated FROM pg_constraint WHERE conname = 'orders_account_fk'"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aPrimaryKeyReplacedWithTheForeignKeyReferencingItConvergesAndIsUndone(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            Catalog original = apply(db, keyedOnId(), keyedOnHandle(), major,
                    "INSERT INTO accounts VALUES (1, 'a@x', 'a'), (2, 'b@x', 'b')",
                    "INSERT INTO orders VALUES (10, 1, 5, 'a'), (11, 2, 7, 'b'), (12, NULL, 1, NULL)");
            assertEquals(original, read(db));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aUniqueReplacedWithTheForeignKeyReferencingItConverges(int major) throws SQLException {
        Catalog current = catalog(accounts().withUniqueConstraints(List.of(unique("accounts_handle_key", "handle"))),
                ordersWithHandle().withForeignKeys(List.of(fk("orders_handle_fk", "account_handle", ACCOUNTS, "handle"))));
        Catalog desired = catalog(accounts().withUniqueConstraints(List.of(unique("accounts_handle_key", "email"))),
                ordersWithHandle().withForeignKeys(List.of(fk("orders_handle_fk", "account_handle", ACCOUNTS, "email"))));
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            Catalog original = apply(db, current, desired, major,
                    "INSERT INTO accounts VALUES (1, 'a@x', 'a'), (2, 'b@x', 'b')",
                    // Rows that satisfy both keys, so the undo can validate the old one again.
                    "INSERT INTO orders VALUES (10, 1, 5, NULL), (11, 2, 7, NULL)");
            assertEquals(original, read(db));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aChangedExclusionConvergesAndIsUndone(int major) throws SQLException {
        var old = new ExclusionConstraint("orders_total_excl", "btree",
                List.of(new ExclusionConstraint.Element(IndexKey.column("total"), "=")), Optional.empty(), Deferrability.NOT_DEFERRABLE);
        var changed = new ExclusionConstraint("orders_total_excl", "btree",
                List.of(new ExclusionConstraint.Element(IndexKey.column("total"), "=")), Optional.of("total > 0"),
                Deferrability.NOT_DEFERRABLE);
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            Catalog original = apply(db, catalog(accounts(), orders().withExclusions(List.of(old))),
                    catalog(accounts(), orders().withExclusions(List.of(changed))), major,
                    "INSERT INTO orders VALUES (10, NULL, 5), (11, NULL, 7)");
            assertEquals(original, read(db));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aPrimaryKeyADroppedColumnTakesAlongIsReplacedByOneUnderAnotherName(int major) throws SQLException {
        Table before = keyed("t", Column.of("a", BIGINT).withNullable(false), Column.of("b", BIGINT).withNullable(false))
                .withPrimaryKey(Optional.of(new PrimaryKey("t_pkey", List.of("id", "b"))));
        Table after = keyed("t", Column.of("a", BIGINT).withNullable(false))
                .withPrimaryKey(Optional.of(new PrimaryKey("t_key", List.of("id", "a"))));
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(catalog(before)), "INSERT INTO t VALUES (1, 1, 1), (2, 1, 2)");
            Plan plan = plan(catalog(before), catalog(after), major, ExpressionEquality.TEXTUAL);
            assertEquals(List.of("drop column public.t.b", "replace primary key t_pkey on public.t by t_key (id, a)"), plan.changes());
            StepRunner.runAll(db, plan);
            assertConverged(db, catalog(after), major);
            assertEquals(List.of(List.of("2")), db.query("SELECT count(*) FROM t"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aCheckThatNoLongerReadsARenamedColumnIsReplacedAndConverges(int major) throws SQLException {
        Table before = keyed("t", Column.of("a", BIGINT), Column.of("b", BIGINT))
                .withChecks(List.of(new CheckConstraint("t_check", "b > 0", false)));
        Table after = keyed("t", Column.of("a", BIGINT), Column.of("c", BIGINT).withRenamedFrom(Optional.of("b")))
                .withChecks(List.of(new CheckConstraint("t_check", "a > 0", false)));
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(catalog(before)), "INSERT INTO t VALUES (1, 1, 1), (2, 2, 2)");
            StepRunner.runAll(db, plan(catalog(before), catalog(after), major, ExpressionEquality.TEXTUAL));
            assertConverged(db, catalog(after), major);
        }
    }
}
