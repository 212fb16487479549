package dev.strata.plan.recipe;

import dev.strata.model.Column;
import dev.strata.model.DataType;
import dev.strata.model.EnumType;
import dev.strata.model.QualifiedName;
import dev.strata.model.Table;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockMode;
import dev.strata.plan.Plan;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.strata.testing.TestCatalogs.*;
import static dev.strata.plan.recipe.RecipeTesting.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

class DropEnumRecipeTest {

    @Test
    void dropsTheTypeInContractAfterTheTableThatUsedIt() {
        EnumType mood = new EnumType("mood", List.of("happy"), Optional.empty());
        Table t = Table.of("t", List.of(Column.of("m", DataType.userDefined("public", "mood"))));
        Plan plan = plan(catalog(pub().withEnums(List.of(mood)).withTables(List.of(t))), catalog(pub()));

        assertEquals(List.of("gate-read-switch", "contract-1", "contract-2"), ids(plan));
        assertEquals("drop table public.t", ddl(plan, "contract-1").summary());
        assertEquals(List.of("DROP TYPE IF EXISTS public.mood"), ddl(plan, "contract-2").sql());
        assertEquals(Optional.empty(), ddl(plan, "contract-2").inverseSql());
        assertEquals(List.of(LockHold.onType(QualifiedName.of("public", "mood"), LockMode.ACCESS_EXCLUSIVE)),
                ddl(plan, "contract-2").locks());
        assertEquals(List.of("The application no longer uses enum public.mood (CONTRACT drops the type).",
                "The application no longer uses table public.t (CONTRACT drops it with its rows)."), plan.gates().get(0).instructions());
    }
}
