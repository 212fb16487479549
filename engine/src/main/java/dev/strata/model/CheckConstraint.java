package dev.strata.model;

/** {@code CHECK (expression) [NO INHERIT]}; the expression is SQL text without the outer parentheses. */
public record CheckConstraint(String name, String expression, boolean noInherit) {

    public CheckConstraint {
        Names.requireValid(name, "check constraint");
        if (expression.isBlank()) {
            throw new IllegalArgumentException("check constraint " + name + " has an empty expression");
        }
    }
}
