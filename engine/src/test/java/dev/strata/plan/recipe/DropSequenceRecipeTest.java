package dev.strata.plan.recipe;

import dev.strata.model.QualifiedName;
import dev.strata.model.Sequence;
import dev.strata.model.SequenceOptions;
import dev.strata.plan.DataLoss;
import dev.strata.plan.DdlStep;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockMode;
import dev.strata.plan.Plan;
import dev.strata.plan.TableWork;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.strata.testing.TestCatalogs.*;
import static dev.strata.plan.recipe.RecipeTesting.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

class DropSequenceRecipeTest {

    @Test
    void dropsInContractNamingTheLostPosition() {
        Sequence s = new Sequence("s", BIGINT, SequenceOptions.defaultsFor(BIGINT), Optional.empty(), Optional.empty());
        Plan plan = plan(catalog(pub().withSequences(List.of(s))), catalog(pub()));

        assertEquals(List.of("gate-read-switch", "contract-1"), ids(plan));
        assertEquals(List.of("The application no longer uses sequence public.s (CONTRACT drops it)."), plan.gates().get(0).instructions());
        DdlStep step = ddl(plan, "contract-1");
        assertEquals(List.of("DROP SEQUENCE IF EXISTS public.s"), step.sql());
        assertEquals(Optional.of(new DataLoss("sequence public.s (its current value)", -1)), step.dataLoss());
        assertEquals(List.of(new LockHold(QualifiedName.of("public", "s"), LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)),
                step.locks());
    }
}
