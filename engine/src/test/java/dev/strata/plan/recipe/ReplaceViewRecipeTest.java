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
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplaceViewRecipeTest {

    private static Plan replacing(View before, View after, View... others) {
        var base = pub().withTables(List.of(table("t")));
        var currentViews = new java.util.ArrayList<>(List.of(before));
        currentViews.addAll(List.of(others));
        var desiredViews = new java.util.ArrayList<>(List.of(after));
        desiredViews.addAll(List.of(others));
        return plan(catalog(base.withViews(currentViews)), catalog(base.withViews(desiredViews)));
    }

    @Test
    void dropsAndCreatesInOneContractTransactionWithTheDesiredComment() {
        Plan plan = replacing(new View("v", "SELECT id FROM t", Optional.empty()),
                new View("v", "SELECT name FROM t", Optional.of("names")));

        assertEquals(List.of("expand-1", "gate-read-switch", "contract-1"), ids(plan));
        DdlStep step = ddl(plan, "contract-1");
        assertTrue(step.transactional());
        assertEquals(List.of("DROP VIEW IF EXISTS public.v", "CREATE VIEW public.v AS\nSELECT name FROM t",
                "COMMENT ON VIEW public.v IS 'names'"), step.sql());
        assertEquals(Optional.of(List.of("DROP VIEW IF EXISTS public.v", "CREATE VIEW public.v AS\nSELECT id FROM t")),
                step.inverseSql());
        assertEquals(List.of("The application works with both the current and the new definition of view public.v (CONTRACT replaces it)."),
                plan.gates().getFirst().instructions());
    }

    @Test
    void warnsThatGrantsAreLost() {
        Plan plan = replacing(new View("v", "SELECT id FROM t", Optional.empty()), new View("v", "SELECT name FROM t", Optional.empty()));
        assertTrue(plan.warnings().contains("view public.v is dropped and created again: privileges granted on it must be granted again"),
                plan.warnings().toString());
    }

    @Test
    void viewsReadingTheReplacedOneAndStayingAsTheyAreAreDroppedBeforeItAndCreatedAgainAfterIt() {
        Plan plan = replacing(new View("v", "SELECT id FROM t", Optional.empty()), new View("v", "SELECT name FROM t", Optional.empty()),
                new View("w", "SELECT * FROM v", Optional.of("reads v")), new View("x", "SELECT * FROM w", Optional.empty()));
        DdlStep step = ddl(plan, "contract-1");
        assertEquals(List.of("DROP VIEW IF EXISTS public.x", "DROP VIEW IF EXISTS public.w", "DROP VIEW IF EXISTS public.v",
                "CREATE VIEW public.v AS\nSELECT name FROM t", "CREATE VIEW public.w AS\nSELECT * FROM v",
                "COMMENT ON VIEW public.w IS 'reads v'", "CREATE VIEW public.x AS\nSELECT * FROM w"), step.sql());
        assertEquals(List.of("DROP VIEW IF EXISTS public.x", "DROP VIEW IF EXISTS public.w", "DROP VIEW IF EXISTS public.v",
                "CREATE VIEW public.v AS\nSELECT id FROM t", "CREATE VIEW public.w AS\nSELECT * FROM v",
                "COMMENT ON VIEW public.w IS 'reads v'", "CREATE VIEW public.x AS\nSELECT * FROM w"), step.inverseSql().orElseThrow());
        assertTrue(plan.warnings().stream().noneMatch(w -> w.contains("appears to be read by")), plan.warnings().toString());
    }

    @Test
    void aReaderThePlanDropsIsDroppedInAnEarlierStepWhileAReaderItKeepsIsTakenAlong() {
        var base = pub().withTables(List.of(table("t")));
        View kept = new View("w", "SELECT id FROM v", Optional.empty());
        Plan plan = plan(catalog(base.withViews(List.of(new View("v", "SELECT id, name FROM t", Optional.empty()), kept,
                        new View("x", "SELECT name FROM v", Optional.empty())))),
                catalog(base.withViews(List.of(new View("v", "SELECT name, id FROM t", Optional.empty()), kept))));
        assertEquals(List.of("gate-read-switch", "contract-1", "contract-2"), ids(plan));
        assertEquals(List.of("DROP VIEW IF EXISTS public.x"), ddl(plan, "contract-1").sql());
        assertEquals(List.of("DROP VIEW IF EXISTS public.w", "DROP VIEW IF EXISTS public.v",
                "CREATE VIEW public.v AS\nSELECT name, id FROM t", "CREATE VIEW public.w AS\nSELECT id FROM v"),
                ddl(plan, "contract-2").sql());
    }

    @Test
    void aReaderReplacedInTheSamePlanIsNotWarnedAbout() {
        var base = pub().withTables(List.of(table("t")));
        Plan plan = plan(catalog(base.withViews(List.of(new View("v", "SELECT id FROM t", Optional.empty()),
                        new View("w", "SELECT id FROM v", Optional.empty())))),
                catalog(base.withViews(List.of(new View("v", "SELECT id, name FROM t", Optional.empty()),
                        new View("w", "SELECT id, name FROM v", Optional.empty())))));
        assertTrue(plan.warnings().stream().noneMatch(w -> w.contains("appears to be read by")), plan.warnings().toString());
    }
}
