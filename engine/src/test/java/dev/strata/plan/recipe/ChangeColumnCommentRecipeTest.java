package dev.strata.plan.recipe;

import dev.strata.ddl.CreateDdl;
import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockMode;
import dev.strata.plan.Plan;
import dev.strata.plan.TableWork;
import dev.strata.testing.StepRunner;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;

import static dev.strata.testing.TestCatalogs.*;
import static dev.strata.plan.recipe.ColumnRecipeFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ChangeColumnCommentRecipeTest {

    private static Catalog commented(Optional<String> comment) {
        return catalog(table(Column.of("note", TEXT).withComment(comment)));
    }

    @Test
    void commentChangesInExpandUnderShareUpdateExclusiveWithTheOldCommentAsInverse() {
        Plan plan = plan(commented(Optional.of("old")), commented(Optional.of("it's new")));
        var step = step(plan, "expand-1");
        assertEquals(List.of("COMMENT ON COLUMN public.t.note IS 'it''s new'"), step.sql());
        assertEquals(List.of(new LockHold(T, LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.CATALOG_ONLY)), step.locks());
        assertEquals(Optional.of(List.of("COMMENT ON COLUMN public.t.note IS 'old'")), step.inverseSql());
    }

    @Test
    void removedCommentIsSetToNull() {
        Plan plan = plan(commented(Optional.of("old")), commented(Optional.empty()));
        assertEquals(List.of("COMMENT ON COLUMN public.t.note IS NULL"), step(plan, "expand-1").sql());
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void convergesAndIsReversible(int major) {
        Catalog before = commented(Optional.empty());
        Catalog after = commented(Optional.of("a note"));
        try (var db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(before));
            Plan plan = plan(before, after, major);
            assertExpandReversible(db, plan);
            StepRunner.runAll(db, plan);
            assertConverged(db, after);
        }
    }
}
