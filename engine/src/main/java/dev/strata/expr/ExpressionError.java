package dev.strata.expr;

/**
 * A problem in an expression, positioned within the expression text as it was passed to
 * {@link Expressions#parse} (1-based line and column), so the caller can translate it to a file position.
 */
public record ExpressionError(String message, int line, int column) {}
