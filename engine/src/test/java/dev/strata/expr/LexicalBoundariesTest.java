package dev.strata.expr;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where a string, quoted name or comment ends, Strata's lexer must agree with PostgreSQL's (and psql's
 * and pgjdbc's): where they disagree, text Strata took for part of one expression runs as SQL of its own.
 */
class LexicalBoundariesTest {

    private static final Set<String> COLUMNS = Set.of("id", "x");

    private static ExpressionError refused(String sql) {
        return assertInstanceOf(ParseResult.Invalid.class, Expressions.parse(sql, COLUMNS), sql).errors().getFirst();
    }

    private static Expression accepted(String sql) {
        return assertInstanceOf(ParseResult.Parsed.class, Expressions.parse(sql, COLUMNS), sql).expression();
    }

    @Test
    void aCarriageReturnEndsADashCommentForTheServerSoEveryDashCommentIsRefused() {
        assertEquals(new ExpressionError(ExpressionTokens.COMMENT_REFUSED, 1, 3),
                refused("1 --\r); DROP TABLE victim; SELECT (1"));
        assertEquals(new ExpressionError(ExpressionTokens.COMMENT_REFUSED, 2, 3), refused("1 +\n2 -- two"));
    }

    @Test
    void blockCommentsNestOnTheServerSoEveryBlockCommentIsRefused() {
        assertEquals(ExpressionTokens.COMMENT_REFUSED, refused("1 /* /* */ ); DROP TABLE victim; /* */").message());
        assertEquals(ExpressionTokens.COMMENT_REFUSED, refused("x /* note */ > 0").message());
    }

    @Test
    void aDashCommentStartingInsideAnOperatorIsRefused() {
        assertEquals(new ExpressionError(ExpressionTokens.COMMENT_REFUSED, 1, 4), refused("1 +-- x\n+ 1"));
        assertEquals(new ExpressionError(ExpressionTokens.COMMENT_REFUSED, 1, 4), refused("x <-- 1"));
    }

    @Test
    void commentMarkersInsideStringsAndQuotedNamesAreText() {
        accepted("x::text <> '-- not a comment /* either */'");
        assertEquals(Set.of("x--y/*"), Expressions.words("\"x--y/*\" + 1"));
        accepted("$tag$ -- ; /* $tag$ IS NOT NULL");
    }

    @Test
    void everyNonAsciiCharacterIsAnIdentifierCharacterAsForTheServer() {
        // The server reads x<EM SPACE>$$ as one identifier, so $$ opens no string there and the rest is SQL.
        assertTrue(refused("x\u2003$$); DROP TABLE victim; SELECT ($$").message().startsWith("unbalanced"));
        assertEquals(Set.of("naïve"), Expressions.words("naïve + 1"));
    }

    @Test
    void aDollarQuoteEndsAtItsOwnTagAndATagStartsNoIdentifierInTheMiddleOfAWord() {
        assertTrue(refused("$$ $$); DROP TABLE victim; SELECT ($$").message().startsWith("unbalanced"));
        accepted("$a$ $$ $a$ IS NOT NULL");
        assertEquals(Set.of("x$$"), Expressions.words("x$$ + 1"));
    }

    @Test
    void anEscapeStringTakesTheCharacterAfterEachBackslash() {
        assertTrue(refused("E'\\\\'); DROP TABLE victim; --'").message().startsWith("unbalanced"));
        accepted("x::text = E'it\\'s'");
        assertEquals("unterminated string literal", refused("E'\\'); DROP TABLE victim; --").message());
    }

    @Test
    void bitAndHexStringsEndAtTheirFirstQuote() {
        // B'0' then a second string: two tokens for the server, so two here (an expression error, not one string).
        assertEquals(Set.of(), Expressions.words("B'0''); DROP TABLE victim; SELECT (''"));
        accepted("x::bit(2) = B'01'");
    }

    @Test
    void aStringContinuedOnTheNextLineIsRefusedAsItKeepsTheEscapesOfItsFirstPart() {
        // The server reads '\'; ... \'' as the second part of the escape string, not as a plain string.
        assertEquals(new ExpressionError("a string continued on the next line is not allowed; join the parts with ||", 2, 1),
                refused("E'x'\n'\\'; DROP TABLE victim; SELECT \\''"));
        refused("'a' \r\n '\\' || ' ; DROP TABLE victim; SELECT '");
        accepted("x::text = 'a' || 'b'");
        accepted("x::text = 'a'\n|| 'b'");
    }

    @Test
    void unicodeStringsAndNamesKeepTheirBoundaries() {
        accepted("x::text = U&'d\\0061t\\+000061'");
        assertEquals(Set.of("d\\0061t"), Expressions.words("U&\"d\\0061t\" + 1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\! touch /tmp/pwned", "1 \\gexec", "'DROP TABLE victim' \\gexec", "x \\; y"})
    void aBackslashOutsideAStringIsRefusedAsPsqlWouldRunItAsAMetaCommand(String sql) {
        assertTrue(refused(sql).message().startsWith("unexpected backslash"), sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1 +\u000b1", "1 +\u00001", "1\u0007", "x\u001b = 1"})
    void controlCharactersOtherThanThePostgresWhiteSpaceAreRefused(String sql) {
        refused(sql);
    }

    @Test
    void postgresWhiteSpaceIsWhiteSpace() {
        accepted("x\t>\r\n0\f");
    }

    @Test
    void aSemicolonAnywhereInAnExpressionIsRefused() {
        assertEquals("unbalanced ')'", refused("1); DROP TABLE victim; SELECT (1").message());
        assertEquals("';' is not allowed in an expression", refused("x > 0; DROP TABLE victim").message());
    }

    // ---- view queries ----

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT 1", "select id from public.t;", "WITH a AS (SELECT 1) SELECT * FROM a", "VALUES (1), (2)",
            "TABLE public.t", "(SELECT 1) UNION (SELECT 2)",
            " SELECT t.id,\n    t.x\n   FROM t\n  WHERE t.x > 0;"})
    void aViewQueryIsOneSelectWithValuesOrTableQuery(String sql) {
        assertEquals(Optional.empty(), Expressions.checkQuery(sql), sql);
    }

    @Test
    void aViewQueryWithASecondStatementIsRefusedAtTheSemicolon() {
        assertEquals(Optional.of(new ExpressionError("a view is one query: ';' may only end it", 1, 9)),
                Expressions.checkQuery("SELECT 1; DROP TABLE victim"));
        assertEquals("a view is one query: ';' may only end it",
                Expressions.checkQuery("SELECT 1; COMMIT; DROP TABLE victim").orElseThrow().message());
        assertEquals("a view is one query: ';' may only end it", Expressions.checkQuery("SELECT 1;;").orElseThrow().message());
    }

    @Test
    void aViewQueryMustBeAQuery() {
        assertEquals("a view query starts with SELECT, WITH, VALUES or TABLE",
                Expressions.checkQuery("DROP TABLE victim").orElseThrow().message());
        assertEquals("view query is empty", Expressions.checkQuery("  ").orElseThrow().message());
    }

    @Test
    void aViewQueryFollowsTheExpressionLexer() {
        assertEquals(ExpressionTokens.COMMENT_REFUSED, Expressions.checkQuery("SELECT 1 --\r; DROP TABLE victim").orElseThrow().message());
        assertEquals("'(' is never closed", Expressions.checkQuery("SELECT (1").orElseThrow().message());
        assertTrue(Expressions.checkQuery("SELECT 1 \\g").orElseThrow().message().startsWith("unexpected backslash"));
    }
}
