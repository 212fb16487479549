package dev.strata.plan;

import dev.strata.execute.PlanService;
import dev.strata.model.QualifiedName;
import dev.strata.yaml.LoadedSchema;
import dev.strata.yaml.SchemaFiles;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which steps need review, on plans the planner makes (pure: sizes given as a live catalog would give them). */
class ReviewsTest {

    private static final ReviewRules RULES = new ReviewRules(OptionalLong.of(1000), OptionalLong.empty(),
            List.of(new ReviewRules.Rule(ReviewRules.TablePattern.of("public.*"), List.of("alice"))));

    private static Plan plan(String before, String after, Map<QualifiedName, TableFacts> facts) {
        LoadedSchema current = SchemaFiles.parse(Map.of("s.yaml", before));
        LoadedSchema desired = SchemaFiles.parse(Map.of("s.yaml", after));
        return PlanService.plan(current.catalog(), desired, 18, facts, "test", List.of())
                .withReviewRules(RULES, true, desired.catalog());
    }

    private static List<String> reviewed(Plan plan) {
        return plan.reviews().steps().stream().map(r -> r.stepId() + " " + r.table()).toList();
    }

    @Test
    void stepsOnARenamedLargeTableNeedReviewUnderEitherName() {
        Plan plan = plan("""
                tables:
                  orders:
                    columns: { id: { type: bigint, nullable: false } }
                    primary_key: [id]
                """, """
                tables:
                  purchases:
                    renamed_from: orders
                    columns: { id: { type: bigint, nullable: false }, note: { type: text } }
                    primary_key: [id]
                """, Map.of(QualifiedName.of("public", "orders"), new TableFacts(1 << 20, 5000)));

        List<String> reviewed = reviewed(plan);

        // The rename locks the old name; the new column is added under the new one: both are the same large table.
        assertEquals(plan.steps().size(), reviewed.size(),
                reviewed + " of " + plan.steps());
        assertEquals(true, reviewed.stream().anyMatch(r -> r.endsWith(" public.purchases")), reviewed.toString());
    }

    @Test
    void aNewTableAndASmallOneNeedNoReview() {
        Plan plan = plan("""
                tables:
                  small:
                    columns: { id: { type: bigint, nullable: false } }
                    primary_key: [id]
                """, """
                tables:
                  small:
                    columns: { id: { type: bigint, nullable: false }, note: { type: text } }
                    primary_key: [id]
                  fresh:
                    columns: { id: { type: bigint, nullable: false } }
                    primary_key: [id]
                """, Map.of(QualifiedName.of("public", "small"), new TableFacts(8192, 1000)));

        assertEquals(List.of(), reviewed(plan));
        assertEquals(2, plan.steps().size(), plan.steps().toString());
    }
}
