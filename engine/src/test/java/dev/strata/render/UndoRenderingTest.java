package dev.strata.render;

import dev.strata.ddl.Saved;
import dev.strata.plan.DdlStep;
import dev.strata.plan.Phase;
import dev.strata.plan.PhasePlan;
import dev.strata.plan.Plan;
import dev.strata.plan.Undo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each renderer says why a step cannot be undone; a saved plan keeps the reason. */
class UndoRenderingTest {

    private static final String REASON = "PostgreSQL cannot remove a label from an enum";

    private static Plan plan(Undo undo) {
        DdlStep step = new DdlStep("expand-1", Phase.EXPAND, "add value 'sad' to enum public.mood",
                List.of(new Saved("ALTER TYPE public.mood ADD VALUE IF NOT EXISTS 'sad'")), true, List.of(), undo,
                Optional.empty(), List.of());
        return new Plan("--from before/", "", 14, List.of(), List.of(new PhasePlan(Phase.EXPAND, List.of(step))), List.of(), Map.of(), List.of(), List.of(), List.of());
    }

    @Test
    void textSaysWhyAStepCannotBeUndone() {
        assertTrue(TextRenderer.render(plan(Undo.impossible(REASON)), false)
                .contains("  cannot be undone: PostgreSQL cannot remove a label from an enum\n"));
    }

    @Test
    void markdownSaysWhyAStepCannotBeUndone() {
        String md = MarkdownRenderer.render(plan(Undo.impossible(REASON)), Templates.builtIn());
        assertTrue(md.contains("**Cannot be undone:** PostgreSQL cannot remove a label from an enum."), md);
    }

    @Test
    void sqlSaysWhyAStepCannotBeUndone() {
        String sql = String.join("", SqlRenderer.files(plan(Undo.impossible(REASON)), 1000, Duration.ZERO, Duration.ZERO).values());
        assertTrue(sql.contains("-- cannot be undone: PostgreSQL cannot remove a label from an enum\n"), sql);
    }

    @Test
    void jsonKeepsTheReasonThroughASavedPlan() {
        String json = JsonRenderer.render(plan(Undo.impossible(REASON)));
        assertTrue(json.contains("\"irreversibleBecause\": \"PostgreSQL cannot remove a label from an enum\""), json);
        assertEquals(new Undo.Impossible(REASON), ((DdlStep) JsonRenderer.read(json).steps().getFirst()).undo());
    }

    @Test
    void jsonTellsNothingToUndoFromStatementsToRun() {
        Plan nothing = plan(Undo.nothing());
        assertEquals(new Undo.Nothing(), ((DdlStep) JsonRenderer.read(JsonRenderer.render(nothing)).steps().getFirst()).undo());
        assertEquals(nothing, JsonRenderer.read(JsonRenderer.render(nothing)));
    }

    @Test
    void aPlanSavedWithoutAReasonReadsAsOneWhoseReasonWasNotRecorded() {
        String old = JsonRenderer.render(plan(Undo.impossible(REASON)))
                .replace(",\n      \"irreversibleBecause\": \"PostgreSQL cannot remove a label from an enum\"", "");
        assertTrue(!old.contains("irreversibleBecause"), old);
        DdlStep step = (DdlStep) JsonRenderer.read(old).steps().getFirst();
        assertEquals(new Undo.Impossible("not recorded by the Strata version that saved this plan"), step.undo());
        assertTrue(TextRenderer.render(JsonRenderer.read(old), false)
                .contains("cannot be undone: not recorded by the Strata version that saved this plan"));
    }
}
