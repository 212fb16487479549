package dev.strata.model;

/** When a constraint is checked. */
public enum Deferrability {
    NOT_DEFERRABLE(""),
    DEFERRABLE_INITIALLY_IMMEDIATE("DEFERRABLE INITIALLY IMMEDIATE"),
    DEFERRABLE_INITIALLY_DEFERRED("DEFERRABLE INITIALLY DEFERRED");

    private final String sql;

    Deferrability(String sql) {
        this.sql = sql;
    }

    /** The clause to append to the constraint, empty for the default. */
    public String sql() {
        return sql;
    }
}
