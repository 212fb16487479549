package dev.strata.yaml;

import dev.strata.diagnostics.Diagnostic;

/** A place in a schema file; line and column are 1-based. */
public record Location(String file, int line, int column) {

    public Diagnostic diagnostic(String message) {
        return new Diagnostic(file, line, column, message);
    }
}
