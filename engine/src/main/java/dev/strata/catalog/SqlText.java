package dev.strata.catalog;

/** Pure helpers for the SQL text PostgreSQL prints back. */
final class SqlText {

    private SqlText() {}

    /**
     * Removes one pair of parentheses that wraps the whole expression, as {@code pg_get_expr}
     * adds around checks, predicates and generated expressions; {@code (a) AND (b)} is left alone.
     */
    static String stripOuterParentheses(String sql) {
        String s = sql.strip();
        if (s.length() < 2 || s.charAt(0) != '(' || s.charAt(s.length() - 1) != ')') {
            return s;
        }
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth == 0 && i < s.length() - 1) {
                    return s;
                }
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
