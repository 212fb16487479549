package dev.strata.plan.recipe;

import dev.strata.catalog.CatalogReader;
import dev.strata.ddl.CreateDdl;
import dev.strata.diff.ExpressionEquality;
import dev.strata.expr.Equivalence;
import dev.strata.model.Catalog;
import dev.strata.model.CheckConstraint;
import dev.strata.model.PrimaryKey;
import dev.strata.model.Table;
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

import static dev.strata.testing.TestCatalogs.*;
import static dev.strata.plan.recipe.RecipeFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plans run against real servers with rows present: the result must be exactly the declared schema. */
class ConstraintAndIndexRecipesDatabaseTest {

    private static final ExpressionEquality SEMANTIC = (a, b, schema) -> Equivalence.same(a, b, schema);

    private static Catalog before() {
        return catalog(
                accounts().withUniqueConstraints(List.of(unique("accounts_handle_key", "handle")))
                        .withIndexes(List.of(index("accounts_email_idx", false, "email"))),
                orders().withChecks(List.of(new CheckConstraint("orders_total_check", "total >= 0", false)))
                        .withIndexes(List.of(index("orders_total_idx", false, "total"))));
    }

    /** Adds a unique constraint, changes one, adds a foreign key, changes a check, renames, replaces and creates indexes. */
    private static Catalog after() {
        return catalog(
                accounts().withUniqueConstraints(List.of(unique("accounts_email_key", "email"),
                                unique("accounts_handle_key", "handle", "email")))
                        .withIndexes(List.of(index("accounts_email_lookup", false, "email"))),
                orders().withChecks(List.of(new CheckConstraint("orders_total_check", "total >= 1", false)))
                        .withForeignKeys(List.of(fk("orders_account_fk", "account_id", ACCOUNTS, "id")))
                        .withIndexes(List.of(index("orders_account_idx", false, "account_id"),
                                index("orders_total_idx", false, "total", "id"))));
    }

    private static final String ROWS = "INSERT INTO accounts VALUES (1, 'a@x', 'a'), (2, 'b@x', 'b'), (3, NULL, NULL);"
            + " INSERT INTO orders VALUES (10, 1, 5), (11, 1, 7), (12, 2, 1), (13, NULL, 3)";

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void constraintsAndIndexesConvergeAndKeepTheRows(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(before()), ROWS);
            Plan plan = plan(before(), after(), major, ExpressionEquality.TEXTUAL);
            assertTrue(plan.violations().isEmpty(), plan.violations().toString());
            StepRunner.runAll(db, plan);
            assertConverged(db, after(), major);
            assertEquals(List.of(List.of("3"), List.of("4")),
                    db.query("SELECT count(*) FROM accounts UNION ALL SELECT count(*) FROM orders"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void duplicateRowMakesTheUniqueBuildFailLoudly(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(before()), ROWS, "UPDATE accounts SET email = 'a@x' WHERE id = 2");
            Plan plan = plan(before(), after(), major, ExpressionEquality.TEXTUAL);
            var failure = assertThrows(IllegalStateException.class, () -> StepRunner.runAll(db, plan));
            assertTrue(failure.getMessage().contains("could not create unique index"), failure.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void orphanRowIsAcceptedByNotValidAndRejectedByValidate(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(before()), ROWS, "INSERT INTO orders VALUES (14, 99, 1)");
            Plan plan = plan(before(), after(), major, ExpressionEquality.TEXTUAL);
            var failure = assertThrows(IllegalStateException.class, () -> StepRunner.runAll(db, plan));
            assertTrue(failure.getMessage().contains("validate foreign key orders_account_fk"), failure.getMessage());
            assertTrue(failure.getMessage().contains("violates foreign key constraint"), failure.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void dropsRenamesAndAPrimaryKeySwapConverge(int major) throws SQLException {
        Catalog current = catalog(
                accounts().withUniqueConstraints(List.of(unique("accounts_email_key", "email"), unique("accounts_handle_key", "handle")))
                        .withIndexes(List.of(index("accounts_email_idx", false, "email"), index("accounts_handle_idx", true, "handle"))),
                withAccountNotNull(orders()).withChecks(List.of(new CheckConstraint("orders_total_check", "total >= 0", false),
                                new CheckConstraint("orders_total_small", "total < 1000", false)))
                        .withForeignKeys(List.of(fk("orders_account_fk", "account_id", ACCOUNTS, "id"))));
        Catalog desired = catalog(
                accounts().withUniqueConstraints(List.of(unique("accounts_handle_unique", "handle")))
                        .withIndexes(List.of(index("accounts_email_lookup", false, "email"))),
                withAccountNotNull(orders()).withPrimaryKey(Optional.of(new PrimaryKey("orders_pkey", List.of("id", "account_id"))))
                        .withChecks(List.of(new CheckConstraint("orders_total_positive", "total >= 0", false))));
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(current), "INSERT INTO accounts VALUES (1, 'a@x', 'a'), (2, 'b@x', 'b');"
                    + " INSERT INTO orders VALUES (10, 1, 5), (11, 2, 7)");
            Plan plan = plan(current, desired, major, ExpressionEquality.TEXTUAL);
            assertTrue(plan.violations().isEmpty(), plan.violations().toString());
            StepRunner.runAll(db, plan);
            assertConverged(db, desired, major);
            assertEquals(List.of(List.of("2"), List.of("2")),
                    db.query("SELECT count(*) FROM accounts UNION ALL SELECT count(*) FROM orders"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void expandInversesRestoreTheOriginalCatalog(int major) throws SQLException {
        Catalog current = catalog(
                accounts().withUniqueConstraints(List.of(unique("accounts_handle_key", "handle")))
                        .withIndexes(List.of(index("accounts_email_idx", false, "email"), index("accounts_total_idx", false, "handle"))),
                orders());
        Catalog desired = catalog(
                accounts().withUniqueConstraints(List.of(unique("accounts_handle_unique", "handle")))
                        .withIndexes(List.of(index("accounts_email_lookup", false, "email"), index("accounts_total_idx", false, "handle", "id"))),
                orders().withIndexes(List.of(index("orders_total_idx", false, "total"))));
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(current), ROWS);
            Catalog original = read(db);
            Plan plan = plan(current, desired, major, ExpressionEquality.TEXTUAL);
            List<Step> expand = plan.steps(Phase.EXPAND);
            assertEquals(6, expand.size(), () -> expand.stream().map(Step::summary).toList().toString());
            expand.forEach(s -> StepRunner.run(db, s));
            for (Step step : expand.reversed()) {
                DdlStep ddl = (DdlStep) step;
                StepRunner.runDdl(db, ddl.inverseSql().orElseThrow(), ddl.transactional());
            }
            assertEquals(original, read(db));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aReplacedCheckConvergesAndItsUndoPutsTheOldCheckBack(int major) throws SQLException {
        Catalog current = catalog(accounts(), orders().withChecks(List.of(new CheckConstraint("orders_total_check", "total >= 0", false))));
        Catalog desired = catalog(accounts(), orders().withChecks(List.of(new CheckConstraint("orders_total_check", "total >= 1", false))));
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(current), ROWS);
            Catalog original = read(db);
            Plan plan = plan(current, desired, major, ExpressionEquality.TEXTUAL);
            assertEquals(List.of("replace check constraint orders_total_check on public.orders (not valid)",
                    "validate check constraint orders_total_check on public.orders"),
                    plan.steps(Phase.CONTRACT).stream().map(Step::summary).toList());
            StepRunner.runAll(db, plan);
            assertConverged(db, desired, major);
            for (Step step : plan.steps(Phase.CONTRACT).reversed()) {
                DdlStep ddl = (DdlStep) step;
                StepRunner.runDdl(db, ddl.inverseSql().orElseThrow(), ddl.transactional());
            }
            assertEquals(original, read(db));
        }
    }

    private static Table withAccountNotNull(Table orders) {
        return orders.withColumns(orders.columns().stream()
                .map(c -> c.name().equals("account_id") ? c.withNullable(false) : c).toList());
    }

    static Catalog read(TestDatabase db) throws SQLException {
        try (var c = db.connect()) {
            return CatalogReader.read(c, List.of("public")).catalog();
        }
    }

    static void assertConverged(TestDatabase db, Catalog desired, int major) throws SQLException {
        Plan again = plan(read(db), desired, major, SEMANTIC);
        assertTrue(again.isEmpty(), () -> "left to do: " + again.changes());
    }

    private static final String FINDINGS = "CREATE TABLE findings (id integer PRIMARY KEY, status varchar(20) NOT NULL)";

    private static Catalog pulled(TestDatabase db) throws SQLException {
        try (var c = db.connect()) {
            return CatalogReader.read(c, List.of("public")).catalog();
        }
    }

    private static String indexdef(TestDatabase db) {
        return db.query("SELECT pg_get_indexdef('public.open_findings'::regclass)").getFirst().getFirst();
    }

    /**
     * An IN list on a varchar column stores the array's cast ({@code (ARRAY[…])::text[]}); that text parsed again stores
     * a cast per element. Equal in meaning, different in the catalog: the plan rebuilds the index from the declared text.
     */
    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aPartialIndexWhosePredicateKeepsItsArrayCastElsewhereIsRebuiltToTheDeclaredForm(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major); TestDatabase declared = TestPostgres.newDatabase(major)) {
            db.execute(FINDINGS, "CREATE INDEX open_findings ON findings (id) WHERE status IN ('new', 'acknowledged')");
            declared.execute(FINDINGS, "CREATE INDEX open_findings ON findings (id) WHERE (status)::text = ANY"
                    + " ((ARRAY['new'::character varying, 'acknowledged'::character varying])::text[])");
            Catalog desired = pulled(declared);
            Plan plan = plan(pulled(db), desired, major, SEMANTIC);
            assertTrue(plan.changes().stream().anyMatch(c -> c.contains("open_findings")), plan.changes().toString());
            StepRunner.runAll(db, plan);
            assertEquals(indexdef(declared), indexdef(db));
            assertTrue(plan(pulled(db), desired, major, SEMANTIC).isEmpty());
            assertTrue(plan(pulled(declared), pulled(declared), major, SEMANTIC).isEmpty());
        }
    }
}
