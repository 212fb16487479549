package dev.strata.expr;

import dev.strata.sql.Lexer.LexError;
import dev.strata.sql.Lexer.Token;

import java.util.List;

/**
 * Whether a piece of generated SQL is exactly one statement to PostgreSQL: it lexes by the server's
 * rules and no {@code ;} stands outside strings, quoted names and comments. Generated statements
 * that carry user text are checked here before they reach a server, as a second line behind the
 * validation of the YAML: text that could end a statement (and with it a transaction) never leaves.
 */
public final class SingleStatement {

    private SingleStatement() {}

    public static boolean isSingle(String sql) {
        List<Token> tokens;
        try {
            tokens = ExpressionTokens.tokenize(sql);
        } catch (LexError e) {
            return false;
        }
        return !tokens.isEmpty() && tokens.stream().noneMatch(t -> t.is(";"));
    }
}
