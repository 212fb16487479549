package dev.strata.plan.recipe;

import dev.strata.model.CheckConstraint;
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

class ChangeConstraintCommentRecipeTest {

    private static final QualifiedName T = QualifiedName.of("public", "t");

    private static CheckConstraint check(String expression, Optional<String> comment) {
        return new CheckConstraint("t_qty_check", expression, false, comment);
    }

    @Test
    void setsTheCommentInExpandUnderAccessShareOnTheTableAndRestoresTheOldOne() {
        DdlStep step = ddl(plan(catalog(table("t", Column.of("qty", INTEGER)).withChecks(List.of(check("qty > 0", Optional.of("old"))))),
                catalog(table("t", Column.of("qty", INTEGER)).withChecks(List.of(check("qty > 0", Optional.of("it's ✓")))))),
                "expand-1");
        assertEquals(Phase.EXPAND, step.phase());
        assertEquals(List.of("COMMENT ON CONSTRAINT t_qty_check ON public.t IS 'it''s ✓'"), step.sql());
        assertEquals(List.of(new LockHold(T, LockMode.ACCESS_SHARE, TableWork.CATALOG_ONLY)), step.locks());
        assertEquals(Optional.of(List.of("COMMENT ON CONSTRAINT t_qty_check ON public.t IS 'old'")), step.inverseSql());
    }

    @Test
    void removingAPrimaryKeyCommentSetsItToNull() {
        var commented = table("t");
        commented = commented.withPrimaryKey(commented.primaryKey().map(k -> k.withComment(Optional.of("old"))));
        DdlStep step = ddl(plan(catalog(commented), catalog(table("t"))), "expand-1");
        assertEquals(List.of("COMMENT ON CONSTRAINT t_pkey ON public.t IS NULL"), step.sql());
    }

    @Test
    void anAddedCheckIsCommentedInTheStepThatAddsIt() {
        Plan plan = plan(catalog(table("t", Column.of("qty", INTEGER))),
                catalog(table("t", Column.of("qty", INTEGER)).withChecks(List.of(check("qty > 0", Optional.of("positive"))))));
        assertEquals(List.of("ALTER TABLE public.t ADD CONSTRAINT t_qty_check CHECK (qty > 0) NOT VALID",
                "COMMENT ON CONSTRAINT t_qty_check ON public.t IS 'positive'"), ddl(plan, "contract-1").sql());
    }

    @Test
    void aReplacedCheckIsCommentedInTheStepThatSwapsIt() {
        Plan plan = plan(catalog(table("t", Column.of("qty", INTEGER)).withChecks(List.of(check("qty > 0", Optional.of("old"))))),
                catalog(table("t", Column.of("qty", INTEGER)).withChecks(List.of(check("qty > 1", Optional.of("new"))))));
        assertEquals(List.of("ALTER TABLE public.t DROP CONSTRAINT IF EXISTS t_qty_check",
                "ALTER TABLE public.t ADD CONSTRAINT t_qty_check CHECK (qty > 1) NOT VALID",
                "COMMENT ON CONSTRAINT t_qty_check ON public.t IS 'new'"), ddl(plan, "contract-1").sql());
    }

    @Test
    void anAttachedUniqueConstraintIsCommentedInTheAttachingStep() {
        Plan plan = plan(catalog(table("t")),
                catalog(table("t").withUniqueConstraints(List.of(unique("t_name_key", "name").withComment(Optional.of("one per name"))))));
        assertEquals(List.of("ALTER TABLE public.t ADD CONSTRAINT t_name_key UNIQUE USING INDEX t_name_key",
                "COMMENT ON CONSTRAINT t_name_key ON public.t IS 'one per name'"), ddl(plan, "contract-2").sql());
    }
}
