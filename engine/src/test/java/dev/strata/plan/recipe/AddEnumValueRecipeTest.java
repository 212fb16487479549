package dev.strata.plan.recipe;

import dev.strata.model.EnumType;
import dev.strata.model.QualifiedName;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockMode;
import dev.strata.plan.Plan;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.strata.testing.TestCatalogs.*;
import static dev.strata.plan.recipe.RecipeTesting.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddEnumValueRecipeTest {

    private static Plan adding(List<String> from, List<String> to) {
        return plan(catalog(pub().withEnums(List.of(new EnumType("mood", from, Optional.empty())))),
                catalog(pub().withEnums(List.of(new EnumType("mood", to, Optional.empty())))));
    }

    @Test
    void eachLabelIsItsOwnIrreversibleExpandStepInDeclaredOrder() {
        Plan plan = adding(List.of("happy", "sad"), List.of("happy", "meh", "sad", "angry"));

        assertEquals(List.of("expand-1", "expand-2"), ids(plan));
        assertEquals(List.of("ALTER TYPE public.mood ADD VALUE IF NOT EXISTS 'meh' AFTER 'happy'"), ddl(plan, "expand-1").sql());
        assertEquals(List.of("ALTER TYPE public.mood ADD VALUE IF NOT EXISTS 'angry' AFTER 'sad'"), ddl(plan, "expand-2").sql());
        assertTrue(ddl(plan, "expand-1").transactional());
        assertEquals(Optional.empty(), ddl(plan, "expand-1").inverseSql());
    }

    @Test
    void theStepStatesItsExclusiveLockOnTheTypeAndNoTableLock() {
        Plan plan = adding(List.of("happy"), List.of("happy", "meh"));

        assertEquals(List.of(LockHold.onType(QualifiedName.of("public", "mood"), LockMode.EXCLUSIVE)),
                ddl(plan, "expand-1").locks());
    }

    @Test
    void aLabelInFrontIsPlacedBeforeTheFirstOne() {
        Plan plan = adding(List.of("sad"), List.of("glad", "sad"));
        assertEquals(List.of("ALTER TYPE public.mood ADD VALUE IF NOT EXISTS 'glad' BEFORE 'sad'"), ddl(plan, "expand-1").sql());
    }

    @Test
    void labelsAreQuotedAsLiterals() {
        Plan plan = adding(List.of("a"), List.of("a", "it's"));
        assertEquals(List.of("ALTER TYPE public.mood ADD VALUE IF NOT EXISTS 'it''s' AFTER 'a'"), ddl(plan, "expand-1").sql());
    }
}
