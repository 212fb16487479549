package dev.strata.model;

import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/** Invariants shared by every named model element. */
final class Names {

    /** PostgreSQL truncates identifiers to NAMEDATALEN - 1 bytes. */
    static final int MAX_IDENTIFIER_BYTES = 63;

    private Names() {}

    static String requireValid(String name, String what) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(what + " name must not be empty");
        }
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " name must not contain NUL: " + name);
        }
        return name;
    }

    static <T> List<T> sortedByName(List<T> items, Function<T, String> name) {
        return items.stream().sorted(Comparator.comparing(name)).toList();
    }
}
