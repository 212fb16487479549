package dev.strata.plan.recipe;

import java.util.Locale;
import java.util.Set;

/**
 * Whether a default expression is non-volatile, so that {@code ADD COLUMN ... DEFAULT} stores one
 * value in the catalog instead of rewriting the table (docs/locks.md#row-2 and #row-3).
 *
 * <p>The rule is deliberately conservative: an expression is non-volatile only when every function
 * it calls is on the allow-list below. Casts, operators, literals and the SQL value keywords
 * ({@code CURRENT_TIMESTAMP}, {@code CURRENT_USER}, ...) are fine. Anything else, including
 * {@code gen_random_uuid()}, {@code random()}, {@code clock_timestamp()}, {@code nextval()} and every
 * function Strata does not know (it cannot see user functions' volatility offline), counts as
 * volatile. Mistaking a stable expression for a volatile one only costs a backfill; the reverse would
 * cost a table rewrite under ACCESS EXCLUSIVE.
 *
 * <p>It is a token scan rather than a parse: string literals, dollar quotes and comments are skipped,
 * a word (or quoted word) directly followed by {@code (} is a call, except when it is a SQL keyword
 * that takes parentheses ({@code IN (...)}, {@code CAST(...)}) or a type name with modifiers after
 * {@code ::} or {@code AS}.
 */
final class Volatility {

    /** Immutable or stable functions (pg_proc.provolatile &lt;&gt; 'v') that show up in defaults. */
    static final Set<String> NON_VOLATILE_FUNCTIONS = Set.of(
            // time: stable within a transaction
            "now", "current_timestamp", "current_date", "current_time", "localtimestamp", "localtime",
            "transaction_timestamp", "statement_timestamp", "date_trunc", "date_part", "extract",
            "make_date", "make_time", "make_timestamp", "make_timestamptz", "make_interval", "to_timestamp",
            "to_date", "to_char", "to_number", "timezone", "age",
            // text
            "lower", "upper", "initcap", "length", "char_length", "character_length", "octet_length",
            "trim", "btrim", "ltrim", "rtrim", "substring", "substr", "replace", "concat", "concat_ws",
            "left", "right", "lpad", "rpad", "repeat", "reverse", "md5", "format", "split_part", "position",
            "strpos", "translate", "quote_ident", "quote_literal", "overlay",
            // conditionals and math
            "coalesce", "nullif", "greatest", "least", "abs", "round", "trunc", "floor", "ceil", "ceiling",
            "mod", "power", "sqrt", "sign",
            // json and arrays
            "to_json", "to_jsonb", "json_build_object", "jsonb_build_object", "json_build_array",
            "jsonb_build_array", "array_length", "cardinality",
            // session
            "current_setting", "current_schema", "current_database");

    /** Keywords that are followed by parentheses without being function calls. */
    private static final Set<String> KEYWORDS = Set.of(
            "and", "or", "not", "in", "is", "as", "any", "all", "some", "then", "else", "when", "case",
            "end", "like", "ilike", "similar", "between", "cast", "row", "array", "distinct", "from", "at",
            "zone", "collate", "escape", "overlaps", "symmetric");

    /** Types written with modifiers: {@code numeric(10,2)}, {@code character varying(20)}, {@code time(3)}. */
    private static final Set<String> MODIFIED_TYPES = Set.of(
            "numeric", "decimal", "varchar", "varying", "char", "character", "bit", "varbit", "time",
            "timestamp", "timestamptz", "timetz", "interval", "float");

    private Volatility() {}

    static boolean isNonVolatile(String sql) {
        String previousWord = "";
        String previousToken = "";
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (sql.startsWith("--", i)) {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
            } else if (sql.startsWith("/*", i)) {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else if (c == '\'') {
                boolean escapeString = previousToken.equals("e") && (sql.charAt(i - 1) == 'e' || sql.charAt(i - 1) == 'E');
                i = skipString(sql, i, escapeString);
                previousToken = "'";
            } else if (c == '$' && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int close = sql.indexOf(tag, i + tag.length());
                i = close < 0 ? n : close + tag.length();
                previousToken = "'";
            } else if (c == '"' || Character.isLetter(c) || c == '_') {
                String word;
                if (c == '"') {
                    int close = i + 1;
                    var value = new StringBuilder();
                    while (close < n) {
                        if (sql.charAt(close) == '"') {
                            if (close + 1 < n && sql.charAt(close + 1) == '"') {
                                value.append('"');
                                close += 2;
                                continue;
                            }
                            break;
                        }
                        value.append(sql.charAt(close++));
                    }
                    word = value.toString();
                    i = close + 1;
                } else {
                    int start = i;
                    while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
                        i++;
                    }
                    word = sql.substring(start, i).toLowerCase(Locale.ROOT);
                }
                if (nextNonSpace(sql, i) == '(' && isCall(word, previousToken, previousWord)) {
                    return false;
                }
                previousWord = word;
                previousToken = word;
            } else {
                // Operators and punctuation: remember "::", "." and "AS" contexts via previousToken.
                if (sql.startsWith("::", i)) {
                    previousToken = "::";
                    i += 2;
                } else {
                    previousToken = String.valueOf(c);
                    i++;
                }
            }
        }
        return true;
    }

    private static boolean isCall(String word, String previousToken, String previousWord) {
        if (previousToken.equals(".")) {
            // Schema-qualified: only pg_catalog's own functions are known.
            return !(previousWord.equals("pg_catalog") && NON_VOLATILE_FUNCTIONS.contains(word));
        }
        if (KEYWORDS.contains(word)) {
            return false;
        }
        if (MODIFIED_TYPES.contains(word) && (previousToken.equals("::") || previousToken.equals("as")
                || previousToken.equals("character") || previousToken.equals("bit") || previousToken.equals("double"))) {
            return false;
        }
        if (word.equals("varying") && (previousToken.equals("character") || previousToken.equals("bit"))) {
            return false;
        }
        return !NON_VOLATILE_FUNCTIONS.contains(word);
    }

    private static char nextNonSpace(String sql, int from) {
        for (int i = from; i < sql.length(); i++) {
            if (!Character.isWhitespace(sql.charAt(i))) {
                return sql.charAt(i);
            }
        }
        return 0;
    }

    private static int skipString(String sql, int open, boolean backslashEscapes) {
        int i = open + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == '\'') {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return i;
    }

    /** The {@code $tag$} opening at {@code at}, or null when the dollar sign is not one. */
    private static String dollarTag(String sql, int at) {
        int i = at + 1;
        while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
            i++;
        }
        if (i < sql.length() && sql.charAt(i) == '$' && (i == at + 1 || !Character.isDigit(sql.charAt(at + 1)))) {
            return sql.substring(at, i + 1);
        }
        return null;
    }
}
