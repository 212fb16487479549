package dev.strata.yaml;

import dev.strata.sql.Lexer;
import dev.strata.sql.Lexer.Token;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The little SQL reading that name derivation needs, over {@link Lexer}'s tokens, without a parser. Approximations:
 * any identifier outside strings that equals a column name counts as a reference to it (so a function or type
 * spelled like a column counts too), and an index expression is named after its outermost function or cast;
 * anything else is {@code expr}. Text that does not lex names nothing (it is refused elsewhere).
 */
final class ExpressionNames {

    private ExpressionNames() {}

    /** The columns among {@code columns} that the expression mentions, in first-mention order. */
    static Set<String> referencedColumns(String sql, List<String> columns) {
        Set<String> found = new LinkedHashSet<>();
        for (Token t : tokens(sql)) {
            if (t.isName() && columns.contains(t.value())) {
                found.add(t.value());
            }
        }
        return found;
    }

    /** The single column a check reads, which PostgreSQL puts into the derived name. */
    static Optional<String> singleColumn(String sql, List<String> columns) {
        Set<String> found = referencedColumns(sql, columns);
        return found.size() == 1 ? Optional.of(found.iterator().next()) : Optional.empty();
    }

    /** The column an expression consists of, when it is just one (possibly quoted, parenthesised) identifier. */
    static Optional<String> bareColumn(String sql, List<String> columns) {
        return bareColumn(stripParentheses(tokens(sql)), columns);
    }

    private static Optional<String> bareColumn(List<Token> tokens, List<String> columns) {
        boolean single = tokens.size() == 1 && tokens.getFirst().isName();
        return single && columns.contains(tokens.getFirst().value()) ? Optional.of(tokens.getFirst().value())
                : Optional.empty();
    }

    /** {@code FigureIndexColname}: the function name of {@code lower(x)}, the type of a cast, else {@code expr}. */
    static String indexColumnName(String sql, List<String> columns) {
        List<Token> s = stripParentheses(tokens(sql));
        int cast = topLevelCast(s);
        if (cast >= 0) {
            List<Token> inner = stripParentheses(s.subList(0, cast));
            String figured = functionName(inner).or(() -> bareColumn(inner, columns)).orElse("");
            if (!figured.isEmpty()) {
                return figured;
            }
            List<Token> type = s.subList(cast + 1, s.size());
            String last = "expr";
            for (Token t : type) {
                if (t.is("(")) {
                    break;
                }
                if (t.isName()) {
                    last = t.value();
                }
            }
            return last;
        }
        return functionName(s).orElse("expr");
    }

    /** {@code name(...)} or {@code schema.name(...)} spanning the whole text. */
    private static Optional<String> functionName(List<Token> s) {
        int open = s.size() > 1 && s.get(1).is("(") ? 1 : s.size() > 3 && s.get(3).is("(") ? 3 : -1;
        if (open < 0 || matchingParenthesis(s, open) != s.size() - 1) {
            return Optional.empty();
        }
        boolean name = s.getFirst().isName() && (open == 1 || s.get(1).is(".") && s.get(2).isName());
        return name ? Optional.of(s.get(open - 1).value()) : Optional.empty();
    }

    private static List<Token> stripParentheses(List<Token> s) {
        while (!s.isEmpty() && s.getFirst().is("(") && matchingParenthesis(s, 0) == s.size() - 1) {
            s = s.subList(1, s.size() - 1);
        }
        return s;
    }

    /** Index of the last {@code ::} outside parentheses, or -1. */
    private static int topLevelCast(List<Token> s) {
        int depth = 0;
        int last = -1;
        for (int i = 0; i < s.size(); i++) {
            Token t = s.get(i);
            if (t.is("(")) {
                depth++;
            } else if (t.is(")")) {
                depth--;
            } else if (t.is("::") && depth == 0) {
                last = i;
            }
        }
        return last;
    }

    private static int matchingParenthesis(List<Token> s, int open) {
        int depth = 0;
        for (int i = open; i < s.size(); i++) {
            if (s.get(i).is("(")) {
                depth++;
            } else if (s.get(i).is(")") && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static List<Token> tokens(String sql) {
        try {
            return Lexer.tokens(sql);
        } catch (Lexer.LexError e) {
            return List.of();
        }
    }
}
