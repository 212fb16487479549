package dev.strata.expr;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each rule with the exact pair PostgreSQL 14 and 18 printed (see EquivalenceAgainstPostgresTest), and what must stay different. */
class EquivalenceTest {

    private static final Equivalence.Context VARCHAR_STATUS = new Equivalence.Context(Optional.of("public"), Set.of("status"));

    @Test
    void castOfANumericLiteralIsTheLiteral() {
        assertTrue(Equivalence.same("price >= 0", "(price >= (0)::numeric)"));
    }

    @Test
    void castOfAStringLiteralIsTheLiteral() {
        assertTrue(Equivalence.same("'US'", "'US'::bpchar"));
        assertTrue(Equivalence.same("'pending'", "'pending'::public.order_status"));
    }

    @Test
    void negativeNumberEqualsItsQuotedCast() {
        assertTrue(Equivalence.same("qty > -1", "(qty > '-1'::integer)"));
    }

    @Test
    void exponentNumberEqualsItsPlainForm() {
        assertTrue(Equivalence.same("1.5e3", "'1500'::numeric"));
    }

    @Test
    void nextvalIsQualifiedWithTheDefaultSchema() {
        assertTrue(Equivalence.same("nextval('invoice_number')", "nextval('public.invoice_number'::regclass)", "public"));
        assertFalse(Equivalence.same("nextval('invoice_number')", "nextval('public.invoice_number'::regclass)"));
        assertFalse(Equivalence.same("nextval('other')", "nextval('public.invoice_number'::regclass)", "public"));
    }

    @Test
    void inListEqualsAnyArray() {
        assertTrue(Equivalence.same("kind IN ('a', 'b')", "(kind = ANY (ARRAY['a'::text, 'b'::text]))"));
        assertTrue(Equivalence.same("kind NOT IN ('x', 'y')", "(kind <> ALL (ARRAY['x'::text, 'y'::text]))"));
    }

    @Test
    void varcharColumnCastToTextIsDroppedOnlyForVarcharColumns() {
        String server = "((status)::text <> 'cancelled'::text)";
        assertTrue(Equivalence.same("status <> 'cancelled'", server, VARCHAR_STATUS));
        assertFalse(Equivalence.same("status <> 'cancelled'", server, "public"));
        assertTrue(Equivalence.same("status IN ('new', 'paid')",
                "((status)::text = ANY ((ARRAY['new'::character varying, 'paid'::character varying])::text[]))",
                VARCHAR_STATUS));
    }

    @Test
    void betweenEqualsTwoComparisons() {
        assertTrue(Equivalence.same("qty BETWEEN 1 AND 10", "((qty >= 1) AND (qty <= 10))"));
    }

    @Test
    void bangEqualsIsNotEquals() {
        assertTrue(Equivalence.same("qty != 5", "(qty <> 5)"));
    }

    @Test
    void likeEqualsTildeTilde() {
        assertTrue(Equivalence.same("email LIKE '%@%'", "(email ~~ '%@%'::text)"));
        assertTrue(Equivalence.same("email NOT ILIKE '%spam%'", "(email !~~* '%spam%'::text)"));
    }

    @Test
    void emptyArrayConstructorEqualsEmptyArrayLiteral() {
        assertTrue(Equivalence.same("ARRAY[]::text[]", "'{}'::text[]"));
    }

    @Test
    void andChainsCompareRegardlessOfGrouping() {
        assertTrue(Equivalence.same("a AND (b AND c)", "((a AND b) AND c)"));
    }

    @Test
    void keywordCaseAndFunctionNameCaseDoNotMatter() {
        assertTrue(Equivalence.same("coalesce(qty, 0) >= 0", "(COALESCE(qty, 0) >= 0)"));
        assertTrue(Equivalence.same("NOT discontinued", "(not discontinued)"));
    }

    @Test
    void currentTimestampAndNowStayDifferent() {
        assertFalse(Equivalence.same("CURRENT_TIMESTAMP", "now()"));
        assertTrue(Equivalence.same("current_timestamp", "CURRENT_TIMESTAMP"));
    }

    @Test
    void differentComparisonsAreDifferent() {
        assertFalse(Equivalence.same("price > 0", "price >= 0"));
    }

    @Test
    void differentLiteralsAreDifferent() {
        assertFalse(Equivalence.same("'a'", "'b'"));
        assertFalse(Equivalence.same("x + 1", "x + 2"));
        assertFalse(Equivalence.same("1.50", "1.5"));
    }

    @Test
    void differentFunctionsAreDifferent() {
        assertFalse(Equivalence.same("lower(x)", "upper(x)"));
    }

    @Test
    void differentCastsOfColumnsAreDifferent() {
        assertFalse(Equivalence.same("x::int", "x::bigint"));
        assertTrue(Equivalence.same("x::int", "(x)::integer"));
    }

    @Test
    void groupingThatChangesMeaningIsDifferent() {
        assertFalse(Equivalence.same("a AND (b OR c)", "(a AND b) OR c"));
        assertFalse(Equivalence.same("x - (y - z)", "(x - y) - z"));
    }

    @Test
    void passthroughExpressionsCompareByTokens() {
        assertTrue(Equivalence.same("data->>'k'", "(data ->> 'k'::text)"));
        assertFalse(Equivalence.same("data->>'k'", "data->>'j'"));
    }
}
