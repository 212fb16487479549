package dev.strata.expr;

import dev.strata.sql.Lexer;
import dev.strata.sql.Lexer.LexError;
import dev.strata.sql.Lexer.Token;

import java.util.ArrayList;
import java.util.List;

/**
 * The tokens of SQL text that carries user input (expressions, view queries, statements that embed them), by
 * {@link Lexer}, under stricter rules: SQL comments are refused where they start (psql, pgjdbc and the server each
 * have their own comment lexer; a YAML {@code #} comment serves instead), and brackets must balance.
 */
final class ExpressionTokens {

    static final String COMMENT_REFUSED = Lexer.COMMENT_REFUSED + "; use a YAML # comment";

    private ExpressionTokens() {}

    /** The tokens, or the first error in the text: a bracket closed before a later lexical error counts first. */
    static List<Token> tokenize(String text) throws LexError {
        List<Token> tokens;
        try {
            tokens = Lexer.tokens(text, Lexer.Comments.REFUSE);
        } catch (LexError e) {
            List<Token> before;
            try {
                before = Lexer.tokens(text.substring(0, e.offset()), Lexer.Comments.REFUSE);
            } catch (LexError insideAToken) {
                before = List.of(); // the error lies inside a token (a NUL in a string): nothing before it to check
            }
            checkBrackets(text, before, false);
            throw e.getMessage().equals(Lexer.COMMENT_REFUSED) ? new LexError(COMMENT_REFUSED, text, e.offset()) : e;
        }
        checkBrackets(text, tokens, true);
        return tokens;
    }

    private static void checkBrackets(String text, List<Token> tokens, boolean complete) throws LexError {
        List<Token> open = new ArrayList<>();
        for (Token t : tokens) {
            if (t.is("(") || t.is("[")) {
                open.add(t);
            } else if (t.is(")") || t.is("]")) {
                String expected = t.is(")") ? "(" : "[";
                if (open.isEmpty() || !open.getLast().text().equals(expected)) {
                    throw new LexError("unbalanced '" + t.text() + "'", text, t.start());
                }
                open.removeLast();
            }
        }
        if (complete && !open.isEmpty()) {
            throw new LexError("'" + open.getLast().text() + "' is never closed", text, open.getLast().start());
        }
    }
}
