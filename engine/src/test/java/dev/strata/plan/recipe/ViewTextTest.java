package dev.strata.plan.recipe;

import dev.strata.model.Column;
import dev.strata.model.View;
import dev.strata.plan.Plan;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.strata.testing.TestCatalogs.*;
import static dev.strata.plan.recipe.RecipeTesting.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ViewTextTest {

    @Test
    void wordsFoldBareNamesKeepQuotedOnesAndSkipStrings() {
        assertEquals(Set.of("select", "name", "Weird Col", "from", "public", "t", "where", "x"),
                ViewText.words("SELECT Name, \"Weird Col\" FROM public.t WHERE x = 'legacy'"));
    }

    @Test
    void droppingAColumnADeclaredViewStillReadsIsWarnedAbout() {
        var current = catalog(pub().withTables(List.of(table("t")))
                .withViews(List.of(new View("v", "SELECT id, name FROM t", Optional.empty()))));
        var desired = catalog(pub().withTables(List.of(table("t").withColumns(List.of(Column.of("id", BIGINT).withNullable(false)))))
                .withViews(List.of(new View("v", "SELECT id, name FROM t", Optional.empty()))));
        Plan plan = plan(current, desired);
        assertEquals(List.of("view public.v appears to read public.t.name, which CONTRACT drops: PostgreSQL refuses to drop a"
                + " column a view depends on; change the view so it no longer reads the column (Strata then replaces it before"
                + " the drop)"), plan.warnings());
    }

    @Test
    void aViewChangedToStopReadingTheColumnIsNotWarnedAbout() {
        var current = catalog(pub().withTables(List.of(table("t")))
                .withViews(List.of(new View("v", "SELECT id, name FROM t", Optional.empty()))));
        var desired = catalog(pub().withTables(List.of(table("t").withColumns(List.of(Column.of("id", BIGINT).withNullable(false)))))
                .withViews(List.of(new View("v", "SELECT id FROM t", Optional.empty()))));
        Plan plan = plan(current, desired);
        assertEquals(List.of("view public.v is dropped and created again: privileges granted on it must be granted again"),
                plan.warnings());
    }
}
