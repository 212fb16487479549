package dev.strata.sql;

import java.util.Objects;

/** SQL string literals, assuming {@code standard_conforming_strings = on} (the default since 9.1). */
public final class Literals {

    private Literals() {}

    public static String quote(String value) {
        Objects.requireNonNull(value, "value");
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a SQL string cannot contain NUL");
        }
        return "'" + value.replace("'", "''") + "'";
    }
}
