package dev.strata.ddl;

import dev.strata.model.CheckConstraint;
import dev.strata.model.Deferrability;
import dev.strata.model.ExclusionConstraint;
import dev.strata.model.ForeignKey;
import dev.strata.model.PrimaryKey;
import dev.strata.model.UniqueConstraint;

/** A constraint as {@code CREATE TABLE} and {@code ALTER TABLE ... ADD} spell it: {@code CONSTRAINT name ...}. */
public sealed interface ConstraintClause {

    String name();

    record Primary(PrimaryKey key) implements ConstraintClause {
        public String name() {
            return key.name();
        }
    }

    record Unique(UniqueConstraint unique) implements ConstraintClause {
        public String name() {
            return unique.name();
        }
    }

    record Check(CheckConstraint check) implements ConstraintClause {
        public String name() {
            return check.name();
        }
    }

    record Exclusion(ExclusionConstraint exclusion) implements ConstraintClause {
        public String name() {
            return exclusion.name();
        }
    }

    record Foreign(ForeignKey key) implements ConstraintClause {
        public String name() {
            return key.name();
        }
    }

    /** {@code CONSTRAINT name NOT NULL column}: a not-null constraint of its own (PostgreSQL 18). */
    record NotNull(String name, String column) implements ConstraintClause {}

    /** {@code CONSTRAINT name PRIMARY KEY|UNIQUE USING INDEX index [DEFERRABLE ...]}: attaches an index already built. */
    record UsingIndex(String name, boolean primaryKey, String index, Deferrability deferrability)
            implements ConstraintClause {}
}
