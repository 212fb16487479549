package dev.strata.diff;

import dev.strata.model.Index;
import dev.strata.model.QualifiedName;

import java.util.Optional;

/** Indexes that are not a constraint's implementation. Index names live in the table's schema. */
public sealed interface IndexChange extends Change {

    QualifiedName table();

    default QualifiedName subject() {
        return table();
    }

    record CreateIndex(QualifiedName table, Index index) implements IndexChange {
        public String describe() {
            return "create index " + index.name() + " on " + table;
        }
    }

    record DropIndex(QualifiedName table, Index index) implements IndexChange {
        public String describe() {
            return "drop index " + table.schema() + "." + index.name();
        }
    }

    /** Same definition (after column renames), other name. */
    record RenameIndex(QualifiedName table, String from, String to) implements IndexChange {
        public String describe() {
            return "rename index " + table.schema() + "." + from + " to " + to;
        }
    }

    /**
     * Same definition, other comment (a created, replaced or renamed index carries its own: a rename keeps it, so
     * only a comment that differs after the rename is a change, under the new name).
     */
    record ChangeIndexComment(QualifiedName table, String index, Optional<String> from, Optional<String> to)
            implements IndexChange {
        public String describe() {
            return (to.isPresent() ? "set comment on index " : "remove comment on index ") + table.schema() + "." + index;
        }
    }

    /** Same name, other definition: the recipe builds the new one aside, drops the old and renames. */
    record ReplaceIndex(QualifiedName table, Index current, Index desired) implements IndexChange {
        public String describe() {
            return "replace index " + table.schema() + "." + desired.name() + " on " + table;
        }
    }
}
