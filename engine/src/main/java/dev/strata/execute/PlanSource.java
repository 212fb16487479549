package dev.strata.execute;

import dev.strata.plan.Plan;
import dev.strata.plan.ReviewRules;
import dev.strata.yaml.LoadedSchema;

import java.util.Optional;

/** What to apply: a desired schema (planned live, like {@code strata plan --url}) or a saved, reviewed plan. */
public sealed interface PlanSource {

    /**
     * @param description how the plan names the database (a redacted URL)
     * @param reviewRules the project's review rules (strata.yaml next to the schema files), if any
     * @param dropNow     {@code apply --drop-now}: dropped tables are destroyed rather than kept in strata_archive
     */
    record Desired(LoadedSchema schema, String description, Optional<ReviewRules> reviewRules, boolean dropNow)
            implements PlanSource {

        public Desired(LoadedSchema schema, String description, Optional<ReviewRules> reviewRules) {
            this(schema, description, reviewRules, false);
        }

        public Desired(LoadedSchema schema, String description) {
            this(schema, description, Optional.empty());
        }
    }

    /** A plan made with {@code strata plan --url … --format json}; refused once the catalog it was made for changed. */
    record Saved(Plan plan) implements PlanSource {}
}
