package dev.strata.diagnostics;

import java.util.List;
import java.util.stream.Collectors;

/** Every problem found in user input at once, sorted by location. */
public final class InvalidInputException extends RuntimeException {

    private final List<Diagnostic> diagnostics;

    public InvalidInputException(List<Diagnostic> diagnostics) {
        super(diagnostics.stream().sorted().map(Diagnostic::toString).collect(Collectors.joining("\n")), null, false, false);
        if (diagnostics.isEmpty()) {
            throw new IllegalArgumentException("an InvalidInputException needs at least one diagnostic");
        }
        this.diagnostics = diagnostics.stream().sorted().toList();
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
