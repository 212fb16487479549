package dev.strata.plan.recipe;

import dev.strata.model.View;
import dev.strata.plan.DdlStep;
import dev.strata.plan.Plan;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.strata.testing.TestCatalogs.*;
import static dev.strata.plan.recipe.RecipeTesting.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CreateViewRecipeTest {

    @Test
    void createsTheViewAfterItsTableWithItsComment() {
        View v = new View("named", "SELECT id, name FROM t WHERE name IS NOT NULL;", Optional.of("only named"));
        Plan plan = plan(catalog(pub()), catalog(pub().withTables(List.of(table("t"))).withViews(List.of(v))));

        assertEquals(List.of("create table public.t", "create view public.named"), plan.steps().stream().map(s -> s.summary()).toList());
        DdlStep step = ddl(plan, "expand-2");
        assertEquals(List.of("CREATE VIEW public.named AS\nSELECT id, name FROM t WHERE name IS NOT NULL",
                "COMMENT ON VIEW public.named IS 'only named'"), step.sql());
        assertEquals(Optional.of(List.of("DROP VIEW IF EXISTS public.named")), step.inverseSql());
    }
}
