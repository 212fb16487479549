package dev.strata.plan.recipe;

import dev.strata.model.EnumType;
import dev.strata.model.QualifiedName;
import dev.strata.plan.DdlStep;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockMode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.strata.testing.TestCatalogs.*;
import static dev.strata.plan.recipe.RecipeTesting.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ChangeEnumCommentRecipeTest {

    @Test
    void commentChangesInExpandLockingOnlyTheTypeAndIsReversible() {
        DdlStep step = ddl(plan(catalog(pub().withEnums(List.of(new EnumType("mood", List.of("a"), Optional.empty())))),
                catalog(pub().withEnums(List.of(new EnumType("mood", List.of("a"), Optional.of("feelings")))))), "expand-1");
        assertEquals(List.of("COMMENT ON TYPE public.mood IS 'feelings'"), step.sql());
        assertEquals(Optional.of(List.of("COMMENT ON TYPE public.mood IS NULL")), step.inverseSql());
        assertEquals(List.of(LockHold.onType(QualifiedName.of("public", "mood"), LockMode.SHARE_UPDATE_EXCLUSIVE)),
                step.locks());
    }
}
