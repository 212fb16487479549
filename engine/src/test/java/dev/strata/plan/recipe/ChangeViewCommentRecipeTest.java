package dev.strata.plan.recipe;

import dev.strata.model.QualifiedName;
import dev.strata.model.View;
import dev.strata.plan.DdlStep;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockMode;
import dev.strata.plan.TableWork;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.strata.testing.TestCatalogs.*;
import static dev.strata.plan.recipe.RecipeTesting.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ChangeViewCommentRecipeTest {

    @Test
    void commentChangesInExpandUnderShareUpdateExclusive() {
        var base = pub().withTables(List.of(table("t")));
        DdlStep step = ddl(plan(catalog(base.withViews(List.of(new View("v", "SELECT id FROM t", Optional.empty())))),
                catalog(base.withViews(List.of(new View("v", "SELECT id FROM t", Optional.of("ids")))))), "expand-1");
        assertEquals(List.of("COMMENT ON VIEW public.v IS 'ids'"), step.sql());
        assertEquals(Optional.of(List.of("COMMENT ON VIEW public.v IS NULL")), step.inverseSql());
        assertEquals(List.of(new LockHold(QualifiedName.of("public", "v"), LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.CATALOG_ONLY)),
                step.locks());
    }
}
