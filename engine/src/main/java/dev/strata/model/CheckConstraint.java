package dev.strata.model;

/**
 * {@code CHECK (expression) [NO INHERIT] [NOT VALID]}; the expression is SQL text without the outer parentheses.
 * {@code valid} is false for a check declared (or found) {@code NOT VALID}: rows already there may fail it.
 */
public record CheckConstraint(String name, String expression, boolean noInherit, boolean valid) {

    /** A valid check. */
    public CheckConstraint(String name, String expression, boolean noInherit) {
        this(name, expression, noInherit, true);
    }

    public CheckConstraint {
        Names.requireValid(name, "check constraint");
        if (expression.isBlank()) {
            throw new IllegalArgumentException("check constraint " + name + " has an empty expression");
        }
    }
}
