package dev.strata.plan.recipe;

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
import dev.strata.plan.LockMode;
import dev.strata.plan.Phase;
import dev.strata.plan.Plan;
import dev.strata.plan.PreflightCheck;
import dev.strata.plan.Step;
import dev.strata.plan.TableWork;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.strata.plan.recipe.RecipeFixtures.*;
import static dev.strata.testing.TestCatalogs.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Replace… constraint changes: one change each in the plan, and the swap its recipe owns. */
class ReplaceConstraintRecipesTest {

    static final UniqueConstraint EMAIL = unique("accounts_email_key", "email");

    static Table ordersAccountNotNull() {
        return orders().withColumns(orders().columns().stream()
                .map(c -> c.name().equals("account_id") ? c.withNullable(false) : c).toList());
    }

    /** accounts with handle NOT NULL (so it can be a key), orders with a text account_handle to reference it. */
    static Catalog keyedOnId() {
        return catalog(accountsHandleNotNull(), ordersWithHandle().withForeignKeys(List.of(fk("orders_account_fk", "account_id", ACCOUNTS, "id"))));
    }

    static Catalog keyedOnHandle() {
        return catalog(accountsHandleNotNull().withPrimaryKey(Optional.of(new PrimaryKey("accounts_pkey", List.of("handle")))),
                ordersWithHandle().withForeignKeys(List.of(fk("orders_account_fk", "account_handle", ACCOUNTS, "handle"))));
    }

    static Table accountsHandleNotNull() {
        return accounts().withColumns(accounts().columns().stream()
                .map(c -> c.name().equals("handle") ? c.withNullable(false) : c).toList());
    }

    static Table ordersWithHandle() {
        List<Column> columns = new java.util.ArrayList<>(orders().columns());
        columns.add(Column.of("account_handle", TEXT));
        return orders().withColumns(columns);
    }

    static ForeignKey deferrable(ForeignKey fk) {
        return new ForeignKey(fk.name(), fk.columns(), fk.target(), fk.targetColumns(), fk.onDelete(), fk.onUpdate(), fk.match(),
                Deferrability.DEFERRABLE_INITIALLY_DEFERRED);
    }

    static List<String> summaries(Plan plan) {
        return ddl(plan).stream().map(Step::summary).toList();
    }

    @Test
    void aChangedUniqueIsOneReplacementBuiltAsideAndSwappedInOneTransaction() {
        Plan plan = plan(catalog(accounts().withUniqueConstraints(List.of(EMAIL))),
                catalog(accounts().withUniqueConstraints(List.of(unique("accounts_email_key", "email", "handle")))));
        assertEquals(List.of("replace unique constraint accounts_email_key on public.accounts (email, handle)"), plan.changes());
        assertEquals(List.of("build unique index accounts_email_key__strata_new for unique accounts_email_key on public.accounts (email, handle)",
                "replace unique accounts_email_key on public.accounts (email, handle)"), summaries(plan));
        DdlStep swap = ddl(plan).get(1);
        assertEquals(List.of(lock(ACCOUNTS, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)), swap.locks());
        assertTrue(plan.preflight().checks().stream().anyMatch(c -> c instanceof PreflightCheck.Unique u
                && u.name().equals("accounts_email_key") && u.keys().equals(List.of(IndexKey.column("email"), IndexKey.column("handle")))));
    }

    @Test
    void aUniqueMadeDeferrableIsAttachedDeferrableAndItsUndoPutsTheImmediateOneBack() {
        var deferred = new UniqueConstraint("accounts_email_key", List.of("email"), false, Deferrability.DEFERRABLE_INITIALLY_DEFERRED);
        Plan plan = plan(catalog(accounts().withUniqueConstraints(List.of(EMAIL))),
                catalog(accounts().withUniqueConstraints(List.of(deferred))));
        assertEquals(List.of("replace unique constraint accounts_email_key on public.accounts (email)"), plan.changes());
        DdlStep swap = ddl(plan).get(1);
        assertEquals(List.of("ALTER TABLE public.accounts DROP CONSTRAINT IF EXISTS accounts_email_key",
                "ALTER TABLE public.accounts ADD CONSTRAINT accounts_email_key UNIQUE USING INDEX accounts_email_key__strata_new"
                        + " DEFERRABLE INITIALLY DEFERRED"), swap.sql());
        assertEquals(List.of("ALTER TABLE public.accounts DROP CONSTRAINT IF EXISTS accounts_email_key",
                "ALTER TABLE public.accounts ADD CONSTRAINT accounts_email_key UNIQUE (email)"), swap.inverseSql().orElseThrow());
    }

    @Test
    void aUniqueRenamedAndChangedIsDroppedAndAddedNotSwapped() {
        Plan plan = plan(catalog(accounts().withUniqueConstraints(List.of(EMAIL))),
                catalog(accounts().withUniqueConstraints(List.of(unique("accounts_email_handle_key", "email", "handle")))));
        assertEquals(List.of("drop unique constraint accounts_email_key on public.accounts",
                "add unique constraint accounts_email_handle_key on public.accounts (email, handle)"), plan.changes());
        assertEquals(List.of("drop unique constraint accounts_email_key on public.accounts",
                "build unique index accounts_email_handle_key for unique accounts_email_handle_key on public.accounts (email, handle)",
                "attach unique accounts_email_handle_key on public.accounts (email, handle)"), summaries(plan));
    }

    @Test
    void aPrimaryKeyUnderAnotherNameReplacesTheOldOneInTheAttachingTransaction() {
        Plan plan = plan(catalog(accounts(), ordersAccountNotNull()),
                catalog(accounts(), ordersAccountNotNull().withPrimaryKey(Optional.of(new PrimaryKey("orders_key", List.of("id", "account_id"))))));
        assertEquals(List.of("replace primary key orders_pkey on public.orders by orders_key (id, account_id)"), plan.changes());
        assertEquals(List.of("build unique index orders_key__strata_new for primary key orders_key on public.orders (id, account_id)",
                "replace primary key orders_key on public.orders (id, account_id)"), summaries(plan));
        DdlStep swap = ddl(plan).get(1);
        assertEquals(List.of("ALTER TABLE public.orders DROP CONSTRAINT IF EXISTS orders_pkey",
                "ALTER TABLE public.orders ADD CONSTRAINT orders_key PRIMARY KEY USING INDEX orders_key__strata_new"), swap.sql());
        assertEquals(List.of("ALTER TABLE public.orders DROP CONSTRAINT IF EXISTS orders_key",
                "ALTER TABLE public.orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id)"), swap.inverseSql().orElseThrow());
        assertTrue(plan.preflight().checks().stream().anyMatch(c -> c instanceof PreflightCheck.Unique u && u.kind().equals("PRIMARY KEY")));
    }

    @Test
    void aPrimaryKeyOnANullableColumnAsksForNotNullAndWarnsOfTheScan() {
        Plan plan = plan(catalog(accounts(), orders()),
                catalog(accounts(), orders().withPrimaryKey(Optional.of(new PrimaryKey("orders_pkey", List.of("id", "account_id"))))));
        assertEquals(List.of("replace primary key orders_pkey on public.orders (id, account_id)"), plan.changes());
        assertEquals(TableWork.SCAN, ddl(plan).get(1).locks().getFirst().work());
        assertTrue(plan.warnings().stream().anyMatch(w -> w.contains("the columns are nullable")), plan.warnings().toString());
        assertTrue(plan.preflight().checks().stream().anyMatch(c -> c instanceof PreflightCheck.NotNull n && n.column().equals("account_id")));
    }

    @Test
    void aPrimaryKeyReplacedWithTheForeignKeyThatReferencesItSwapsBothInOneTransaction() {
        Plan plan = plan(keyedOnId(), keyedOnHandle());
        assertEquals(List.of("replace primary key accounts_pkey on public.accounts (handle)",
                "replace foreign key orders_account_fk on public.orders (account_handle) references public.accounts (handle)"), plan.changes());
        assertEquals(List.of("build unique index accounts_pkey__strata_new for primary key accounts_pkey on public.accounts (handle)",
                "replace primary key accounts_pkey on public.accounts (handle); replace foreign key orders_account_fk on public.orders (not valid)",
                "validate foreign key orders_account_fk on public.orders"), summaries(plan));
        DdlStep swap = ddl(plan).get(1);
        assertEquals(List.of("ALTER TABLE public.orders DROP CONSTRAINT IF EXISTS orders_account_fk",
                "ALTER TABLE public.accounts DROP CONSTRAINT IF EXISTS accounts_pkey",
                "ALTER TABLE public.accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY USING INDEX accounts_pkey__strata_new",
                "ALTER TABLE public.orders ADD CONSTRAINT orders_account_fk FOREIGN KEY (account_handle) REFERENCES public.accounts (handle) NOT VALID"),
                swap.sql());
        assertTrue(swap.transactional());
    }

    @Test
    void aUniqueReplacedWithTheForeignKeyThatReferencesItSwapsBothInOneTransaction() {
        Catalog current = catalog(accounts().withUniqueConstraints(List.of(unique("accounts_handle_key", "handle"))),
                ordersWithHandle().withForeignKeys(List.of(fk("orders_handle_fk", "account_handle", ACCOUNTS, "handle"))));
        Catalog desired = catalog(accounts().withUniqueConstraints(List.of(unique("accounts_handle_key", "email"))),
                ordersWithHandle().withForeignKeys(List.of(fk("orders_handle_fk", "account_handle", ACCOUNTS, "email"))));
        Plan plan = plan(current, desired);
        assertEquals(List.of("replace unique constraint accounts_handle_key on public.accounts (email)",
                "replace foreign key orders_handle_fk on public.orders (account_handle) references public.accounts (email)"), plan.changes());
        assertEquals(List.of("build unique index accounts_handle_key__strata_new for unique accounts_handle_key on public.accounts (email)",
                "replace unique accounts_handle_key on public.accounts (email); replace foreign key orders_handle_fk on public.orders (not valid)",
                "validate foreign key orders_handle_fk on public.orders"), summaries(plan));
        assertEquals("ALTER TABLE public.orders DROP CONSTRAINT IF EXISTS orders_handle_fk", ddl(plan).get(1).sql().getFirst());
    }

    @Test
    void aForeignKeyMadeDeferrableIsSwappedNotValidThenValidated() {
        var old = fk("orders_account_fk", "account_id", ACCOUNTS, "id");
        Plan plan = plan(catalog(accounts(), orders().withForeignKeys(List.of(old))),
                catalog(accounts(), orders().withForeignKeys(List.of(deferrable(old)))));
        assertEquals(List.of("replace foreign key orders_account_fk on public.orders (account_id) references public.accounts (id)"),
                plan.changes());
        List<DdlStep> steps = ddl(plan);
        assertEquals(List.of("replace foreign key orders_account_fk on public.orders (not valid)",
                "validate foreign key orders_account_fk on public.orders"), steps.stream().map(Step::summary).toList());
        assertEquals(List.of("ALTER TABLE public.orders DROP CONSTRAINT IF EXISTS orders_account_fk",
                "ALTER TABLE public.orders ADD CONSTRAINT orders_account_fk FOREIGN KEY (account_id) REFERENCES public.accounts (id)"
                        + " DEFERRABLE INITIALLY DEFERRED NOT VALID"), steps.get(0).sql());
        assertEquals(List.of("ALTER TABLE public.orders DROP CONSTRAINT IF EXISTS orders_account_fk",
                "ALTER TABLE public.orders ADD CONSTRAINT orders_account_fk FOREIGN KEY (account_id) REFERENCES public.accounts (id) NOT VALID",
                "ALTER TABLE public.orders VALIDATE CONSTRAINT orders_account_fk"), steps.get(0).inverseSql().orElseThrow());
        assertEquals(List.of(lock(ORDERS, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY),
                lock(ACCOUNTS, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)), steps.get(0).locks());
        assertEquals(Phase.CONTRACT, steps.get(1).phase());
        assertTrue(plan.preflight().checks().stream().anyMatch(c -> c instanceof PreflightCheck.ForeignKey f
                && f.foreignKey().equals(deferrable(old))));
    }

    @Test
    void aForeignKeyRetargetedLocksTheOldAndTheNewTarget() {
        Table others = keyed("others");
        var old = fk("orders_account_fk", "account_id", ACCOUNTS, "id");
        var retargeted = fk("orders_account_fk", "account_id", dev.strata.model.QualifiedName.of("public", "others"), "id");
        DdlStep swap = ddl(plan(catalog(accounts(), others, orders().withForeignKeys(List.of(old))),
                catalog(accounts(), others, orders().withForeignKeys(List.of(retargeted))))).get(0);
        assertEquals(List.of(lock(ORDERS, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY),
                lock(ACCOUNTS, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY),
                lock(dev.strata.model.QualifiedName.of("public", "others"), LockMode.SHARE_ROW_EXCLUSIVE, TableWork.CATALOG_ONLY)),
                swap.locks());
    }

    @Test
    void aChangedExclusionIsDroppedWithContractsDropsThenAddedUnderAccessExclusiveWithAWarning() {
        var old = new ExclusionConstraint("orders_total_excl", "gist",
                List.of(new ExclusionConstraint.Element(IndexKey.column("total"), "=")), Optional.empty(), Deferrability.NOT_DEFERRABLE);
        var changed = new ExclusionConstraint("orders_total_excl", "gist",
                List.of(new ExclusionConstraint.Element(IndexKey.column("total"), "=")), Optional.of("total > 0"), Deferrability.NOT_DEFERRABLE);
        Plan plan = plan(catalog(orders().withExclusions(List.of(old))), catalog(orders().withExclusions(List.of(changed))));
        assertEquals(List.of("replace exclusion constraint orders_total_excl on public.orders"), plan.changes());
        List<DdlStep> steps = ddl(plan);
        assertEquals(List.of("drop exclusion constraint orders_total_excl on public.orders",
                "add exclusion constraint orders_total_excl on public.orders"), steps.stream().map(Step::summary).toList());
        assertEquals(List.of("ALTER TABLE public.orders ADD CONSTRAINT orders_total_excl EXCLUDE USING gist (total WITH =)"),
                steps.get(0).inverseSql().orElseThrow());
        assertEquals(List.of("ALTER TABLE public.orders ADD CONSTRAINT orders_total_excl EXCLUDE USING gist (total WITH =) WHERE (total > 0)"),
                steps.get(1).sql());
        assertEquals(List.of(lock(ORDERS, LockMode.ACCESS_EXCLUSIVE, TableWork.SCAN)), steps.get(1).locks());
        assertTrue(plan.warnings().stream().anyMatch(w -> w.contains("no online way to add an exclusion constraint")));
        assertTrue(plan.preflight().checks().stream().anyMatch(c -> c instanceof PreflightCheck.Exclusion x && x.exclusion().equals(changed)));
    }

    @Test
    void aUniqueWhoseOldColumnsARenameRebuildsIsStillSwappedWithItsUndoInTheOldNames() {
        Table before = keyed("t", Column.of("a", BIGINT), Column.of("b", BIGINT)).withUniqueConstraints(List.of(unique("t_u", "a", "b")));
        Table after = keyed("t", Column.of("a", BIGINT), Column.of("c", BIGINT).withRenamedFrom(Optional.of("b")))
                .withUniqueConstraints(List.of(unique("t_u", "a")));
        List<DdlStep> steps = ddl(plan(catalog(before), catalog(after)));
        DdlStep swap = steps.stream().filter(s -> s.summary().equals("replace unique t_u on public.t (a)")).findFirst().orElseThrow();
        assertEquals(List.of("ALTER TABLE public.t DROP CONSTRAINT IF EXISTS t_u",
                "ALTER TABLE public.t ADD CONSTRAINT t_u UNIQUE (a, b)"), swap.inverseSql().orElseThrow());
    }

    @Test
    void aCheckThatNoLongerReadsARenamedColumnIsStillReplaced() {
        Table before = keyed("t", Column.of("a", BIGINT), Column.of("b", BIGINT))
                .withChecks(List.of(new CheckConstraint("t_check", "b > 0", false)));
        Table after = keyed("t", Column.of("a", BIGINT), Column.of("c", BIGINT).withRenamedFrom(Optional.of("b")))
                .withChecks(List.of(new CheckConstraint("t_check", "a > 0", false)));
        Plan plan = plan(catalog(before), catalog(after), 18, ExpressionEquality.TEXTUAL);
        assertTrue(summaries(plan).contains("replace check constraint t_check on public.t (not valid)"), summaries(plan).toString());
    }
}
