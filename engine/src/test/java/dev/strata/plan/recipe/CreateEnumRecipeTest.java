package dev.strata.plan.recipe;

import dev.strata.model.Column;
import dev.strata.model.DataType;
import dev.strata.model.EnumType;
import dev.strata.model.Table;
import dev.strata.plan.DdlStep;
import dev.strata.plan.Plan;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.strata.testing.TestCatalogs.*;
import static dev.strata.plan.recipe.RecipeTesting.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CreateEnumRecipeTest {

    private static final EnumType MOOD = new EnumType("mood", List.of("happy", "sad"), Optional.of("how it feels"));

    @Test
    void createsTheTypeWithItsCommentAndDropsItAsInverse() {
        DdlStep step = ddl(plan(catalog(pub()), catalog(pub().withEnums(List.of(MOOD)))), "expand-1");
        assertEquals(List.of("CREATE TYPE public.mood AS ENUM ('happy', 'sad')", "COMMENT ON TYPE public.mood IS 'how it feels'"),
                step.sql());
        assertEquals(Optional.of(List.of("DROP TYPE IF EXISTS public.mood")), step.inverseSql());
        assertEquals(List.of(), step.locks());
    }

    @Test
    void typeIsCreatedBeforeTheTableThatUsesIt() {
        Table t = Table.of("t", List.of(Column.of("m", DataType.userDefined("public", "mood"))));
        Plan plan = plan(catalog(pub()), catalog(pub().withEnums(List.of(MOOD)).withTables(List.of(t))));
        assertEquals(List.of("create enum public.mood", "create table public.t"), plan.steps().stream().map(s -> s.summary()).toList());
    }
}
