package dev.strata.render;

import dev.strata.ddl.Saved;
import dev.strata.diagnostics.StrataException;
import dev.strata.model.DataType;
import dev.strata.model.QualifiedName;
import dev.strata.plan.ConcurrentIndex;
import dev.strata.plan.DdlStep;
import dev.strata.plan.DualWrite;
import dev.strata.plan.Gate;
import dev.strata.plan.Phase;
import dev.strata.plan.PhasePlan;
import dev.strata.plan.Plan;
import dev.strata.plan.PolicyViolation;
import dev.strata.plan.Undo;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonRendererTest {

    @Test
    void aSavedPlanReadsBackEqual() {
        Plan plan = UsersRenamePlan.plan();

        assertEquals(plan, JsonRenderer.read(JsonRenderer.render(plan)));
    }

    @Test
    void userTypesModifiersArraysViolationsAndAbsentReverseSurviveTheRoundTrip() {
        DualWrite change = new DualWrite(DualWrite.Kind.CHANGE_TYPE, QualifiedName.of("Shop", "Order Items"),
                List.of("order id", "line"), "price", DataType.builtin("numeric", 10, 2), "price_new",
                DataType.userDefined("Shop", "money amount").asArray(), "price", "ARRAY[price]", Optional.empty());
        Plan plan = new Plan("--from before/", "", 14, List.of(), List.of(), List.of(change), Map.of(), List.of(),
                List.of(), List.of(new PolicyViolation("contract-1", "rewrites \"Order Items\" under ACCESS EXCLUSIVE")));

        assertEquals(plan, JsonRenderer.read(JsonRenderer.render(plan)));
    }

    @Test
    void theIndexAConcurrentStepBuildsOrDropsSurvivesTheRoundTrip() {
        QualifiedName index = QualifiedName.of("Shop", "Items Key");
        List<PhasePlan> phases = List.of(
                new PhasePlan(Phase.EXPAND, List.of(new DdlStep("expand-1", Phase.EXPAND, "build", List.of(new Saved("CREATE INDEX CONCURRENTLY ...")), false, List.of(),
                        Undo.impossible("test"), Optional.empty(), List.of(), Optional.empty(),
                        Optional.of(new ConcurrentIndex.Build(index))))),
                new PhasePlan(Phase.CONTRACT, List.of(new DdlStep("contract-1", Phase.CONTRACT, "drop", List.of(new Saved("DROP INDEX CONCURRENTLY ...")), false, List.of(),
                        Undo.impossible("test"), Optional.empty(), List.of(), Optional.empty(),
                        Optional.of(new ConcurrentIndex.Drop(index))))));
        Plan plan = new Plan("--from before/", "", 14, List.of(), phases, List.of(), Map.of(), List.of(), List.of(), List.of());

        assertEquals(plan, JsonRenderer.read(JsonRenderer.render(plan)));
    }

    @Test
    void aPlanSavedWithAGateBeforeAPhaseWithoutStepsReadsAndIsWrittenAsItWas() {
        // As Strata wrote plans before a gate stood only before a phase with steps: here the dual-write gate and
        // the read-switch gate one after the other, with no backfill between them.
        String legacy = JsonRenderer.render(UsersRenamePlan.plan())
                .replaceFirst("(?s)    \\{\n      \"type\": \"backfill\".*?\n    },\n", "");
        assertTrue(legacy.contains("\"type\": \"gate\",\n      \"id\": \"gate-1\""), legacy);
        assertFalse(legacy.contains("\"type\": \"backfill\""), legacy);

        Plan plan = JsonRenderer.read(legacy);

        assertEquals(List.of(Phase.EXPAND, Phase.BACKFILL, Phase.CONTRACT), plan.phases().stream().map(PhasePlan::phase).toList());
        assertEquals(List.of(), plan.steps(Phase.BACKFILL));
        assertEquals(Optional.of("gate-1"), plan.phase(Phase.BACKFILL).flatMap(PhasePlan::gate).map(Gate::id));
        assertEquals(legacy, JsonRenderer.render(plan));
    }

    @Test
    void twoGatesBeforeOnePhaseAreRefused() {
        String json = JsonRenderer.render(UsersRenamePlan.plan()).replace("\"DEPLOY_READ_SWITCH\"", "\"DEPLOY_DUAL_WRITE\"");

        var e = assertThrows(StrataException.class, () -> JsonRenderer.read(json));

        assertEquals("not a JSON plan: two gates before BACKFILL", e.getMessage());
    }

    @Test
    void outputStartsWithTheFormatAndEndsWithANewline() {
        String json = JsonRenderer.render(UsersRenamePlan.plan());

        assertTrue(json.startsWith("{\n  \"format\": \"strata-plan/1\",\n"), json);
        assertTrue(json.endsWith("}\n"));
    }

    @Test
    void anotherFormatIsRefusedNamingBoth() {
        var e = assertThrows(StrataException.class, () -> JsonRenderer.read("{\"format\": \"strata-plan/9\"}"));

        assertEquals("unsupported plan format 'strata-plan/9': this Strata reads strata-plan/1", e.getMessage());
    }

    @Test
    void aMissingFieldIsNamed() {
        String json = JsonRenderer.render(UsersRenamePlan.plan()).replace("\"pending\":", "\"pendingX\":");

        var e = assertThrows(StrataException.class, () -> JsonRenderer.read(json));

        assertEquals("not a JSON plan: missing field 'pending'", e.getMessage());
    }

    @Test
    void anUnknownLockModeIsNamed() {
        String json = JsonRenderer.render(UsersRenamePlan.plan()).replace("\"SHARE_ROW_EXCLUSIVE\"", "\"SHARED\"");

        var e = assertThrows(StrataException.class, () -> JsonRenderer.read(json));

        assertTrue(e.getMessage().startsWith("not a JSON plan: field 'mode' has unknown value 'SHARED'"),
                e.getMessage());
    }

    @Test
    void brokenJsonIsOneLine() {
        var e = assertThrows(StrataException.class, () -> JsonRenderer.read("{\"format\": "));

        assertTrue(e.getMessage().startsWith("not a JSON plan: "), e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\n'), e.getMessage());
    }

    @Test
    void theExampleInTheFormatDocumentIsAValidPlan() throws java.io.IOException {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("../docs/plan-json.md"));
        String example = doc.substring(doc.indexOf("```json\n") + 8, doc.lastIndexOf("```"));

        Plan plan = JsonRenderer.read(example);

        assertEquals(3, plan.steps().size() + plan.gates().size());
        assertEquals(example, JsonRenderer.render(plan));
    }
}
