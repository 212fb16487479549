package dev.strata.plan.recipe;

import dev.strata.diff.ConstraintChange.AddForeignKey;
import dev.strata.model.CheckConstraint;
import dev.strata.model.Column;
import dev.strata.model.ExclusionConstraint;
import dev.strata.model.IndexKey;
import dev.strata.model.PrimaryKey;
import dev.strata.model.Table;
import dev.strata.plan.DdlStep;
import dev.strata.plan.LockMode;
import dev.strata.plan.Phase;
import dev.strata.plan.RecipeRun;
import dev.strata.plan.Stage;
import dev.strata.plan.TableWork;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.strata.testing.TestCatalogs.*;
import static dev.strata.plan.recipe.RecipeFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForeignKeyAndCheckRecipesTest {

    private static final CheckConstraint POSITIVE = new CheckConstraint("orders_total_check", "total >= 0", false);

    @Test
    void foreignKeyOnExistingColumnsIsAddedNotValidThenValidatedInContract() {
        var desired = orders().withForeignKeys(List.of(fk("orders_account_fk", "account_id", ACCOUNTS, "id")));
        List<DdlStep> steps = ddl(plan(catalog(accounts(), orders()), catalog(accounts(), desired)));
        assertEquals(2, steps.size());
        DdlStep add = steps.get(0);
        assertEquals(Phase.CONTRACT, add.phase());
        assertEquals(List.of("ALTER TABLE public.orders ADD CONSTRAINT orders_account_fk FOREIGN KEY (account_id)"
                + " REFERENCES public.accounts (id) NOT VALID"), add.sql());
        assertEquals(List.of(lock(ORDERS, LockMode.SHARE_ROW_EXCLUSIVE, TableWork.CATALOG_ONLY),
                lock(ACCOUNTS, LockMode.SHARE_ROW_EXCLUSIVE, TableWork.CATALOG_ONLY)), add.locks());
        assertEquals(List.of("ALTER TABLE public.orders DROP CONSTRAINT IF EXISTS orders_account_fk"), add.inverseSql().orElseThrow());
        DdlStep validate = steps.get(1);
        assertEquals(List.of("ALTER TABLE public.orders VALIDATE CONSTRAINT orders_account_fk"), validate.sql());
        assertEquals(List.of(lock(ORDERS, LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.SCAN),
                lock(ACCOUNTS, LockMode.ROW_SHARE, TableWork.SCAN)), validate.locks());
    }

    @Test
    void foreignKeyOnAColumnThisPlanAddsGoesToExpand() {
        var withColumn = orders().withColumns(List.of(orders().columns().get(0), orders().columns().get(2), Column.of("account_id", BIGINT)))
                .withForeignKeys(List.of(fk("orders_account_fk", "account_id", ACCOUNTS, "id")));
        var current = orders().withColumns(List.of(orders().columns().get(0), orders().columns().get(2)));
        var change = new AddForeignKey(ORDERS, withColumn.foreignKeys().get(0));
        var currentCatalog = catalog(accounts(), current);
        var desiredCatalog = catalog(accounts(), withColumn);
        assertEquals(Stage.ADD_CONSTRAINT, RecipeRun.stageOf(currentCatalog, desiredCatalog,
                (ctx, out) -> AddForeignKeyRecipe.INSTANCE.plan(change, ctx, out), 0));
        assertEquals(Stage.VALIDATE_CONSTRAINT, RecipeRun.stageOf(currentCatalog, desiredCatalog,
                (ctx, out) -> AddForeignKeyRecipe.INSTANCE.plan(change, ctx, out), 1));
    }

    @Test
    void foreignKeyOnATableThisPlanCreatesIsOnePlainAddLockingTheTargetBriefly() {
        var desired = orders().withForeignKeys(List.of(fk("orders_account_fk", "account_id", ACCOUNTS, "id")));
        var change = new AddForeignKey(ORDERS, desired.foreignKeys().get(0));
        var steps = RecipeRun.steps(catalog(accounts()), catalog(accounts(), desired), 18,
                (ctx, out) -> AddForeignKeyRecipe.INSTANCE.plan(change, ctx, out));
        assertEquals(1, steps.size());
        assertEquals(Phase.EXPAND, steps.get(0).phase());
        assertEquals(List.of("ALTER TABLE public.orders ADD CONSTRAINT orders_account_fk FOREIGN KEY (account_id)"
                + " REFERENCES public.accounts (id)"), steps.get(0).sql());
        assertEquals(List.of(lock(ORDERS, LockMode.SHARE_ROW_EXCLUSIVE, TableWork.CATALOG_ONLY),
                lock(ACCOUNTS, LockMode.SHARE_ROW_EXCLUSIVE, TableWork.CATALOG_ONLY)), steps.get(0).locks());
    }

    @Test
    void foreignKeyWaitsForContractWhenItsTargetKeyIsOnlyAddedThere() {
        var desired = orders().withForeignKeys(List.of(fk("orders_account_fk", "account_id", ACCOUNTS, "email")));
        var change = new AddForeignKey(ORDERS, desired.foreignKeys().get(0));
        var desiredCatalog = catalog(accounts().withUniqueConstraints(List.of(unique("accounts_email_key", "email"))), desired);
        assertEquals(Stage.CONTRACT_ADD_CONSTRAINT, RecipeRun.stageOf(catalog(accounts()), desiredCatalog,
                (ctx, out) -> AddForeignKeyRecipe.INSTANCE.plan(change, ctx, out), 0));
        assertTrue(Stage.ATTACH_CONSTRAINT.compareTo(Stage.CONTRACT_ADD_CONSTRAINT) < 0);
    }

    @Test
    void droppedForeignKeyLocksBothTablesAndIsReAddedNotValidByItsInverse() {
        var current = orders().withForeignKeys(List.of(fk("orders_account_fk", "account_id", ACCOUNTS, "id")));
        DdlStep drop = ddl(plan(catalog(accounts(), current), catalog(accounts(), orders()))).get(0);
        assertEquals(Phase.CONTRACT, drop.phase());
        assertEquals(List.of("ALTER TABLE public.orders DROP CONSTRAINT IF EXISTS orders_account_fk"), drop.sql());
        assertEquals(List.of(lock(ORDERS, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY),
                lock(ACCOUNTS, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)), drop.locks());
        assertEquals(List.of("ALTER TABLE public.orders ADD CONSTRAINT orders_account_fk FOREIGN KEY (account_id)"
                        + " REFERENCES public.accounts (id) NOT VALID",
                "ALTER TABLE public.orders VALIDATE CONSTRAINT orders_account_fk"), drop.inverseSql().orElseThrow());
    }

    @Test
    void checkOnExistingTableIsAddedNotValidThenValidatedInContract() {
        List<DdlStep> steps = ddl(plan(catalog(orders()), catalog(orders().withChecks(List.of(POSITIVE)))));
        assertEquals(2, steps.size());
        assertEquals(List.of("ALTER TABLE public.orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID"),
                steps.get(0).sql());
        assertEquals(List.of(lock(ORDERS, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)), steps.get(0).locks());
        assertEquals(List.of("ALTER TABLE public.orders VALIDATE CONSTRAINT orders_total_check"), steps.get(1).sql());
        assertEquals(List.of(lock(ORDERS, LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.SCAN)), steps.get(1).locks());
        assertEquals(Phase.CONTRACT, steps.get(1).phase());
    }

    @Test
    void changedCheckIsDroppedInTheTransactionThatAddsItsReplacement() {
        var changed = new CheckConstraint("orders_total_check", "total >= 1", false);
        List<DdlStep> steps = ddl(plan(catalog(orders().withChecks(List.of(POSITIVE))), catalog(orders().withChecks(List.of(changed)))));
        assertEquals(2, steps.size());
        assertEquals(List.of("ALTER TABLE public.orders DROP CONSTRAINT IF EXISTS orders_total_check",
                "ALTER TABLE public.orders ADD CONSTRAINT orders_total_check CHECK (total >= 1) NOT VALID"), steps.get(0).sql());
        assertEquals("replace check constraint orders_total_check on public.orders (not valid)", steps.get(0).summary());
        assertEquals(List.of("ALTER TABLE public.orders DROP CONSTRAINT IF EXISTS orders_total_check",
                "ALTER TABLE public.orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID",
                "ALTER TABLE public.orders VALIDATE CONSTRAINT orders_total_check"), steps.get(0).inverseSql().orElseThrow());
        assertEquals(List.of("ALTER TABLE public.orders VALIDATE CONSTRAINT orders_total_check"), steps.get(1).sql());
    }

    @Test
    void droppedCheckWaitsForContractAndIsReAddedNotValidByItsInverse() {
        DdlStep drop = ddl(plan(catalog(orders().withChecks(List.of(POSITIVE))), catalog(orders()))).get(0);
        assertEquals(Phase.CONTRACT, drop.phase());
        assertEquals(List.of("ALTER TABLE public.orders DROP CONSTRAINT IF EXISTS orders_total_check"), drop.sql());
        assertEquals(List.of("ALTER TABLE public.orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID",
                "ALTER TABLE public.orders VALIDATE CONSTRAINT orders_total_check"), drop.inverseSql().orElseThrow());
    }

    @Test
    void exclusionOnExistingTableIsEmittedHonestlySoThePolicyRefusesIt() {
        var exclusion = new ExclusionConstraint("orders_total_excl", "gist",
                List.of(new ExclusionConstraint.Element(IndexKey.column("total"), "=")), Optional.empty(),
                dev.strata.model.Deferrability.NOT_DEFERRABLE);
        var plan = plan(catalog(orders()), catalog(orders().withExclusions(List.of(exclusion))));
        DdlStep add = ddl(plan).get(0);
        assertEquals(List.of("ALTER TABLE public.orders ADD CONSTRAINT orders_total_excl EXCLUDE USING gist (total WITH =)"),
                add.sql());
        assertEquals(List.of(lock(ORDERS, LockMode.ACCESS_EXCLUSIVE, TableWork.SCAN)), add.locks());
        assertEquals(1, plan.violations().size());
        assertTrue(plan.warnings().stream().anyMatch(w -> w.contains("orders_total_excl") && w.contains("maintenance window")));
    }

    @Test
    void primaryKeyIsAttachedAfterTightenAndSwappedWithTheOldOneInOneTransaction() {
        Table current = orders();
        Table desired = orders().withColumns(List.of(orders().columns().get(0), orders().columns().get(1).withNullable(false),
                        orders().columns().get(2)))
                .withPrimaryKey(Optional.of(new PrimaryKey("orders_pkey", List.of("id", "account_id"))));
        Table currentNotNull = current.withColumns(desired.columns());
        List<DdlStep> steps = ddl(plan(catalog(currentNotNull), catalog(desired)));
        assertEquals(List.of("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS orders_pkey__strata_new ON public.orders"
                + " USING btree (id, account_id)"), steps.get(0).sql());
        assertEquals(List.of("ALTER TABLE public.orders DROP CONSTRAINT IF EXISTS orders_pkey",
                "ALTER TABLE public.orders ADD CONSTRAINT orders_pkey PRIMARY KEY USING INDEX orders_pkey__strata_new"),
                steps.get(1).sql());
        assertTrue(Stage.TIGHTEN.compareTo(Stage.ATTACH_CONSTRAINT) < 0);
    }

    @Test
    void primaryKeyOnNullableColumnsIsAnnotatedAsAScanUnderAccessExclusive() {
        Table noKey = orders().withPrimaryKey(Optional.empty());
        Table desired = noKey.withPrimaryKey(Optional.of(new PrimaryKey("orders_pkey", List.of("account_id"))));
        var plan = plan(catalog(noKey), catalog(desired));
        assertEquals(List.of(lock(ORDERS, LockMode.ACCESS_EXCLUSIVE, TableWork.SCAN)), ddl(plan).get(1).locks());
        assertEquals(1, plan.violations().size());
        assertTrue(plan.warnings().stream().anyMatch(w -> w.contains("orders_pkey") && w.contains("nullable")));
    }

    @Test
    void droppedPrimaryKeyWaitsForContract() {
        DdlStep drop = ddl(plan(catalog(orders()), catalog(orders().withPrimaryKey(Optional.empty())))).get(0);
        assertEquals(Phase.CONTRACT, drop.phase());
        assertEquals(List.of("ALTER TABLE public.orders DROP CONSTRAINT IF EXISTS orders_pkey"), drop.sql());
        assertEquals(List.of("ALTER TABLE public.orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id)"), drop.inverseSql().orElseThrow());
    }

    @Test
    void renamedConstraintIsRenamedFirstInExpandWithItsInverse() {
        var current = accounts().withUniqueConstraints(List.of(unique("accounts_email_key", "email")));
        var desired = accounts().withUniqueConstraints(List.of(unique("accounts_email_unique", "email")));
        DdlStep rename = ddl(plan(catalog(current), catalog(desired))).get(0);
        assertEquals("expand-1", rename.id());
        assertEquals(List.of("ALTER TABLE public.accounts RENAME CONSTRAINT accounts_email_key TO accounts_email_unique"), rename.sql());
        assertEquals(List.of(lock(ACCOUNTS, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY),
                lock(dev.strata.model.QualifiedName.of("public", "accounts_email_unique"), LockMode.SHARE_UPDATE_EXCLUSIVE,
                        TableWork.CATALOG_ONLY)), rename.locks());
        assertEquals(List.of("ALTER TABLE public.accounts RENAME CONSTRAINT accounts_email_unique TO accounts_email_key"),
                rename.inverseSql().orElseThrow());
    }
}
