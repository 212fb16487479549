package dev.strata.plan.recipe;

import dev.strata.diff.ConstraintChange.AddUnique;
import dev.strata.diff.ExpressionEquality;
import dev.strata.model.Deferrability;
import dev.strata.model.UniqueConstraint;
import dev.strata.plan.DdlStep;
import dev.strata.plan.LockMode;
import dev.strata.plan.Phase;
import dev.strata.plan.PlanningException;
import dev.strata.plan.RecipeRun;
import dev.strata.plan.TableWork;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.strata.testing.TestCatalogs.*;
import static dev.strata.plan.recipe.RecipeFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddUniqueRecipeTest {

    private static final UniqueConstraint EMAIL = unique("accounts_email_key", "email");

    @Test
    void indexIsBuiltConcurrentlyInContractOutsideATransaction() {
        DdlStep build = ddl(plan(catalog(accounts()), catalog(accounts().withUniqueConstraints(List.of(EMAIL))))).get(0);
        assertEquals("contract-1", build.id());
        assertEquals(Phase.CONTRACT, build.phase());
        assertEquals(List.of("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS accounts_email_key ON public.accounts USING btree (email)"),
                build.sql());
        assertFalse(build.transactional());
        assertEquals(List.of(lock(ACCOUNTS, LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.SCAN)), build.locks());
        assertEquals(List.of("DROP INDEX CONCURRENTLY IF EXISTS public.accounts_email_key"), build.inverseSql().orElseThrow());
    }

    @Test
    void indexIsThenAttachedUnderABriefAccessExclusiveLock() {
        var plan = plan(catalog(accounts()), catalog(accounts().withUniqueConstraints(List.of(EMAIL))));
        DdlStep attach = ddl(plan).get(1);
        assertEquals("contract-2", attach.id());
        assertEquals(List.of("ALTER TABLE public.accounts ADD CONSTRAINT accounts_email_key UNIQUE USING INDEX accounts_email_key"),
                attach.sql());
        assertTrue(attach.transactional());
        assertEquals(List.of(lock(ACCOUNTS, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)), attach.locks());
        assertEquals(List.of("ALTER TABLE public.accounts DROP CONSTRAINT IF EXISTS accounts_email_key"), attach.inverseSql().orElseThrow());
        assertTrue(plan.violations().isEmpty());
    }

    @Test
    void applicationIsAskedToStopWritingDuplicatesBeforeContract() {
        var plan = plan(catalog(accounts()), catalog(accounts().withUniqueConstraints(List.of(EMAIL))));
        assertTrue(plan.gates().getLast().instructions().stream()
                .anyMatch(i -> i.contains("public.accounts") && i.contains("(email)") && i.contains("duplicates")));
    }

    @Test
    void deferrableUniqueKeepsItsDeferrabilityWhenAttached() {
        var deferred = new UniqueConstraint("accounts_email_key", List.of("email"), false, Deferrability.DEFERRABLE_INITIALLY_DEFERRED);
        var steps = ddl(plan(catalog(accounts()), catalog(accounts().withUniqueConstraints(List.of(deferred)))));
        assertEquals(List.of("ALTER TABLE public.accounts ADD CONSTRAINT accounts_email_key"
                + " UNIQUE USING INDEX accounts_email_key DEFERRABLE INITIALLY DEFERRED"), steps.get(1).sql());
    }

    @Test
    void nullsNotDistinctIsBuiltIntoTheIndex() {
        var nnd = new UniqueConstraint("accounts_email_key", List.of("email"), true, Deferrability.NOT_DEFERRABLE);
        var steps = ddl(plan(catalog(accounts()), catalog(accounts().withUniqueConstraints(List.of(nnd)))));
        assertEquals(List.of("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS"
                + " accounts_email_key ON public.accounts USING btree (email) NULLS NOT DISTINCT"), steps.get(0).sql());
    }

    @Test
    void nullsNotDistinctIsRefusedOnPostgres14() {
        var nnd = new UniqueConstraint("accounts_email_key", List.of("email"), true, Deferrability.NOT_DEFERRABLE);
        var e = assertThrows(PlanningException.class, () -> plan(catalog(accounts()),
                catalog(accounts().withUniqueConstraints(List.of(nnd))), 14, ExpressionEquality.TEXTUAL));
        assertEquals(1, e.reasons().size());
        assertTrue(e.reasons().get(0).contains("NULLS NOT DISTINCT needs PostgreSQL 15"), e.reasons().get(0));
    }

    @Test
    void changedUniqueIsBuiltAsideUnderATemporaryName() {
        var current = accounts().withUniqueConstraints(List.of(EMAIL));
        var desired = accounts().withUniqueConstraints(List.of(unique("accounts_email_key", "email", "handle")));
        List<DdlStep> steps = ddl(plan(catalog(current), catalog(desired)));
        assertEquals(2, steps.size());
        assertEquals(List.of("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS"
                + " accounts_email_key__strata_new ON public.accounts USING btree (email, handle)"), steps.get(0).sql());
    }

    @Test
    void changedUniqueIsSwappedInOneTransactionSoUniquenessIsNeverUnenforced() {
        var current = accounts().withUniqueConstraints(List.of(EMAIL));
        var desired = accounts().withUniqueConstraints(List.of(unique("accounts_email_key", "email", "handle")));
        DdlStep swap = ddl(plan(catalog(current), catalog(desired))).get(1);
        assertEquals(List.of("ALTER TABLE public.accounts DROP CONSTRAINT IF EXISTS accounts_email_key",
                "ALTER TABLE public.accounts ADD CONSTRAINT accounts_email_key UNIQUE USING INDEX accounts_email_key__strata_new"),
                swap.sql());
        assertEquals(List.of("ALTER TABLE public.accounts DROP CONSTRAINT IF EXISTS accounts_email_key",
                "ALTER TABLE public.accounts ADD CONSTRAINT accounts_email_key UNIQUE (email)"), swap.inverseSql().orElseThrow());
    }

    @Test
    void uniqueOnATableCreatedByThePlanIsAddedDirectlyInExpand() {
        var change = new AddUnique(ACCOUNTS, unique("u", "email"));
        var steps = RecipeRun.steps(catalog(), catalog(accounts().withUniqueConstraints(List.of(unique("u", "email")))), 18,
                (ctx, out) -> AddUniqueRecipe.INSTANCE.plan(change, ctx, out));
        assertEquals(1, steps.size());
        assertEquals(Phase.EXPAND, steps.get(0).phase());
        assertEquals(List.of("ALTER TABLE public.accounts ADD CONSTRAINT u UNIQUE (email)"), steps.get(0).sql());
        assertEquals(List.of(lock(ACCOUNTS, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)), steps.get(0).locks());
    }
}
