package dev.strata.diagnostics;

/**
 * An operational failure (unreachable server, missing permission, file not writable) with a
 * one-line message that says what to do. The CLI prints the message and nothing else; it must
 * never contain a password.
 */
public class StrataException extends RuntimeException {

    public StrataException(String message) {
        super(message, null, false, false);
    }

    public StrataException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
