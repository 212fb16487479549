package dev.strata.plan;

import dev.strata.model.QualifiedName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Review rules without a database: globs over schema.table, the last matching rule, strict thresholds. */
class ReviewRulesTest {

    private static boolean matches(String pattern, String schema, String table) {
        return ReviewRules.TablePattern.of(pattern).matches(QualifiedName.of(schema, table));
    }

    @Test
    void starAndQuestionMarkStayWithinTheirPart() {
        assertTrue(matches("public.orders*", "public", "orders_2024"));
        assertTrue(matches("public.orders*", "public", "orders"));
        assertFalse(matches("public.orders*", "sales", "orders"));
        assertTrue(matches("*.audit_?", "sales", "audit_1"));
        assertFalse(matches("*.audit_?", "sales", "audit_12"));
        assertFalse(matches("pub*", "public", "orders"), "a pattern without a dot names a table, not a schema");
    }

    @Test
    void aPatternWithoutADotNamesTablesInEverySchema() {
        assertTrue(matches("orders", "public", "orders"));
        assertTrue(matches("orders", "sales", "orders"));
        assertFalse(matches("orders", "public", "orders_old"));
    }

    @Test
    void namesCompareCaseSensitivelyAndRegexCharactersAreLiteral() {
        assertFalse(matches("public.Orders", "public", "orders"));
        assertTrue(matches("public.Order Items (old)", "public", "Order Items (old)"));
        assertFalse(matches("public.a+b", "public", "aab"));
        assertTrue(matches("*", "public", "has.dot"), "a star matches any table name, dots included");
    }

    @Test
    void patternsWithMoreThanOneDotOrAnEmptyPartAreProblems() {
        assertTrue(ReviewRules.TablePattern.problem("a.b.c").isPresent());
        assertTrue(ReviewRules.TablePattern.problem(".orders").isPresent());
        assertTrue(ReviewRules.TablePattern.problem(" ").isPresent());
        assertTrue(ReviewRules.TablePattern.problem("public.*").isEmpty());
    }

    @Test
    void theLastMatchingRuleNamesTheReviewersAsInCodeowners() {
        ReviewRules rules = new ReviewRules(OptionalLong.of(10), OptionalLong.empty(), List.of(
                new ReviewRules.Rule(ReviewRules.TablePattern.of("*"), List.of("dba")),
                new ReviewRules.Rule(ReviewRules.TablePattern.of("public.orders*"), List.of("@db-team", "alice"))));

        assertEquals(List.of("@db-team", "alice"), rules.reviewersOf(QualifiedName.of("public", "orders")));
        assertEquals(List.of("dba"), rules.reviewersOf(QualifiedName.of("public", "users")));
        assertEquals(List.of(), new ReviewRules(OptionalLong.of(10), OptionalLong.empty(), List.of())
                .reviewersOf(QualifiedName.of("public", "users")));
    }

    @Test
    void aTableIsLargeStrictlyAboveEitherThreshold() {
        ReviewRules rules = new ReviewRules(OptionalLong.of(1000), OptionalLong.of(1 << 20), List.of());

        assertFalse(rules.large(new TableFacts(1 << 20, 1000)));
        assertTrue(rules.large(new TableFacts(1 << 20, 1001)));
        assertTrue(rules.large(new TableFacts((1 << 20) + 1, 5)));
        assertFalse(rules.large(new TableFacts(100, -1)), "rows nobody estimated do not make a table large");
    }

    @Test
    void aReviewerIsRecognisedIgnoringCaseAndALeadingAt() {
        Review review = new Review("expand-1", QualifiedName.of("public", "orders"), new TableFacts(1, 1),
                List.of("@db-team", "alice"));

        assertEquals(java.util.Optional.of("@db-team"), review.approvedBy(List.of("bob", "DB-Team")));
        assertEquals(java.util.Optional.of("alice"), review.approvedBy(List.of("@Alice")));
        assertTrue(review.approvedBy(List.of("bob")).isEmpty());
        assertTrue(review.approvedBy(List.of()).isEmpty());
        assertEquals(java.util.Optional.of("bob"), new Review("expand-1", QualifiedName.of("public", "orders"),
                new TableFacts(1, 1), List.of()).approvedBy(List.of("bob")), "without a matching rule anyone may approve");
    }
}
