package dev.strata.plan.recipe;

import dev.strata.model.Column;
import dev.strata.model.QualifiedName;
import dev.strata.plan.DdlStep;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockMode;
import dev.strata.plan.Phase;
import dev.strata.plan.Plan;
import dev.strata.plan.TableWork;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.strata.plan.recipe.RecipeTesting.*;
import static dev.strata.testing.TestCatalogs.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ChangeIndexCommentRecipeTest {

    private static final QualifiedName INDEX = QualifiedName.of("public", "t_name_idx");

    @Test
    void setsTheCommentInExpandUnderShareUpdateExclusiveOnTheIndexAndRestoresTheOldOne() {
        DdlStep step = ddl(plan(catalog(table("t").withIndexes(List.of(index("t_name_idx", false, "name").withComment(Optional.of("old"))))),
                catalog(table("t").withIndexes(List.of(index("t_name_idx", false, "name").withComment(Optional.of("it's ✓")))))),
                "expand-1");
        assertEquals(Phase.EXPAND, step.phase());
        assertEquals(List.of("COMMENT ON INDEX public.t_name_idx IS 'it''s ✓'"), step.sql());
        assertEquals(List.of(new LockHold(INDEX, LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.CATALOG_ONLY)), step.locks());
        assertEquals(Optional.of(List.of("COMMENT ON INDEX public.t_name_idx IS 'old'")), step.inverseSql());
    }

    @Test
    void removingACommentSetsItToNull() {
        DdlStep step = ddl(plan(catalog(table("t").withIndexes(List.of(index("t_name_idx", false, "name").withComment(Optional.of("old"))))),
                catalog(table("t").withIndexes(List.of(index("t_name_idx", false, "name"))))), "expand-1");
        assertEquals(List.of("COMMENT ON INDEX public.t_name_idx IS NULL"), step.sql());
    }

    @Test
    void aNewIndexIsCommentedInAStepOfItsOwnAfterItsConcurrentBuild() {
        Plan plan = plan(catalog(table("t")),
                catalog(table("t").withIndexes(List.of(index("t_name_idx", false, "name").withComment(Optional.of("by name"))))));
        assertEquals(List.of("CREATE INDEX CONCURRENTLY IF NOT EXISTS t_name_idx ON public.t USING btree (name)"),
                ddl(plan, "expand-1").sql());
        DdlStep comment = ddl(plan, "expand-2");
        assertEquals(List.of("COMMENT ON INDEX public.t_name_idx IS 'by name'"), comment.sql());
        assertEquals(Optional.of(List.of("COMMENT ON INDEX public.t_name_idx IS NULL")), comment.inverseSql());
        assertEquals(List.of(new LockHold(INDEX, LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.CATALOG_ONLY)), comment.locks());
    }

    @Test
    void aUniqueIndexBuiltInContractIsCommentedInContract() {
        Plan plan = plan(catalog(table("t")),
                catalog(table("t").withIndexes(List.of(index("t_name_idx", true, "name").withComment(Optional.of("one per name"))))));
        assertEquals(List.of("COMMENT ON INDEX public.t_name_idx IS 'one per name'"), ddl(plan, "contract-2").sql());
    }

    @Test
    void aReplacedIndexGetsItsCommentWhenItTakesItsName() {
        Plan plan = plan(catalog(table("t", Column.of("qty", INTEGER)).withIndexes(List.of(index("t_name_idx", false, "name")
                        .withComment(Optional.of("old"))))),
                catalog(table("t", Column.of("qty", INTEGER)).withIndexes(List.of(index("t_name_idx", false, "name", "qty")
                        .withComment(Optional.of("new"))))));
        assertEquals(List.of("ALTER INDEX public.t_name_idx__strata_new RENAME TO t_name_idx",
                "COMMENT ON INDEX public.t_name_idx IS 'new'"), ddl(plan, "expand-3").sql());
    }
}
