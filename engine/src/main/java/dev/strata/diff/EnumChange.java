package dev.strata.diff;

import dev.strata.model.Column;
import dev.strata.model.EnumType;
import dev.strata.model.QualifiedName;
import java.util.List;
import java.util.Optional;

/** Enum types. */
public sealed interface EnumChange extends Change {

    QualifiedName name();

    default QualifiedName subject() {
        return name();
    }

    record CreateEnum(QualifiedName name, EnumType desired) implements EnumChange {
        public String describe() {
            return "create enum " + name;
        }
    }

    record DropEnum(QualifiedName name, EnumType current) implements EnumChange {
        public String describe() {
            return "drop enum " + name;
        }
    }

    /**
     * {@code ALTER TYPE ... ADD VALUE}; at most one neighbour is present. Successive changes for the
     * same enum must run in order: each neighbour exists once the previous ones have run.
     */
    record AddEnumValue(QualifiedName name, String label, Optional<String> before, Optional<String> after)
            implements EnumChange {
        public String describe() {
            return "add value '" + label + "' to enum " + name
                    + after.map(a -> " after '" + a + "'").orElse("")
                    + before.map(b -> " before '" + b + "'").orElse("");
        }
    }

    /**
     * Labels were removed or reordered, which PostgreSQL cannot do in place: a new type is created
     * and every column in {@code columns} is converted to it.
     */
    record ReplaceEnum(QualifiedName name, EnumType current, EnumType desired, List<ColumnUse> columns)
            implements EnumChange {
        public ReplaceEnum {
            columns = List.copyOf(columns);
        }

        public String describe() {
            return "replace enum " + name + " (" + String.join(", ", current.labels()) + ") by ("
                    + String.join(", ", desired.labels()) + "), converting " + columns.size()
                    + (columns.size() == 1 ? " column" : " columns");
        }
    }

    record ChangeEnumComment(QualifiedName name, Optional<String> from, Optional<String> to) implements EnumChange {
        public String describe() {
            return (to.isPresent() ? "set comment on enum " : "remove comment on enum ") + name;
        }
    }

    /**
     * A surviving column whose current type is the enum (or an array of it). Table and column are
     * given by their desired names when the table is managed, by their current names otherwise;
     * the column is the current one (its type and default tell what the conversion must handle).
     */
    record ColumnUse(QualifiedName table, Column column) {}
}
