package dev.strata.diff;

import dev.strata.model.QualifiedName;
import dev.strata.model.RowLevelSecurity;
import dev.strata.model.Table;
import java.util.Optional;

/** Changes to a table as a whole. */
public sealed interface TableChange extends Change {

    /** A new table with its columns, constraints, indexes and comments. */
    record CreateTable(QualifiedName name, Table desired) implements TableChange {
        public QualifiedName subject() {
            return name;
        }

        public String describe() {
            return "create table " + name;
        }
    }

    /** Its constraints, indexes and owned sequences go with it (no separate changes for them). */
    record DropTable(QualifiedName name, Table current) implements TableChange {
        public QualifiedName subject() {
            return name;
        }

        public String describe() {
            return "drop table " + name;
        }
    }

    /** Requested by a {@code renamed_from} hint; {@code from} and {@code to} are in the same schema. */
    record RenameTable(QualifiedName from, QualifiedName to, Table desired) implements TableChange {
        public QualifiedName subject() {
            return to;
        }

        public String describe() {
            return "rename table " + from + " to " + to.name();
        }
    }

    record ChangeTableComment(QualifiedName table, Optional<String> from, Optional<String> to) implements TableChange {
        public QualifiedName subject() {
            return table;
        }

        public String describe() {
            return to.isPresent() ? "set comment on table " + table : "remove comment on table " + table;
        }
    }

    /** {@code ENABLE} / {@code FORCE ROW LEVEL SECURITY} switched on or off. */
    record ChangeRowLevelSecurity(QualifiedName table, RowLevelSecurity from, RowLevelSecurity to) implements TableChange {
        public QualifiedName subject() {
            return table;
        }

        public String describe() {
            return "set row level security of table " + table + " to " + (to.isOff() ? "disabled"
                    : (to.enabled() ? "enabled" : "not enabled") + (to.forced() ? ", forced" : ""));
        }
    }

    /** {@code SET LOGGED} ({@code unlogged} false) or {@code SET UNLOGGED} (true). */
    record ChangeLogged(QualifiedName table, boolean unlogged) implements TableChange {
        public QualifiedName subject() {
            return table;
        }

        public String describe() {
            return "make table " + table + (unlogged ? " unlogged" : " logged");
        }
    }

    /**
     * A new partition key, or a table turned into a partitioned table, a partition or back: PostgreSQL cannot change
     * either in place (it is a rebuild), so its recipe refuses it.
     */
    record ChangePartitioning(QualifiedName name, Table current, Table desired) implements TableChange {
        public QualifiedName subject() {
            return name;
        }

        public String describe() {
            return "change the partitioning of table " + name;
        }
    }

    /** A partition's bound changed: detached from its parent and attached again with the new one. */
    record ChangePartitionBound(QualifiedName name, dev.strata.model.PartitionOf current, dev.strata.model.PartitionOf desired)
            implements TableChange {
        public QualifiedName subject() {
            return name;
        }

        public String describe() {
            return "change the bound of partition " + name + " to " + desired.bound();
        }
    }
}
