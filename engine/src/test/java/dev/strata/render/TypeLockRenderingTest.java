package dev.strata.render;

import dev.strata.diagnostics.StrataException;
import dev.strata.diff.ExpressionEquality;
import dev.strata.model.Catalog;
import dev.strata.model.EnumType;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.plan.DdlStep;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockMode;
import dev.strata.plan.LockTarget;
import dev.strata.plan.Plan;
import dev.strata.plan.PlanRequest;
import dev.strata.plan.Planner;
import dev.strata.plan.TableWork;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Adding an enum label locks the type, not a table; every rendering says so, and the JSON plan keeps it. */
class TypeLockRenderingTest {

    private static final QualifiedName MOOD = QualifiedName.of("public", "mood");
    private static final String BLOCKS =
            "only other changes to this type (tables using it are not locked; reads and writes continue)";

    private static Plan addingMeh() {
        return Planner.plan(new PlanRequest(moods(List.of("happy", "sad")), moods(List.of("happy", "meh", "sad")), 18,
                Map.of(), "test", List.of(), ExpressionEquality.TEXTUAL));
    }

    private static Catalog moods(List<String> labels) {
        return new Catalog(List.of(Schema.named("public").withEnums(List.of(new EnumType("mood", labels, Optional.empty())))));
    }

    private static DdlStep step(Plan plan) {
        return (DdlStep) plan.steps().getFirst();
    }

    @Test
    void addingAnEnumLabelCarriesAnExclusiveLockOnTheTypeThatBlocksNoTraffic() {
        Plan plan = addingMeh();

        assertEquals(List.of(LockHold.onType(MOOD, LockMode.EXCLUSIVE)), step(plan).locks());
        assertFalse(step(plan).blocksTrafficDuringFullTableWork());
        assertEquals(List.of(), plan.violations());
    }

    @Test
    void textMarkdownAndSqlNameTheTypeAndSayTrafficContinues() {
        Plan plan = addingMeh();

        assertTrue(TextRenderer.render(plan, false).contains("  lock: EXCLUSIVE on type public.mood — blocks " + BLOCKS
                + ", catalog only\n"), TextRenderer.render(plan, false));
        String md = MarkdownRenderer.render(plan, Templates.builtIn());
        assertTrue(md.contains("| type `public.mood` | EXCLUSIVE | " + BLOCKS + " | catalog only |\n"), md);
        String sql = SqlRenderer.files(plan, 1000, Duration.ZERO, Duration.ofSeconds(60)).values().iterator().next();
        assertTrue(sql.contains("-- lock: EXCLUSIVE on type public.mood — blocks " + BLOCKS + ", catalog only\n"
                + "BEGIN;\n"), sql);
        for (String rendering : List.of(TextRenderer.render(plan, false), md, sql)) {
            assertFalse(rendering.contains("blocks writes"), rendering);
        }
    }

    @Test
    void jsonMarksTheTypeLockAndReadsItBack() {
        Plan plan = addingMeh();
        String json = JsonRenderer.render(plan);

        assertTrue(json.contains("""
                      "locks": [
                        {
                          "target": "type",
                          "type": {
                            "schema": "public",
                            "name": "mood"
                          },
                          "mode": "EXCLUSIVE",
                          "work": "CATALOG_ONLY"
                        }
                      ],
                """), json);
        assertEquals(plan, JsonRenderer.read(json));
    }

    @Test
    void aLockWithoutTargetIsARelationLockAsInEarlierPlans() {
        String json = JsonRenderer.render(UsersRenamePlan.plan());

        assertFalse(json.contains("\"target\""));
        assertEquals(UsersRenamePlan.plan(), JsonRenderer.read(json));
    }

    @Test
    void aTypeLockThatClaimsToScanIsRefused() {
        String json = JsonRenderer.render(addingMeh()).replace("\"work\": \"CATALOG_ONLY\"", "\"work\": \"SCAN\"");

        var e = assertThrows(StrataException.class, () -> JsonRenderer.read(json));

        assertEquals("not a JSON plan: a lock on a type must be CATALOG_ONLY, not SCAN", e.getMessage());
    }

    @Test
    void aLockOnATypeCannotClaimToWorkThroughRows() {
        assertThrows(IllegalArgumentException.class,
                () -> new LockHold(new LockTarget.Type(MOOD), LockMode.EXCLUSIVE, TableWork.REWRITE));
    }
}
