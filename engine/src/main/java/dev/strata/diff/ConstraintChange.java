package dev.strata.diff;

import dev.strata.model.CheckConstraint;
import dev.strata.model.ExclusionConstraint;
import dev.strata.model.ForeignKey;
import dev.strata.model.PrimaryKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.UniqueConstraint;

import java.util.Optional;

/**
 * Table constraints. A constraint whose body changed (or that is redeclared under the name of one a dropped column
 * takes along) is one {@code Replace…} change of its kind, whose recipe owns the whole swap; so is a primary key
 * declared in place of another of any name, since a table has one. One whose body is unchanged but whose name differs
 * is a {@link RenameConstraint}. Dropped constraints are given in desired names (see {@link Change}); the
 * {@code current} side of a replacement as the current catalog holds it, since the swap runs before CONTRACT retires a
 * renamed column and its undo must name the columns as they are then.
 */
public sealed interface ConstraintChange extends Change {

    QualifiedName table();

    /** The constraint's name (the new name for a rename). */
    String constraintName();

    default QualifiedName subject() {
        return table();
    }

    record AddPrimaryKey(QualifiedName table, PrimaryKey primaryKey) implements ConstraintChange {
        public String constraintName() {
            return primaryKey.name();
        }

        public String describe() {
            return "add primary key " + primaryKey.name() + " on " + table + " " + Lists.columns(primaryKey.columns());
        }
    }

    record DropPrimaryKey(QualifiedName table, PrimaryKey primaryKey) implements ConstraintChange {
        public String constraintName() {
            return primaryKey.name();
        }

        public String describe() {
            return "drop primary key " + primaryKey.name() + " on " + table;
        }
    }

    /** The table's primary key, declared with other columns (under any name). */
    record ReplacePrimaryKey(QualifiedName table, PrimaryKey current, PrimaryKey desired) implements ConstraintChange {
        public String constraintName() {
            return desired.name();
        }

        public String describe() {
            String by = current.name().equals(desired.name()) ? "" : " by " + desired.name();
            return "replace primary key " + current.name() + " on " + table + by + " " + Lists.columns(desired.columns());
        }
    }

    record AddUnique(QualifiedName table, UniqueConstraint unique) implements ConstraintChange {
        public String constraintName() {
            return unique.name();
        }

        public String describe() {
            return "add unique constraint " + unique.name() + " on " + table + " " + Lists.columns(unique.columns());
        }
    }

    record DropUnique(QualifiedName table, UniqueConstraint unique) implements ConstraintChange {
        public String constraintName() {
            return unique.name();
        }

        public String describe() {
            return "drop unique constraint " + unique.name() + " on " + table;
        }
    }

    /** A unique constraint of the same name whose columns, NULLS NOT DISTINCT or deferrability changed. */
    record ReplaceUnique(QualifiedName table, UniqueConstraint current, UniqueConstraint desired) implements ConstraintChange {
        public String constraintName() {
            return desired.name();
        }

        public String describe() {
            return "replace unique constraint " + desired.name() + " on " + table + " " + Lists.columns(desired.columns());
        }
    }

    record AddForeignKey(QualifiedName table, ForeignKey foreignKey) implements ConstraintChange {
        public String constraintName() {
            return foreignKey.name();
        }

        public String describe() {
            return "add foreign key " + foreignKey.name() + " on " + table + " " + Lists.columns(foreignKey.columns())
                    + " references " + foreignKey.target() + " " + Lists.columns(foreignKey.targetColumns());
        }
    }

    /** Also emitted for a surviving table's foreign key whose target table or column is dropped. */
    record DropForeignKey(QualifiedName table, ForeignKey foreignKey) implements ConstraintChange {
        public String constraintName() {
            return foreignKey.name();
        }

        public String describe() {
            return "drop foreign key " + foreignKey.name() + " on " + table;
        }
    }

    /** A foreign key of the same name whose columns, target, actions, match or deferrability changed. */
    record ReplaceForeignKey(QualifiedName table, ForeignKey current, ForeignKey desired) implements ConstraintChange {
        public String constraintName() {
            return desired.name();
        }

        public String describe() {
            return "replace foreign key " + desired.name() + " on " + table + " " + Lists.columns(desired.columns())
                    + " references " + desired.target() + " " + Lists.columns(desired.targetColumns());
        }
    }

    record AddCheck(QualifiedName table, CheckConstraint check) implements ConstraintChange {
        public String constraintName() {
            return check.name();
        }

        public String describe() {
            return "add check constraint " + check.name() + " on " + table + " (" + check.expression() + ")";
        }
    }

    record DropCheck(QualifiedName table, CheckConstraint check) implements ConstraintChange {
        public String constraintName() {
            return check.name();
        }

        public String describe() {
            return "drop check constraint " + check.name() + " on " + table;
        }
    }

    /** A check of the same name whose expression (or NO INHERIT) changed. */
    record ReplaceCheck(QualifiedName table, CheckConstraint current, CheckConstraint desired) implements ConstraintChange {
        public String constraintName() {
            return desired.name();
        }

        public String describe() {
            return "replace check constraint " + desired.name() + " on " + table + " (" + desired.expression() + ")";
        }
    }

    record AddExclusion(QualifiedName table, ExclusionConstraint exclusion) implements ConstraintChange {
        public String constraintName() {
            return exclusion.name();
        }

        public String describe() {
            return "add exclusion constraint " + exclusion.name() + " on " + table;
        }
    }

    record DropExclusion(QualifiedName table, ExclusionConstraint exclusion) implements ConstraintChange {
        public String constraintName() {
            return exclusion.name();
        }

        public String describe() {
            return "drop exclusion constraint " + exclusion.name() + " on " + table;
        }
    }

    /** An exclusion constraint of the same name whose method, elements, predicate or deferrability changed. */
    record ReplaceExclusion(QualifiedName table, ExclusionConstraint current, ExclusionConstraint desired)
            implements ConstraintChange {
        public String constraintName() {
            return desired.name();
        }

        public String describe() {
            return "replace exclusion constraint " + desired.name() + " on " + table;
        }
    }

    /**
     * Same body, other comment, by the constraint's desired name (an added or replaced constraint carries its own
     * comment; a renamed one keeps its old comment, so only one that differs after the rename is a change).
     */
    record ChangeConstraintComment(QualifiedName table, String constraintName, Optional<String> from,
                                   Optional<String> to) implements ConstraintChange {
        public String describe() {
            return (to.isPresent() ? "set comment on constraint " : "remove comment on constraint ") + constraintName
                    + " on " + table;
        }
    }

    /**
     * A check or foreign key declared valid whose current one, same body (renamed or not), is {@code NOT VALID}:
     * {@code VALIDATE CONSTRAINT}, never a drop and re-add. The opposite (declared {@code NOT VALID}, valid now) is no
     * change: PostgreSQL can unmark a constraint only by re-adding it, which would only give up a guarantee.
     */
    record ValidateConstraint(QualifiedName table, Validated constraint) implements ConstraintChange {
        public String constraintName() {
            return constraint.name();
        }

        public String describe() {
            return "validate " + constraint.kind() + " " + constraint.name() + " on " + table;
        }
    }

    /** What a {@link ValidateConstraint} validates: the two kinds PostgreSQL lets be {@code NOT VALID}. */
    sealed interface Validated {
        String name();

        String kind();

        record Check(CheckConstraint check) implements Validated {
            public String name() {
                return check.name();
            }

            public String kind() {
                return "check constraint";
            }
        }

        record Foreign(ForeignKey foreignKey) implements Validated {
            public String name() {
                return foreignKey.name();
            }

            public String kind() {
                return "foreign key";
            }
        }
    }

    /** Same body (after column and table renames are taken into account), other name. */
    record RenameConstraint(QualifiedName table, String from, String to) implements ConstraintChange {
        public String constraintName() {
            return to;
        }

        public String describe() {
            return "rename constraint " + from + " on " + table + " to " + to;
        }
    }
}
