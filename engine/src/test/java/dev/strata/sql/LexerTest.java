package dev.strata.sql;

import dev.strata.sql.Lexer.Comments;
import dev.strata.sql.Lexer.Kind;
import dev.strata.sql.Lexer.LexError;
import dev.strata.sql.Lexer.Token;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** PostgreSQL's lexical rules (scan.l), without a server. */
class LexerTest {

    private static List<Token> lex(String sql) throws LexError {
        return Lexer.tokens(sql, Comments.KEEP);
    }

    private static List<String> values(String sql) throws LexError {
        return lex(sql).stream().map(Token::value).toList();
    }

    private static List<Kind> kinds(String sql) throws LexError {
        return lex(sql).stream().map(Token::kind).toList();
    }

    @Test
    void bareIdentifiersFoldOnlyAsciiLetters() throws LexError {
        assertEquals(List.of("foo", "Äbc", "straße", "ǅx", "\u212A"), values("FOO ÄBC STRAßE ǅX \u212A"));
        assertEquals("Äbc", Lexer.fold("ÄBC"));
    }

    @Test
    void quotedIdentifiersKeepTheirCaseAndUndoDoubledQuotes() throws LexError {
        Token t = lex("\"My \"\"Table\"\"\"").getFirst();
        assertEquals(Kind.QUOTED_WORD, t.kind());
        assertEquals("My \"Table\"", t.value());
        assertEquals(Kind.QUOTED_WORD, lex("U&\"d\\0061t\"").getFirst().kind());
    }

    @Test
    void aDollarSignContinuesAnIdentifierAndStartsNoQuoteInsideOne() throws LexError {
        assertEquals(List.of("a$b$", "+", "1"), values("a$b$ + 1"));
    }

    @Test
    void stringsUndoDoubledQuotes() throws LexError {
        Token t = lex("'it''s'").getFirst();
        assertEquals(Kind.STRING, t.kind());
        assertEquals("it's", t.value());
        assertEquals(1, lex("'it''s'").size());
    }

    @Test
    void anEscapeStringTakesTheCharacterAfterABackslash() throws LexError {
        List<Token> tokens = lex("E'\\'' || x");
        assertEquals(List.of(Kind.ESCAPE_STRING, Kind.OPERATOR, Kind.WORD), tokens.stream().map(Token::kind).toList());
        assertEquals("E'\\''", tokens.getFirst().text());
        assertEquals(List.of(Kind.ESCAPE_STRING), kinds("e'a\\\\'"));
        // Without the E, a backslash is a character like any other (standard_conforming_strings).
        assertEquals(List.of(Kind.STRING, Kind.OPERATOR, Kind.STRING), kinds("'a\\' || 'b'"));
    }

    @Test
    void bitAndHexStringsEndAtTheFirstQuote() throws LexError {
        assertEquals(List.of(Kind.OTHER_STRING, Kind.STRING), kinds("B'01''0'"));
        assertEquals(List.of(Kind.OTHER_STRING), kinds("X'1F'"));
    }

    @Test
    void dollarQuotesEndAtTheirOwnTag() throws LexError {
        List<Token> tokens = lex("$$ it's $$ || $fn$ $$ -- /* 'x $fn$ || $a_1$b$a_1$");
        assertEquals(List.of(Kind.OTHER_STRING, Kind.OPERATOR, Kind.OTHER_STRING, Kind.OPERATOR, Kind.OTHER_STRING),
                tokens.stream().map(Token::kind).toList());
        assertEquals(" it's ", tokens.get(0).value());
        assertEquals(" $$ -- /* 'x ", tokens.get(2).value());
        assertEquals("b", tokens.get(4).value());
        assertEquals(List.of(Kind.PARAMETER, Kind.OPERATOR, Kind.PARAMETER), kinds("$1 + $23"));
    }

    @Test
    void blockCommentsNest() throws LexError {
        List<Token> tokens = lex("a /* one /* two */ still one */ b");
        assertEquals(List.of("a", " one /* two */ still one ", "b"), tokens.stream().map(Token::value).toList());
        assertEquals(Kind.COMMENT, tokens.get(1).kind());
        assertEquals(List.of("a", "b"), Lexer.tokens("a /* /* */ */ b").stream().map(Token::value).toList());
    }

    @Test
    void aDashCommentEndsAtALineBreakOrACarriageReturn() throws LexError {
        assertEquals(List.of("a", " x", "b", " y", "c"), values("a -- x\rb -- y\nc"));
    }

    @Test
    void anOperatorStopsWhereACommentStarts() throws LexError {
        assertEquals(List.of("<", " 1"), values("<-- 1"));
        assertEquals(List.of("+", "", "1"), values("+/**/1"));
    }

    @Test
    void operatorsLoseATrailingSignUnlessTheyHoldAnotherOperatorCharacter() throws LexError {
        assertEquals(List.of("1", "*", "-", "2"), values("1*-2"));
        assertEquals(List.of("a", "@-", "b"), values("a @- b"));
        assertEquals(List.of("a", "::", "text", "<>", "b"), values("a::text<>b"));
    }

    @Test
    void numbersAndPunctuation() throws LexError {
        assertEquals(List.of(Kind.NUMBER, Kind.PUNCT, Kind.NUMBER, Kind.PUNCT, Kind.WORD, Kind.PUNCT, Kind.NUMBER,
                Kind.PUNCT), kinds("1.5e-3,.5;a[1]"));
        assertEquals(List.of("1.5e-3", ",", ".5"), values("1.5e-3,.5"));
    }

    @Test
    void whatDoesNotLexIsAnErrorAtItsPosition() {
        assertError("'abc", "unterminated string literal", 0, 1, 1);
        assertError("x = 'it''s", "unterminated string literal", 4, 1, 5);
        assertError("E'\\'", "unterminated string literal", 0, 1, 1);
        assertError("a\n/* /* */ b", "unterminated /* comment", 2, 2, 1);
        assertError("$x$ body $y$", "unterminated dollar-quoted string", 0, 1, 1);
        assertError("\"abc", "unterminated quoted identifier", 0, 1, 1);
        assertError("\"\"", "zero-length quoted identifier", 0, 1, 1);
        assertError("1 + \\x", "unexpected backslash outside a string (psql would read it as a meta-command)", 4, 1, 5);
    }

    private static void assertError(String sql, String message, int offset, int line, int column) {
        LexError e = assertThrows(LexError.class, () -> lex(sql), sql);
        assertEquals(message, e.getMessage(), sql);
        assertEquals(offset, e.offset(), sql);
        assertEquals(line, e.line(), sql);
        assertEquals(column, e.column(), sql);
    }

    @Test
    void aNulByteIsAnErrorAtItsPositionWhereverItStands() {
        for (String sql : List.of("a\u0000", "'a\u0000'", "/* \u0000 */", "$$\u0000$$", "\"\u0000\"")) {
            LexError e = assertThrows(LexError.class, () -> lex(sql), sql);
            assertEquals("NUL is not allowed in SQL text", e.getMessage());
            assertEquals(sql.indexOf('\0'), e.offset());
        }
    }

    @Test
    void aStringContinuedAfterALineBreakIsRefusedWhereItContinues() {
        LexError e = assertThrows(LexError.class, () -> lex("E'x'\n'\\' || 1"));
        assertEquals(2, e.line());
        assertEquals(1, e.column());
    }

    @Test
    void refusedCommentsAreRefusedWhereTheyStartEvenWhenTheyNeverEnd() {
        LexError e = assertThrows(LexError.class, () -> Lexer.tokens("1 /* /* */", Comments.REFUSE));
        assertEquals(Lexer.COMMENT_REFUSED, e.getMessage());
        assertEquals(2, e.offset());
    }

    @Test
    void tokensKnowWhereTheyAreWritten() throws LexError {
        Token t = lex("  \"Ab\" ").getFirst();
        assertEquals(2, t.start());
        assertEquals(6, t.end());
        assertEquals("\"Ab\"", t.text());
    }
}
