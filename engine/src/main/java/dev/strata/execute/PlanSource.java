package dev.strata.execute;

import dev.strata.plan.Plan;
import dev.strata.yaml.LoadedSchema;

/** What to apply: a desired schema (planned live, like {@code strata plan --url}) or a saved, reviewed plan. */
public sealed interface PlanSource {

    /** @param description how the plan names the database (a redacted URL) */
    record Desired(LoadedSchema schema, String description) implements PlanSource {}

    /** A plan made with {@code strata plan --url … --format json}; refused once the catalog it was made for changed. */
    record Saved(Plan plan) implements PlanSource {}
}
