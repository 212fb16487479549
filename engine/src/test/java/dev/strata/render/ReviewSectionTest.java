package dev.strata.render;

import dev.strata.model.Catalog;
import dev.strata.model.QualifiedName;
import dev.strata.plan.Plan;
import dev.strata.plan.ReviewRules;
import dev.strata.plan.Reviews;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The "Needs review" section of the users rename (public.users: 1,204,000 rows, 280 MB) in every format. */
class ReviewSectionTest {

    private static final ReviewRules RULES = new ReviewRules(OptionalLong.of(1_000_000), OptionalLong.empty(), List.of(
            new ReviewRules.Rule(ReviewRules.TablePattern.of("*"), List.of("dba")),
            new ReviewRules.Rule(ReviewRules.TablePattern.of("public.users"), List.of("@db-team", "alice"))));

    private static Plan reviewed() {
        return UsersRenamePlan.plan().withReviewRules(RULES, true, Catalog.empty());
    }

    @Test
    void everyStepOnTheLargeTableNeedsTheReviewersOfTheLastMatchingRule() {
        Reviews reviews = reviewed().reviews();

        assertEquals(List.of("expand-1", "expand-2", "expand-3", "backfill-1", "contract-1", "contract-2", "contract-3",
                "contract-4", "contract-5", "contract-6", "contract-7"),
                reviews.steps().stream().map(r -> r.stepId()).toList());
        assertTrue(reviews.steps().stream().allMatch(r -> r.reviewers().equals(List.of("@db-team", "alice"))
                && r.table().equals(QualifiedName.of("public", "users"))));
    }

    @Test
    void aTableBelowTheThresholdNeedsNoReview() {
        Plan plan = UsersRenamePlan.plan().withReviewRules(new ReviewRules(OptionalLong.of(2_000_000),
                OptionalLong.of(1L << 30), List.of()), true, Catalog.empty());

        assertTrue(plan.reviews().configured());
        assertEquals(List.of(), plan.reviews().steps());
        assertTrue(TextRenderer.render(plan, false).contains(
                "Needs review: none (no step touches tables with more than 2,000,000 rows or 1024 MB)"));
    }

    @Test
    void offlineThePlanSaysSizesAreUnknownInsteadOfGuessing() {
        Plan plan = UsersRenamePlan.plan().withReviewRules(RULES, false, Catalog.empty());

        assertEquals(List.of(), plan.reviews().steps());
        String text = TextRenderer.render(plan, false);
        assertTrue(text.contains("Needs review: unknown — table sizes are unknown offline"), text);
        assertTrue(MarkdownRenderer.render(plan, Templates.builtIn()).contains("Table sizes are unknown offline"));
    }

    @Test
    void withoutRulesNoFormatHasTheSection() {
        Plan plan = UsersRenamePlan.plan();

        assertFalse(TextRenderer.render(plan, false).contains("Needs review"));
        assertFalse(MarkdownRenderer.render(plan, Templates.builtIn()).contains("Needs review"));
        assertTrue(JsonRenderer.render(plan).contains("\"configured\": false"));
    }

    @Test
    void textAndMarkdownNameStepTableReviewersAndTheTrafficQuestion() {
        String text = TextRenderer.render(reviewed(), false);
        assertTrue(text.contains("  expand-3 on public.users: reviewers @db-team, alice\n"
                + "    What happens to traffic while this runs? SHARE UPDATE EXCLUSIVE on public.users — blocks no"
                + " application traffic (only other DDL, VACUUM and concurrent index builds), scans the table (as long"
                + " as reading every row); table: 280 MB, about 1,204,000 rows\n"), text);

        String markdown = MarkdownRenderer.render(reviewed(), Templates.builtIn());
        assertTrue(markdown.contains("### Needs review"), markdown);
        assertTrue(markdown.contains("- [ ] `contract-7` on `public.users` — reviewers: @db-team, alice<br>What"
                + " happens to traffic while this runs? ACCESS EXCLUSIVE on public.users"), markdown);
    }

    @Test
    void theSectionSurvivesTheJsonRoundTripAndAnOlderPlanReadsWithoutIt() {
        Plan plan = reviewed();
        String json = JsonRenderer.render(plan);

        assertEquals(plan, JsonRenderer.read(json));
        assertTrue(json.contains("\"question\": \"What happens to traffic while this runs?"), json);
        String older = JsonRenderer.render(UsersRenamePlan.plan());
        older = older.substring(0, older.indexOf(",\n  \"reviews\"")) + "\n}\n";
        assertEquals(UsersRenamePlan.plan(), JsonRenderer.read(older));
    }
}
