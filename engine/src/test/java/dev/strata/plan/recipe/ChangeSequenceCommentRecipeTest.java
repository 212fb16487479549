package dev.strata.plan.recipe;

import dev.strata.model.QualifiedName;
import dev.strata.model.Sequence;
import dev.strata.model.SequenceOptions;
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

class ChangeSequenceCommentRecipeTest {

    @Test
    void commentChangesInExpandUnderShareUpdateExclusive() {
        Sequence s = new Sequence("s", BIGINT, SequenceOptions.defaultsFor(BIGINT), Optional.empty(), Optional.of("old"));
        DdlStep step = ddl(plan(catalog(pub().withSequences(List.of(s))),
                catalog(pub().withSequences(List.of(new Sequence("s", BIGINT, s.options(), Optional.empty(), Optional.empty()))))),
                "expand-1");
        assertEquals(List.of("COMMENT ON SEQUENCE public.s IS NULL"), step.sql());
        assertEquals(Optional.of(List.of("COMMENT ON SEQUENCE public.s IS 'old'")), step.inverseSql());
        assertEquals(List.of(new LockHold(QualifiedName.of("public", "s"), LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.CATALOG_ONLY)),
                step.locks());
    }
}
