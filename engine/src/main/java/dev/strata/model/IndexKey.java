package dev.strata.model;

import java.util.Optional;

/**
 * One key of an index: a column or an expression, with its operator class and ordering. Ordering
 * is canonical: {@code nullsFirst} is stored explicitly, PostgreSQL's default being NULLS LAST for
 * ascending and NULLS FIRST for descending keys.
 */
public record IndexKey(Target target, Optional<String> opclass, boolean descending, boolean nullsFirst) {

    public static IndexKey column(String column) {
        return new IndexKey(new ColumnTarget(column), Optional.empty(), false, false);
    }

    public static IndexKey expression(String sql) {
        return new IndexKey(new ExpressionTarget(sql), Optional.empty(), false, false);
    }

    /** Whether the NULLS clause differs from the default for the direction, so must be spelled out. */
    public boolean hasExplicitNullsOrder() {
        return nullsFirst != descending;
    }

    public sealed interface Target permits ColumnTarget, ExpressionTarget {}

    public record ColumnTarget(String column) implements Target {
        public ColumnTarget {
            Names.requireValid(column, "index column");
        }
    }

    /** An expression key, SQL text without the surrounding parentheses. */
    public record ExpressionTarget(String sql) implements Target {
        public ExpressionTarget {
            if (sql.isBlank()) {
                throw new IllegalArgumentException("index expression must not be empty");
            }
        }
    }
}
