package dev.strata.diagnostics;

import java.util.Comparator;

/**
 * A problem in user input, located in a file. Printed as {@code file:line:column: message}, with
 * 1-based line and column like compilers print them.
 */
public record Diagnostic(String file, int line, int column, String message) implements Comparable<Diagnostic> {

    private static final Comparator<Diagnostic> ORDER = Comparator.comparing(Diagnostic::file)
            .thenComparingInt(Diagnostic::line)
            .thenComparingInt(Diagnostic::column)
            .thenComparing(Diagnostic::message);

    @Override
    public int compareTo(Diagnostic other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
