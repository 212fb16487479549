package dev.strata.sql;

import java.util.Objects;

/**
 * SQL string literals whose meaning does not depend on {@code standard_conforming_strings}: a value
 * without a backslash is a plain {@code '...'} literal (the same under either setting); one with a
 * backslash is an escape string {@code E'...'} with each backslash doubled, which the server, psql and
 * pgjdbc all read the same way whatever the setting.
 */
public final class Literals {

    private Literals() {}

    /**
     * {@code body} as a dollar-quoted string whose tag ({@code $strata$}, {@code $strata1$}, …) does not occur in
     * it, so no text inside can end the quote early.
     */
    public static String dollarQuoted(String body) {
        String tag = "$strata$";
        // Nor may the body end in the start of the tag: "x$strata" + "$strata$" closes one character early.
        for (int i = 1; body.contains(tag) || (body + tag).indexOf(tag) < body.length(); i++) {
            tag = "$strata" + i + "$";
        }
        return tag + body + tag;
    }

    public static String quote(String value) {
        Objects.requireNonNull(value, "value");
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a SQL string cannot contain NUL");
        }
        String quoted = "'" + value.replace("'", "''").replace("\\", "\\\\") + "'";
        return value.indexOf('\\') >= 0 ? "E" + quoted : quoted;
    }
}
