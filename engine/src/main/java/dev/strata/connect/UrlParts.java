package dev.strata.connect;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;

/**
 * What a connection URL spelled out; every part may be missing, to be filled from the PG*
 * environment variables. {@code parameters} use pgjdbc's property names.
 */
record UrlParts(Optional<String> user, Optional<String> password, Optional<String> host, OptionalInt port,
        Optional<String> database, SortedMap<String, String> parameters) {

    static UrlParts none() {
        return new UrlParts(Optional.empty(), Optional.empty(), Optional.empty(), OptionalInt.empty(),
                Optional.empty(), new java.util.TreeMap<>());
    }
}
