package dev.strata.expr;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A checked SQL expression from the schema.
 *
 * @param source            the original text, trimmed
 * @param columnsRead       the columns the expression reads, sorted; for a passthrough expression an
 *                          over-approximation (every known column name that appears as a word)
 * @param passthrough       true when Strata could not understand the expression and passes it on verbatim
 * @param passthroughReason why, for the plan to print; present exactly when {@code passthrough}
 * @param toPostgres        the expression as PostgreSQL SQL (identifiers quoted); the source for passthrough
 */
public record Expression(String source, SortedSet<String> columnsRead, boolean passthrough,
        Optional<String> passthroughReason, String toPostgres) {

    public Expression {
        Objects.requireNonNull(source, "source");
        columnsRead = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(columnsRead));
        if (passthrough != passthroughReason.isPresent()) {
            throw new IllegalArgumentException("a passthrough expression, and only one, carries a reason");
        }
        Objects.requireNonNull(toPostgres, "toPostgres");
    }

    static Expression understood(String source, Set<String> columns, String rendered) {
        return new Expression(source, new TreeSet<>(columns), false, Optional.empty(), rendered);
    }

    static Expression passedThrough(String source, Set<String> columns, String reason) {
        return new Expression(source, new TreeSet<>(columns), true, Optional.of(reason), source);
    }
}
