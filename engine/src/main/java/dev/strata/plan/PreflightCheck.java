package dev.strata.plan;

import dev.strata.model.DataType;
import dev.strata.model.ExclusionConstraint;
import dev.strata.model.IndexKey;

import java.util.List;
import java.util.Optional;

/**
 * One question preflight asks the live data before anything runs: which existing rows would make a constraint the
 * plan adds or validates, or a value conversion it runs, fail ({@link Preflight#checks}). Values, derived from the
 * diff's changes; {@code execute.PreflightRunner} turns them into read-only queries.
 */
public sealed interface PreflightCheck {

    /** The rows the check reads. */
    RowSource rows();

    /** The phase that would fail on a violating row. */
    Phase phase();

    /** What the check is about, e.g. {@code NOT NULL handle}, {@code CHECK orders_total_check}. */
    String describe();

    /** A NOT NULL column, new or tightened: rows whose value would be NULL. */
    record NotNull(RowSource rows, String column) implements PreflightCheck {
        public Phase phase() {
            return Phase.CONTRACT;
        }

        public String describe() {
            return "NOT NULL " + column;
        }
    }

    /** A check constraint: rows for which {@code expression} is false. */
    record Check(RowSource rows, String name, String expression) implements PreflightCheck {
        public Phase phase() {
            return Phase.CONTRACT;
        }

        public String describe() {
            return "CHECK " + name + " (" + expression + ")";
        }
    }

    /**
     * A unique constraint, primary key or unique index: groups of rows with equal keys. {@code kind} says which,
     * for messages ({@code UNIQUE}, {@code PRIMARY KEY}, {@code UNIQUE INDEX}).
     */
    record Unique(RowSource rows, String kind, String name, List<IndexKey> keys, Optional<String> where,
            boolean nullsNotDistinct) implements PreflightCheck {
        public Unique {
            keys = List.copyOf(keys);
        }

        public Phase phase() {
            return Phase.CONTRACT;
        }

        public String describe() {
            return kind + " " + name;
        }
    }

    /** A foreign key: rows referencing no row of {@code parent}; no parent: it is new in this plan (not checked). */
    record ForeignKey(RowSource rows, dev.strata.model.ForeignKey foreignKey, Optional<RowSource> parent)
            implements PreflightCheck {
        // The rows' answer does not depend on the comment, and a saved plan does not carry it.
        public ForeignKey {
            foreignKey = foreignKey.withComment(Optional.empty());
        }

        public Phase phase() {
            return Phase.CONTRACT;
        }

        public String describe() {
            return "FOREIGN KEY " + foreignKey.name();
        }
    }

    /** An exclusion constraint: rows that conflict with another row. */
    record Exclusion(RowSource rows, ExclusionConstraint exclusion) implements PreflightCheck {
        // The rows' answer does not depend on the comment, and a saved plan does not carry it.
        public Exclusion {
            exclusion = exclusion.withComment(Optional.empty());
        }

        public Phase phase() {
            return Phase.CONTRACT;
        }

        public String describe() {
            return "EXCLUDE " + exclusion.name();
        }
    }

    /**
     * A type change's conversion of {@code current}: rows whose value fails to convert, or, for the default
     * conversion ({@code using} empty), does not convert back unchanged ({@link Conversion}).
     */
    record Conversion(RowSource rows, String column, String current, DataType from, DataType to, Optional<String> using)
            implements PreflightCheck {
        public Phase phase() {
            return Phase.BACKFILL;
        }

        public String describe() {
            return "conversion of " + column + " from " + from + " to " + to + using.map(u -> " using " + u).orElse("");
        }
    }
}
