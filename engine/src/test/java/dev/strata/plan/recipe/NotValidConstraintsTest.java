package dev.strata.plan.recipe;

import dev.strata.diff.ExpressionEquality;
import dev.strata.model.Catalog;
import dev.strata.model.QualifiedName;
import dev.strata.plan.DdlStep;
import dev.strata.plan.LockMode;
import dev.strata.plan.Phase;
import dev.strata.plan.Plan;
import dev.strata.plan.PlanRequest;
import dev.strata.plan.Planner;
import dev.strata.plan.PreflightCheck;
import dev.strata.plan.Step;
import dev.strata.plan.TableWork;
import dev.strata.plan.Undo;
import dev.strata.yaml.SchemaFiles;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.strata.plan.recipe.RecipeFixtures.lock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A check or foreign key declared {@code not_valid: true} keeps its validity (issue 8): added NOT VALID and never
 * validated, on an existing table and on a new one; a change to valid is a VALIDATE, never a drop and re-add; a valid
 * constraint declared NOT VALID is left alone. Plans from YAML, no database.
 */
class NotValidConstraintsTest {

    private static final QualifiedName ORDERS = QualifiedName.of("public", "orders");
    private static final QualifiedName ACCOUNTS = QualifiedName.of("public", "accounts");

    private static final String ACCOUNTS_YAML = """
              accounts:
                columns: { id: { type: bigint, nullable: false } }
                primary_key: [id]
            """;

    private static Catalog catalog(String orders) {
        return SchemaFiles.parse(Map.of("s.yaml", "schema: public\ntables:\n" + ACCOUNTS_YAML + orders)).catalog();
    }

    private static String orders(String constraints) {
        return """
                  orders:
                    columns: { id: { type: bigint, nullable: false }, account_id: bigint, total: integer }
                    primary_key: [id]
                """ + constraints.indent(4);
    }

    private static final String PLAIN = orders("");
    private static final String CHECK_VALID = orders("checks: [{ expression: \"total >= 0\", name: orders_total_check }]");
    private static final String CHECK_NOT_VALID =
            orders("checks: [{ expression: \"total >= 0\", name: orders_total_check, not_valid: true }]");
    private static final String FK_VALID =
            orders("foreign_keys: [{ columns: [account_id], references: { table: accounts }, name: orders_account_fk }]");
    private static final String FK_NOT_VALID = orders(
            "foreign_keys: [{ columns: [account_id], references: { table: accounts }, name: orders_account_fk, not_valid: true }]");

    private static Plan plan(String current, String desired) {
        return plan(catalog(current), catalog(desired));
    }

    private static Plan plan(Catalog current, Catalog desired) {
        return Planner.plan(new PlanRequest(current, desired, 18, Map.of(), "test", List.of(), ExpressionEquality.TEXTUAL));
    }

    private static List<String> sql(Plan plan) {
        return plan.steps().stream().filter(s -> s instanceof DdlStep).flatMap(s -> ((DdlStep) s).sql().stream()).toList();
    }

    @Test
    void aCheckDeclaredNotValidOnAnExistingTableIsOnlyAddedNotValidAndAsksNoPreflight() {
        Plan plan = plan(PLAIN, CHECK_NOT_VALID);
        assertEquals(List.of("ALTER TABLE public.orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID"), sql(plan));
        assertEquals(List.of(), plan.preflight().checks());
    }

    @Test
    void aForeignKeyDeclaredNotValidOnAnExistingTableIsOnlyAddedNotValid() {
        Plan plan = plan(PLAIN, FK_NOT_VALID);
        assertEquals(List.of("ALTER TABLE public.orders ADD CONSTRAINT orders_account_fk FOREIGN KEY (account_id)"
                + " REFERENCES public.accounts (id) NOT VALID"), sql(plan));
        assertEquals(List.of(), plan.preflight().checks());
    }

    @Test
    void aNewTableGetsItsNotValidCheckAndForeignKeyNotValid() {
        Plan plan = plan(catalog(""), catalog(orders("""
                checks: [{ expression: "total >= 0", name: orders_total_check, not_valid: true }]
                foreign_keys: [{ columns: [account_id], references: { table: accounts }, name: orders_account_fk, not_valid: true }]""")));
        List<String> sql = sql(plan);
        assertTrue(sql.getFirst().startsWith("CREATE TABLE public.orders ("), sql.toString());
        assertTrue(!sql.getFirst().contains("CHECK"), sql.getFirst());
        assertEquals(List.of("ALTER TABLE public.orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID",
                "ALTER TABLE public.orders ADD CONSTRAINT orders_account_fk FOREIGN KEY (account_id) REFERENCES public.accounts (id) NOT VALID"),
                sql.subList(1, sql.size()));
    }

    @Test
    void aNotValidCheckDeclaredValidIsOneValidateStepInContractWithItsPreflightCheck() {
        Plan plan = plan(CHECK_NOT_VALID, CHECK_VALID);
        assertEquals(List.of("validate check constraint orders_total_check on public.orders"), plan.changes());
        List<Step> steps = plan.steps();
        assertEquals(1, steps.size(), steps.toString());
        DdlStep step = (DdlStep) steps.getFirst();
        assertEquals(Phase.CONTRACT, step.phase());
        assertEquals(List.of("ALTER TABLE public.orders VALIDATE CONSTRAINT orders_total_check"), step.sql());
        assertEquals(List.of(lock(ORDERS, LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.SCAN)), step.locks());
        assertInstanceOf(Undo.Nothing.class, step.undo());
        assertEquals(1, plan.preflight().checks().size());
        assertInstanceOf(PreflightCheck.Check.class, plan.preflight().checks().getFirst());
    }

    @Test
    void aNotValidForeignKeyDeclaredValidIsValidatedUnderRowShareOnTheReferencedTable() {
        Plan plan = plan(FK_NOT_VALID, FK_VALID);
        DdlStep step = (DdlStep) plan.steps().getFirst();
        assertEquals(1, plan.steps().size(), plan.steps().toString());
        assertEquals(List.of("ALTER TABLE public.orders VALIDATE CONSTRAINT orders_account_fk"), step.sql());
        assertEquals(List.of(lock(ORDERS, LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.SCAN),
                lock(ACCOUNTS, LockMode.ROW_SHARE, TableWork.SCAN)), step.locks());
        assertInstanceOf(PreflightCheck.ForeignKey.class, plan.preflight().checks().getFirst());
    }

    @Test
    void aRenamedNotValidCheckDeclaredValidIsRenamedThenValidatedUnderItsNewName() {
        Plan plan = plan(CHECK_NOT_VALID, orders("checks: [{ expression: \"total >= 0\", name: orders_total_positive }]"));
        assertEquals(List.of("ALTER TABLE public.orders RENAME CONSTRAINT orders_total_check TO orders_total_positive",
                "ALTER TABLE public.orders VALIDATE CONSTRAINT orders_total_positive"), sql(plan));
    }

    @Test
    void aValidConstraintDeclaredNotValidIsLeftAlone() {
        assertTrue(plan(CHECK_VALID, CHECK_NOT_VALID).isEmpty());
        assertTrue(plan(FK_VALID, FK_NOT_VALID).isEmpty());
    }

    @Test
    void aChangedNotValidCheckStaysNotValidAndItsUndoPutsTheOldOneBackAsItWas() {
        Plan plan = plan(CHECK_NOT_VALID,
                orders("checks: [{ expression: \"total >= 1\", name: orders_total_check, not_valid: true }]"));
        assertEquals(1, plan.steps().size(), plan.steps().toString());
        DdlStep step = (DdlStep) plan.steps().getFirst();
        assertEquals(List.of("ALTER TABLE public.orders DROP CONSTRAINT IF EXISTS orders_total_check",
                "ALTER TABLE public.orders ADD CONSTRAINT orders_total_check CHECK (total >= 1) NOT VALID"), step.sql());
        assertEquals(List.of("ALTER TABLE public.orders DROP CONSTRAINT IF EXISTS orders_total_check",
                "ALTER TABLE public.orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID"),
                step.inverseSql().orElseThrow());
        assertEquals(List.of(), plan.preflight().checks());
    }

    @Test
    void aChangedForeignKeyDeclaredNotValidIsReplacedNotValidWithoutValidate() {
        Plan plan = plan(FK_VALID, orders("foreign_keys: [{ columns: [account_id], references: { table: accounts },"
                + " name: orders_account_fk, on_delete: cascade, not_valid: true }]"));
        assertEquals(List.of("ALTER TABLE public.orders DROP CONSTRAINT IF EXISTS orders_account_fk",
                "ALTER TABLE public.orders ADD CONSTRAINT orders_account_fk FOREIGN KEY (account_id) REFERENCES public.accounts (id)"
                        + " ON DELETE CASCADE NOT VALID"), sql(plan));
    }

    @Test
    void theUndoOfADroppedNotValidCheckOrForeignKeyAddsItBackNotValidWithoutValidate() {
        String both = orders("""
                checks: [{ expression: "total >= 0", name: orders_total_check, not_valid: true }]
                foreign_keys: [{ columns: [account_id], references: { table: accounts }, name: orders_account_fk, not_valid: true }]""");
        List<List<String>> inverses = plan(both, PLAIN).steps().stream()
                .map(s -> ((DdlStep) s).inverseSql().orElseThrow()).toList();
        assertEquals(List.of(
                List.of("ALTER TABLE public.orders ADD CONSTRAINT orders_account_fk FOREIGN KEY (account_id) REFERENCES public.accounts (id) NOT VALID"),
                List.of("ALTER TABLE public.orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID")), inverses);
    }
}
