package dev.strata.plan.recipe;

import dev.strata.sql.Lexer.Token;
import dev.strata.sql.Lexer;

import java.util.List;
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
 * <p>It is a token scan ({@link Lexer}) rather than a parse: strings and comments are skipped, a word (or quoted
 * word) followed by {@code (} is a call, except when it is a SQL keyword
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
        List<Token> tokens;
        try {
            tokens = Lexer.tokens(sql);
        } catch (Lexer.LexError e) {
            return false; // text the server would not read either: nothing to save a rewrite for
        }
        String previousWord = "";
        String previousToken = "";
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isName()) {
                String word = t.value();
                boolean followedByParenthesis = i + 1 < tokens.size() && tokens.get(i + 1).is("(");
                if (followedByParenthesis && isCall(word, previousToken, previousWord)) {
                    return false;
                }
                previousWord = word;
                previousToken = word;
            } else {
                // Strings count as one token: "::", "." and "AS" contexts are what isCall looks back at.
                previousToken = t.isString() ? "'" : t.text();
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
}
