package dev.strata.model;

import java.util.List;
import java.util.Optional;

/**
 * {@code FOREIGN KEY (columns) REFERENCES target (targetColumns)} with its actions. {@code valid} is false for a key
 * declared (or found) {@code NOT VALID}: rows already there may reference nothing. {@code period} is PostgreSQL 18's
 * temporal key: the last column of both sides is a {@code PERIOD} ({@code FOREIGN KEY (id, PERIOD valid) REFERENCES
 * t (id, PERIOD valid)}, {@code pg_constraint.conperiod}), the referenced range must be covered. The comment is
 * {@code COMMENT ON CONSTRAINT}'s.
 */
public record ForeignKey(
        String name,
        List<String> columns,
        QualifiedName target,
        List<String> targetColumns,
        Action onDelete,
        Action onUpdate,
        Match match,
        Deferrability deferrability,
        boolean valid,
        Optional<String> comment,
        boolean period) {

    public ForeignKey {
        Names.requireValid(name, "foreign key");
        columns = List.copyOf(columns);
        targetColumns = List.copyOf(targetColumns);
        if (columns.isEmpty() || columns.size() != targetColumns.size()) {
            throw new IllegalArgumentException("foreign key " + name + " needs as many target columns as columns");
        }
    }

    /** Not temporal. */
    public ForeignKey(String name, List<String> columns, QualifiedName target, List<String> targetColumns,
                      Action onDelete, Action onUpdate, Match match, Deferrability deferrability, boolean valid,
                      Optional<String> comment) {
        this(name, columns, target, targetColumns, onDelete, onUpdate, match, deferrability, valid, comment, false);
    }

    /** A valid foreign key without a comment. */
    public ForeignKey(String name, List<String> columns, QualifiedName target, List<String> targetColumns,
                      Action onDelete, Action onUpdate, Match match, Deferrability deferrability) {
        this(name, columns, target, targetColumns, onDelete, onUpdate, match, deferrability, true, Optional.empty());
    }

    /** Without a comment. */
    public ForeignKey(String name, List<String> columns, QualifiedName target, List<String> targetColumns,
                      Action onDelete, Action onUpdate, Match match, Deferrability deferrability, boolean valid) {
        this(name, columns, target, targetColumns, onDelete, onUpdate, match, deferrability, valid, Optional.empty());
    }

    /** A valid foreign key. */
    public ForeignKey(String name, List<String> columns, QualifiedName target, List<String> targetColumns,
                      Action onDelete, Action onUpdate, Match match, Deferrability deferrability,
                      Optional<String> comment) {
        this(name, columns, target, targetColumns, onDelete, onUpdate, match, deferrability, true, comment);
    }

    public ForeignKey withComment(Optional<String> newComment) {
        return new ForeignKey(name, columns, target, targetColumns, onDelete, onUpdate, match, deferrability, valid,
                newComment, period);
    }

    public enum Action {
        NO_ACTION("NO ACTION"),
        RESTRICT("RESTRICT"),
        CASCADE("CASCADE"),
        SET_NULL("SET NULL"),
        SET_DEFAULT("SET DEFAULT");

        private final String sql;

        Action(String sql) {
            this.sql = sql;
        }

        public String sql() {
            return sql;
        }
    }

    public enum Match {
        SIMPLE("SIMPLE"),
        FULL("FULL");

        private final String sql;

        Match(String sql) {
            this.sql = sql;
        }

        public String sql() {
            return sql;
        }
    }
}
