package dev.strata.plan.recipe;

import dev.strata.model.QualifiedName;
import dev.strata.plan.DdlStep;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockMode;
import dev.strata.plan.Phase;
import dev.strata.plan.TableWork;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.strata.testing.TestCatalogs.*;
import static dev.strata.plan.recipe.RecipeTesting.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ChangeTableCommentRecipeTest {

    @Test
    void setsTheCommentInExpandUnderShareUpdateExclusiveAndRestoresTheOldOne() {
        DdlStep step = ddl(plan(catalog(table("t").withComment(Optional.of("old"))),
                catalog(table("t").withComment(Optional.of("it's new")))), "expand-1");
        assertEquals(Phase.EXPAND, step.phase());
        assertEquals(List.of("COMMENT ON TABLE public.t IS 'it''s new'"), step.sql());
        assertEquals(List.of(new LockHold(QualifiedName.of("public", "t"), LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.CATALOG_ONLY)),
                step.locks());
        assertEquals(Optional.of(List.of("COMMENT ON TABLE public.t IS 'old'")), step.inverseSql());
    }

    @Test
    void removingACommentSetsItToNull() {
        DdlStep step = ddl(plan(catalog(table("t").withComment(Optional.of("old"))), catalog(table("t"))), "expand-1");
        assertEquals(List.of("COMMENT ON TABLE public.t IS NULL"), step.sql());
    }
}
