package dev.strata.catalog;

import dev.strata.sql.Lexer;
import dev.strata.sql.Lexer.Token;

import java.util.List;

/** Pure helpers for the SQL text PostgreSQL prints back. */
final class SqlText {

    private SqlText() {}

    /**
     * Removes one pair of parentheses that wraps the whole expression, as {@code pg_get_expr}
     * adds around checks, predicates and generated expressions; {@code (a) AND (b)} is left alone.
     */
    static String stripOuterParentheses(String sql) {
        String s = sql.strip();
        List<Token> tokens;
        try {
            tokens = Lexer.tokens(s);
        } catch (Lexer.LexError e) {
            return s;
        }
        if (tokens.size() < 2 || !tokens.getFirst().is("(") || !tokens.getLast().is(")")
                || tokens.getLast().end() != s.length()) {
            return s;
        }
        int depth = 0;
        for (int i = 0; i < tokens.size() - 1; i++) {
            if (tokens.get(i).is("(")) {
                depth++;
            } else if (tokens.get(i).is(")") && --depth == 0) {
                return s;
            }
        }
        return s.substring(1, s.length() - 1).strip();
    }

    /** {@code pg_get_viewdef} output without the leading indentation and the trailing semicolon. */
    static String viewDefinition(String viewdef) {
        String s = viewdef.strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).stripTrailing();
        }
        return s;
    }
}
