package dev.strata.expr;

import java.util.List;

/** The outcome of {@link Expressions#parse}: an expression, or every error found in it. */
public sealed interface ParseResult permits ParseResult.Parsed, ParseResult.Invalid {

    record Parsed(Expression expression) implements ParseResult {}

    record Invalid(List<ExpressionError> errors) implements ParseResult {
        public Invalid {
            errors = List.copyOf(errors);
            if (errors.isEmpty()) {
                throw new IllegalArgumentException("an invalid expression has at least one error");
            }
        }
    }
}
