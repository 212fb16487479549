package dev.strata.plan;

import dev.strata.model.Catalog;

import java.util.List;
import java.util.Map;

/**
 * Runs one recipe outside the planner, for changes the differ does not send today but another
 * recipe may hand over (a foreign key on a table created by the same plan).
 */
public final class RecipeRun {

    private RecipeRun() {}

    public static List<DdlStep> steps(Catalog current, Catalog desired, int major, java.util.function.BiConsumer<PlanContext, RecipeOutput> recipe) {
        var out = new RecipeOutput();
        recipe.accept(new PlanContext(current, desired, major, Map.of()), out);
        if (!out.refusals().isEmpty()) {
            throw new PlanningException(out.refusals());
        }
        var steps = new java.util.ArrayList<DdlStep>();
        for (StepDraft d : out.drafts()) {
            steps.add((DdlStep) d.build("draft-" + (steps.size() + 1)));
        }
        return steps;
    }

    public static Stage stageOf(Catalog current, Catalog desired, java.util.function.BiConsumer<PlanContext, RecipeOutput> recipe, int index) {
        var out = new RecipeOutput();
        recipe.accept(new PlanContext(current, desired, 18, Map.of()), out);
        return out.drafts().get(index).stage();
    }
}
