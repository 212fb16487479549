package dev.strata.plan.recipe;

import dev.strata.model.Column;
import dev.strata.model.Deferrability;
import dev.strata.model.ForeignKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Table;
import dev.strata.model.View;
import dev.strata.plan.DdlStep;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockMode;
import dev.strata.plan.Plan;
import dev.strata.plan.PlanningException;
import dev.strata.plan.TableWork;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.strata.testing.TestCatalogs.*;
import static dev.strata.plan.recipe.RecipeTesting.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RenameTableRecipeTest {

    private static Table people() {
        return table("users").withName("people").withRenamedFrom(Optional.of("users"));
    }

    @Test
    void expandRenamesAndKeepsTheOldNameAsAViewInOneTransaction() {
        Plan plan = plan(catalog(table("users")), catalog(people()));

        DdlStep step = ddl(plan, "expand-1");
        assertEquals(List.of("ALTER TABLE public.users RENAME TO people", "CREATE VIEW public.users AS SELECT id, name FROM public.people"),
                step.sql());
        assertTrue(step.transactional());
        assertEquals(List.of(new LockHold(QualifiedName.of("public", "users"), LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)),
                step.locks());
        assertEquals(Optional.of(List.of("DROP VIEW IF EXISTS public.users", "ALTER TABLE public.people RENAME TO users")),
                step.inverseSql());
    }

    @Test
    void contractDropsTheCompatibilityViewAfterTheReadSwitchGate() {
        Plan plan = plan(catalog(table("users")), catalog(people()));

        assertEquals(List.of("expand-1", "gate-read-switch", "contract-1"), ids(plan));
        assertEquals(List.of("The application uses table public.people instead of public.users (CONTRACT drops the compatibility view public.users)."),
                plan.gates().getFirst().instructions());
        assertEquals(List.of("DROP VIEW IF EXISTS public.users"), ddl(plan, "contract-1").sql());
    }

    @Test
    void renameRunsBeforeTableWorkThatUsesTheNewName() {
        Table orders = Table.of("orders", List.of(Column.of("person_id", BIGINT)))
                .withForeignKeys(List.of(new ForeignKey("orders_person_fk", List.of("person_id"),
                        QualifiedName.of("public", "people"), List.of("id"), ForeignKey.Action.NO_ACTION,
                        ForeignKey.Action.NO_ACTION, ForeignKey.Match.SIMPLE, Deferrability.NOT_DEFERRABLE)));
        Plan plan = plan(catalog(table("users")), catalog(orders, people()));

        assertEquals(List.of("rename table public.users to people, keeping public.users as a view of it",
                "create table public.orders", "add foreign key orders_person_fk on new table public.orders"),
                plan.steps(dev.strata.plan.Phase.EXPAND).stream().map(s -> s.summary()).toList());
    }

    @Test
    void refusesWhenTheOldNameIsDeclaredAgain() {
        var desired = catalog(pub().withTables(List.of(people()))
                .withViews(List.of(new View("users", "SELECT 1", Optional.empty()))));
        PlanningException e = assertThrows(PlanningException.class, () -> plan(catalog(table("users")), desired));
        assertTrue(e.getMessage().contains("table public.users is renamed to people while a table or view named public.users"
                + " is declared"), e.getMessage());
    }
}
