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

    public static String quote(String value) {
        Objects.requireNonNull(value, "value");
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a SQL string cannot contain NUL");
        }
        String quoted = "'" + value.replace("'", "''").replace("\\", "\\\\") + "'";
        return value.indexOf('\\') >= 0 ? "E" + quoted : quoted;
    }
}
