package dev.strata.diff;

import dev.strata.sql.Identifiers;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Finds the column references in an SQL expression of a single table (check, index key, partial
 * index predicate) at the token level, without a full parser: an identifier, bare or quoted,
 * outside string literals, that is neither a function name (followed by {@code (}) nor a type name
 * (after {@code ::}). Bare words fold to lower case as PostgreSQL does. Good enough to tell which
 * constraints a dropped column takes with it and to translate renamed columns before comparing;
 * a column named like an SQL keyword used bare (it would have to be quoted) is not told apart.
 */
public final class ColumnReferences {

    private ColumnReferences() {}

    public static boolean mentions(String sql, String column) {
        boolean[] found = {false};
        scan(sql, reference -> found[0] |= reference.name.equals(column));
        return found[0];
    }

    /** The expression with every reference to a key of {@code renames} replaced by its quoted value. */
    public static String rename(String sql, Map<String, String> renames) {
        if (renames.isEmpty()) {
            return sql;
        }
        var out = new StringBuilder();
        int[] copied = {0};
        scan(sql, reference -> {
            String target = renames.get(reference.name);
            if (target != null) {
                out.append(sql, copied[0], reference.start).append(Identifiers.quote(target));
                copied[0] = reference.end;
            }
        });
        return out.append(sql, copied[0], sql.length()).toString();
    }

    private record Reference(String name, int start, int end) {}

    private static void scan(String sql, Consumer<Reference> sink) {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'') {
                i = skipQuoted(sql, i, '\'');
            } else if (c == '"') {
                int end = skipQuoted(sql, i, '"');
                String name = sql.substring(i + 1, Math.max(i + 1, end - 1)).replace("\"\"", "\"");
                report(sql, name, i, end, sink);
                i = end;
            } else if (c == '$' && dollarTagEnd(sql, i) > 0) {
                String tag = sql.substring(i, dollarTagEnd(sql, i));
                int close = sql.indexOf(tag, i + tag.length());
                i = close < 0 ? n : close + tag.length();
            } else if (Character.isLetter(c) || c == '_') {
                int end = i + 1;
                while (end < n && isWordPart(sql.charAt(end))) {
                    end++;
                }
                report(sql, sql.substring(i, end).toLowerCase(Locale.ROOT), i, end, sink);
                i = end;
            } else if (Character.isDigit(c)) {
                while (i < n && (isWordPart(sql.charAt(i)) || sql.charAt(i) == '.')) {
                    i++;
                }
            } else {
                i++;
            }
        }
    }

    private static void report(String sql, String name, int start, int end, Consumer<Reference> sink) {
        if (!followedByParenthesis(sql, end) && !precededByCast(sql, start)) {
            sink.accept(new Reference(name, start, end));
        }
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /** Index just past the closing quote; a doubled quote is an escaped one. */
    private static int skipQuoted(String sql, int open, char quote) {
        int i = open + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    /** End of a {@code $tag$} opening at {@code i}, or -1. */
    private static int dollarTagEnd(String sql, int i) {
        int j = i + 1;
        while (j < sql.length() && (Character.isLetter(sql.charAt(j)) || sql.charAt(j) == '_')) {
            j++;
        }
        return j < sql.length() && sql.charAt(j) == '$' ? j + 1 : -1;
    }

    private static boolean followedByParenthesis(String sql, int end) {
        int j = end;
        while (j < sql.length() && Character.isWhitespace(sql.charAt(j))) {
            j++;
        }
        return j < sql.length() && sql.charAt(j) == '(';
    }

    private static boolean precededByCast(String sql, int start) {
        int j = start - 1;
        while (j >= 0 && Character.isWhitespace(sql.charAt(j))) {
            j--;
        }
        return j >= 1 && sql.charAt(j) == ':' && sql.charAt(j - 1) == ':';
    }
}
