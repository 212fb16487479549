package dev.strata.plan.recipe;

import dev.strata.model.Column;
import dev.strata.model.QualifiedName;
import dev.strata.model.View;
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

class DropViewRecipeTest {

    @Test
    void dropsBehindTheGateBeforeTheColumnItReadsIsDropped() {
        View v = new View("names", "SELECT name FROM t", Optional.empty());
        var current = catalog(pub().withTables(List.of(table("t"))).withViews(List.of(v)));
        var desired = catalog(pub().withTables(List.of(table("t").withColumns(List.of(Column.of("id", BIGINT).withNullable(false))))));
        Plan plan = plan(current, desired);

        List<String> contract = plan.steps(dev.strata.plan.Phase.CONTRACT).stream().map(s -> s.summary()).toList();
        assertEquals("drop view public.names", contract.getFirst());
        assertEquals("drop column public.t.name (values kept in strata_archive.\"public.t.name~b86e2fef\", recoverable until purged)",
                contract.getLast());
        assertEquals(List.of("DROP VIEW IF EXISTS public.names"), ddl(plan, "contract-1").sql());
        assertEquals(List.of(new LockHold(QualifiedName.of("public", "names"), LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)),
                ddl(plan, "contract-1").locks());
        assertEquals(Optional.empty(), ddl(plan, "contract-1").inverseSql());
    }
}
