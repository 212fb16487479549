package dev.strata.plan.recipe;

import dev.strata.model.Column;
import dev.strata.model.DataType;
import dev.strata.model.EnumType;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.Table;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockMode;
import dev.strata.plan.Plan;
import dev.strata.plan.PlanningException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.strata.testing.TestCatalogs.*;
import static dev.strata.plan.recipe.RecipeTesting.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ReplaceEnumRecipeTest {

    private static Schema withMood(List<String> labels, Table... tables) {
        return pub().withEnums(List.of(new EnumType("mood", labels, Optional.empty()))).withTables(List.of(tables));
    }

    private static Table t() {
        return Table.of("t", List.of(Column.of("c", DataType.userDefined("public", "mood"))));
    }

    @Test
    void removingALabelOfAUsedTypeIsRefusedNamingTheColumnsToRewrite() {
        PlanningException e = assertThrows(PlanningException.class,
                () -> plan(catalog(withMood(List.of("happy", "sad", "meh"), t())), catalog(withMood(List.of("happy", "sad"), t()))));
        assertEquals(List.of("removing label 'meh' from enum public.mood needs a new type and a rewrite of public.t.c"
                + " (docs/locks.md#row-72), which Strata does not plan yet; add labels only (at any position), or declare a new"
                + " enum type and a new column of it filled by a backfill expression, and drop the old column and type in a"
                + " later release"), e.reasons());
    }

    @Test
    void reorderingLabelsOfAUsedTypeIsRefusedToo() {
        PlanningException e = assertThrows(PlanningException.class,
                () -> plan(catalog(withMood(List.of("happy", "sad"), t())), catalog(withMood(List.of("sad", "happy"), t()))));
        assertEquals("reordering the labels of enum public.mood needs a new type and a rewrite of public.t.c",
                e.reasons().get(0).substring(0, e.reasons().get(0).indexOf(" (docs/locks.md")));
    }

    @Test
    void aTypeNoColumnUsesIsRecreatedInContract() {
        Plan plan = plan(catalog(withMood(List.of("happy", "sad"))), catalog(withMood(List.of("sad"))));
        assertEquals(List.of("gate-read-switch", "contract-1"), ids(plan));
        assertEquals(List.of("DROP TYPE IF EXISTS public.mood", "CREATE TYPE public.mood AS ENUM ('sad')"),
                ddl(plan, "contract-1").sql());
        // The lock of the DROP on the old type; the new one is created in the step, so nobody waits for it.
        assertEquals(List.of(LockHold.onType(QualifiedName.of("public", "mood"), LockMode.ACCESS_EXCLUSIVE)),
                ddl(plan, "contract-1").locks());
    }
}
