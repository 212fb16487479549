package dev.strata.yaml;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The little SQL reading that name derivation needs, without a parser. Approximations: any
 * identifier outside string literals that equals a column name counts as a reference to it (so a
 * function or type spelled like a column counts too), and an index expression is named after its
 * outermost function or cast; anything else is {@code expr}.
 */
final class ExpressionNames {

    private ExpressionNames() {}

    /** The columns among {@code columns} that the expression mentions, in first-mention order. */
    static Set<String> referencedColumns(String sql, List<String> columns) {
        Set<String> found = new LinkedHashSet<>();
        for (String identifier : identifiers(sql)) {
            if (columns.contains(identifier)) {
                found.add(identifier);
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
        String s = stripParentheses(sql.strip());
        List<String> ids = identifiers(s);
        boolean single = ids.size() == 1 && (s.matches("[A-Za-z_][A-Za-z0-9_$]*") || s.matches("\"([^\"]|\"\")+\""));
        return single && columns.contains(ids.get(0)) ? Optional.of(ids.get(0)) : Optional.empty();
    }

    /** {@code FigureIndexColname}: the function name of {@code lower(x)}, the type of a cast, else {@code expr}. */
    static String indexColumnName(String sql, List<String> columns) {
        String s = stripParentheses(sql.strip());
        int cast = topLevelCast(s);
        if (cast >= 0) {
            String inner = stripParentheses(s.substring(0, cast).strip());
            String figured = functionName(inner).or(() -> bareColumn(inner, columns)).orElse("");
            if (!figured.isEmpty()) {
                return figured;
            }
            List<String> typeWords = identifiers(s.substring(cast + 2).replaceAll("\\(.*", ""));
            return typeWords.isEmpty() ? "expr" : typeWords.get(typeWords.size() - 1);
        }
        return functionName(s).orElse("expr");
    }

    /** {@code name(...)} or {@code schema.name(...)} spanning the whole text. */
    private static Optional<String> functionName(String s) {
        int open = s.indexOf('(');
        if (open <= 0 || !s.endsWith(")") || matchingParenthesis(s, open) != s.length() - 1) {
            return Optional.empty();
        }
        String head = s.substring(0, open).strip();
        if (!head.matches("(([A-Za-z_][A-Za-z0-9_$]*|\"([^\"]|\"\")+\")\\s*\\.\\s*)?([A-Za-z_][A-Za-z0-9_$]*|\"([^\"]|\"\")+\")")) {
            return Optional.empty();
        }
        List<String> parts = identifiers(head);
        return parts.isEmpty() ? Optional.empty() : Optional.of(parts.get(parts.size() - 1));
    }

    private static String stripParentheses(String s) {
        while (s.startsWith("(") && matchingParenthesis(s, 0) == s.length() - 1) {
            s = s.substring(1, s.length() - 1).strip();
        }
        return s;
    }

    /** Index of the last {@code ::} outside parentheses and quotes, or -1. */
    private static int topLevelCast(String s) {
        int depth = 0;
        int last = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                i = skipQuoted(s, i, c);
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ':' && depth == 0 && i + 1 < s.length() && s.charAt(i + 1) == ':') {
                last = i;
                i++;
            }
        }
        return last;
    }

    private static int matchingParenthesis(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                i = skipQuoted(s, i, c);
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Identifiers outside string literals: bare ones folded to lower case, quoted ones exact. */
    static List<String> identifiers(String sql) {
        List<String> result = new ArrayList<>();
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\'') {
                i = skipQuoted(sql, i, '\'') + 1;
            } else if (c == '"') {
                int end = skipQuoted(sql, i, '"');
                result.add(sql.substring(i + 1, Math.min(end, sql.length())).replace("\"\"", "\""));
                i = end + 1;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
                    i++;
                }
                result.add(downcase(sql.substring(start, i)));
            } else if (Character.isDigit(c)) {
                while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
                    i++;
                }
            } else {
                i++;
            }
        }
        return result;
    }

    /** PostgreSQL folds only ASCII letters of unquoted identifiers. */
    private static String downcase(String word) {
        StringBuilder b = new StringBuilder(word.length());
        word.chars().forEach(ch -> b.append(ch >= 'A' && ch <= 'Z' ? (char) (ch + 32) : (char) ch));
        return b.toString();
    }

    /** Index of the closing quote of a literal or quoted identifier starting at {@code start}. */
    private static int skipQuoted(String s, int start, char quote) {
        int i = start + 1;
        while (i < s.length()) {
            if (s.charAt(i) == quote) {
                if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i;
            }
            i++;
        }
        return s.length();
    }
}
