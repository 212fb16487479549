package dev.strata.connect;

import dev.strata.diagnostics.StrataException;

import java.util.List;

/** The sslmode values libpq and pgjdbc share. */
final class SslModes {

    static final List<String> ALL = List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    private SslModes() {}

    /** The value never appears in the message: it may be a mis-split piece of a password. */
    static String require(String value, String where) {
        if (!ALL.contains(value)) {
            throw new StrataException(where + " must be one of " + String.join(", ", ALL));
        }
        return value;
    }
}
