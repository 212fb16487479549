package dev.strata.model;

import java.util.Optional;

/**
 * {@code CHECK (expression) [NO INHERIT] [NOT VALID]}; the expression is SQL text without the outer parentheses.
 * {@code valid} is false for a check declared (or found) {@code NOT VALID}: rows already there may fail it. The comment
 * is {@code COMMENT ON CONSTRAINT}'s.
 */
public record CheckConstraint(String name, String expression, boolean noInherit, boolean valid, Optional<String> comment) {

    public CheckConstraint {
        Names.requireValid(name, "check constraint");
        if (expression.isBlank()) {
            throw new IllegalArgumentException("check constraint " + name + " has an empty expression");
        }
    }

    /** A valid check without a comment. */
    public CheckConstraint(String name, String expression, boolean noInherit) {
        this(name, expression, noInherit, true, Optional.empty());
    }

    /** Without a comment. */
    public CheckConstraint(String name, String expression, boolean noInherit, boolean valid) {
        this(name, expression, noInherit, valid, Optional.empty());
    }

    /** A valid check. */
    public CheckConstraint(String name, String expression, boolean noInherit, Optional<String> comment) {
        this(name, expression, noInherit, true, comment);
    }

    public CheckConstraint withComment(Optional<String> newComment) {
        return new CheckConstraint(name, expression, noInherit, valid, newComment);
    }
}
