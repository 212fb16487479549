package dev.strata.sql;

import java.util.Objects;

/** SQL string literals, assuming {@code standard_conforming_strings = on} (the default since 9.1). */
public final class Literals {

    private Literals() {}

    /**
     * {@code body} as a dollar-quoted string whose tag ({@code $strata$}, {@code $strata1$}, …) does not occur in
     * it, so no text inside can end the quote early.
     */
    public static String dollarQuoted(String body) {
        String tag = "$strata$";
        for (int i = 1; body.contains(tag); i++) {
            tag = "$strata" + i + "$";
        }
        return tag + body + tag;
    }

    public static String quote(String value) {
        Objects.requireNonNull(value, "value");
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a SQL string cannot contain NUL");
        }
        return "'" + value.replace("'", "''") + "'";
    }
}
