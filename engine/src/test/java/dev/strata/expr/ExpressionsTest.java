package dev.strata.expr;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpressionsTest {

    private static final Set<String> COLUMNS = Set.of("username", "email", "price", "qty", "status", "created_at",
            "discontinued", "First Name", "tags", "data", "id");

    private static Expression parsed(String sql) {
        return assertInstanceOf(ParseResult.Parsed.class, Expressions.parse(sql, COLUMNS)).expression();
    }

    private static List<ExpressionError> errors(String sql) {
        return assertInstanceOf(ParseResult.Invalid.class, Expressions.parse(sql, COLUMNS)).errors();
    }

    @Test
    void unknownColumnIsReportedWithSuggestionAndPosition() {
        assertEquals(List.of(new ExpressionError("unknown column 'usrname' (did you mean 'username'?)", 2, 7)),
                errors("lower(email) <>\n      usrname"));
    }

    @Test
    void unterminatedStringIsASyntaxError() {
        assertEquals(List.of(new ExpressionError("unterminated string literal", 1, 10)), errors("status = 'open"));
    }

    @Test
    void unbalancedParenthesisIsASyntaxError() {
        assertEquals("'(' is never closed", errors("lower(email").getFirst().message());
    }

    @Test
    void trailingOperatorIsASyntaxError() {
        assertEquals(new ExpressionError("expression ends after '>='", 1, 7), errors("price >=").getFirst());
    }

    @Test
    void bracketsNestedTooDeeplyAreALocatedErrorNotAStackOverflow() {
        String deep = "(".repeat(1000) + "price" + ")".repeat(1000) + " > 0";
        assertEquals(new ExpressionError("brackets nest more than 200 levels deep; Strata reads expressions nested up to"
                + " 200 levels", 1, 201), errors(deep).getFirst());
    }

    @Test
    void aChainOfFiftyThousandTermsIsALocatedErrorNotAStackOverflow() {
        String wide = String.join(" + ", java.util.Collections.nCopies(50_000, "price")) + " > 0";
        assertEquals(new ExpressionError("expression has more than 500 operators; Strata reads expressions of up to 500"
                + " (split it, or move it into a function)", 1, 4007), errors(wide).getFirst());
    }

    @Test
    void aChainOfFiveHundredOperatorsIsRead() {
        parsed(String.join(" OR ", java.util.Collections.nCopies(250, "price > 0")) + " OR true"); // 250 '>' and 250 OR
    }

    @Test
    void anExpressionOfMoreThanAHundredThousandTokensIsRefusedWhereTheLimitIsCrossed() {
        String list = "price IN (" + String.join(", ", java.util.Collections.nCopies(60_000, "1")) + ")";
        ExpressionError error = errors(list).getFirst();
        assertTrue(error.message().startsWith("expression has 120003 tokens; Strata reads expressions of up to 100000"), error.message());
    }

    @Test
    void aLongFlatListIsRead() {
        parsed("price IN (" + String.join(", ", java.util.Collections.nCopies(5_000, "1")) + ")");
    }

    @Test
    void nestingUpToTheLimitIsRead() {
        parsed("(".repeat(200) + "price" + ")".repeat(200) + " > 0");
    }

    @Test
    void semicolonIsRejectedEvenInPassthrough() {
        assertEquals("';' is not allowed in an expression", errors("data->>'k' = 'v'; DROP TABLE x").getFirst().message());
    }

    @Test
    void unquotedIdentifiersFoldToLowerCaseQuotedOnesKeepCase() {
        assertEquals(Set.of("email"), parsed("LOWER(EMAIL)").columnsRead());
        assertEquals("unknown column 'EMAIL' (did you mean 'email'?)", errors("\"EMAIL\" = ''").getFirst().message());
        assertEquals(Set.of("First Name"), parsed("\"First Name\" <> ''").columnsRead());
    }

    @Test
    void functionNamesAndValueKeywordsAreNotColumns() {
        Expression e = parsed("created_at <= CURRENT_TIMESTAMP AND now() > created_at AND TRUE AND status IS NOT NULL");
        assertEquals(Set.of("created_at", "status"), e.columnsRead());
    }

    @Test
    void qualifiedColumnReadsTheColumn() {
        assertEquals(Set.of("price"), parsed("t.price > 0").columnsRead());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "price >= (0)::numeric", "status::character varying(20) <> 'x'", "tags = '{}'::text[]",
            "tags = ARRAY[]::text[]", "status = 'pending'::public.order_status", "email ~ '^a'", "email ~* 'a'",
            "email !~ 'a'", "status IS NOT DISTINCT FROM 'x'", "qty IN (1, 2)", "qty BETWEEN 1 AND 2",
            "CASE WHEN qty > 0 THEN 'y' ELSE 'n' END = 'y'", "coalesce(qty, 0) > 0", "email LIKE 'a%'",
            "email ILIKE 'a%'", "email || 'x' <> ''", "now()", "CURRENT_TIMESTAMP", "gen_random_uuid()",
            "nextval('public.seq'::regclass)", "'it''s'", "-1", "1.5e3", "ARRAY[1, 2]", "interval '1 day'",
            "date_trunc('day', created_at)", "lower(email)", "qty = ANY (ARRAY[1, 2])", "NOT discontinued",
            "\"First Name\" <> ''", "qty % 2 = 0"})
    void postgresSyntaxIsUnderstood(String sql) {
        Expression e = parsed(sql);
        assertFalse(e.passthrough(), () -> sql + ": " + e.passthroughReason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"E'a\\nb'", "data -> 'k' = '1'", "data ->> 'k' = 'v'", "data @> '{}'", "email COLLATE \"C\" > 'a'"})
    void constructsCalciteCannotReadPassThroughWithAReason(String sql) {
        Expression e = parsed(sql);
        assertTrue(e.passthrough());
        assertTrue(e.passthroughReason().orElseThrow().contains("not understood by the Calcite parser"));
        assertEquals(sql, e.toPostgres());
    }

    @Test
    void passthroughColumnsComeFromTheFallbackTokenizer() {
        assertEquals(Set.of("data", "email"), parsed("data->>'email' = email").columnsRead());
    }

    @Test
    void passthroughOverApproximatesColumnsSpelledLikeAFunction() {
        var result = Expressions.parse("id(data) @> '{}'", COLUMNS);
        assertEquals(Set.of("data", "id"), assertInstanceOf(ParseResult.Parsed.class, result).expression().columnsRead());
    }

    @Test
    void rendersWithQuotedIdentifiersAndCanonicalTypes() {
        assertEquals("(\"First Name\" || 'x')::character varying(20)", parsed("(\"First Name\" || 'x')::varchar(20)").toPostgres());
        assertEquals("(price >= 0) AND (qty IN (1, 2))", parsed("PRICE >= 0 and qty in (1,2)").toPostgres());
        assertEquals("'pending'::public.order_status", parsed("'pending'::public.order_status").toPostgres());
        assertEquals("'1 day'::interval", parsed("interval '1 day'").toPostgres());
        assertEquals("email !~ 'x'", parsed("email !~ 'x'").toPostgres());
        assertEquals("email LIKE 'a%'", parsed("email ~~ 'a%'").toPostgres());
    }

    @Test
    void renderingKeepsStringEscapes() {
        assertEquals("status = 'it''s'", parsed("status = 'it''s'").toPostgres());
    }

    @Test
    void renderedSqlParsesBackToTheSameRendering() {
        String once = parsed("coalesce(qty,0) BETWEEN -1 AND 1.5e3 OR status NOT IN ('a') AND NOT discontinued").toPostgres();
        assertEquals(once, parsed(once).toPostgres());
    }

    @org.junit.jupiter.api.Test
    void aQuotedReservedWordInParenthesesIsAColumnNotTheUserKeyword() {
        var parsed = (ParseResult.Parsed) Expressions.parse("coalesce((\"user\")::text, 'none')", java.util.Set.of("user", "id"));
        org.junit.jupiter.api.Assertions.assertEquals(java.util.Set.of("user"), parsed.expression().columnsRead());
        org.junit.jupiter.api.Assertions.assertTrue(parsed.expression().toPostgres().contains("\"user\""), parsed.expression().toPostgres());
    }
}
