package dev.strata.render;

import dev.strata.plan.Plan;
import dev.strata.plan.PlanJson;

/**
 * The JSON output format of {@code strata plan}: the plan's own codec ({@link PlanJson}, which also reads it back)
 * with the renderers' wording of the questions reviewers are asked.
 */
public final class JsonRenderer {

    public static final String FORMAT = PlanJson.FORMAT;

    private JsonRenderer() {}

    public static String render(Plan plan) {
        return PlanJson.write(plan, Describe::reviewQuestion);
    }

    /** Reads a plan written by {@link #render}; a file that is not one is reported in one line. */
    public static Plan read(String json) {
        return PlanJson.read(json);
    }
}
