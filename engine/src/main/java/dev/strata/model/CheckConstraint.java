package dev.strata.model;

import java.util.Optional;

/**
 * {@code CHECK (expression) [NO INHERIT]}; the expression is SQL text without the outer parentheses. The comment is
 * {@code COMMENT ON CONSTRAINT}'s.
 */
public record CheckConstraint(String name, String expression, boolean noInherit, Optional<String> comment) {

    public CheckConstraint {
        Names.requireValid(name, "check constraint");
        if (expression.isBlank()) {
            throw new IllegalArgumentException("check constraint " + name + " has an empty expression");
        }
    }

    /** Without a comment. */
    public CheckConstraint(String name, String expression, boolean noInherit) {
        this(name, expression, noInherit, Optional.empty());
    }

    public CheckConstraint withComment(Optional<String> newComment) {
        return new CheckConstraint(name, expression, noInherit, newComment);
    }
}
