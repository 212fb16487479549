package dev.strata.execute;

import dev.strata.diagnostics.StrataException;

/**
 * A refusal to continue an open migration because its tables or its desired schema changed since it started: nothing
 * was run. Its own type so that the CLI can give it its own exit code (scripts retrying an apply must not retry this).
 */
public final class DriftException extends StrataException {

    public DriftException(String message) {
        super(message);
    }
}
