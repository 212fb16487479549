package dev.strata.model;

import java.util.List;
import java.util.Optional;

/**
 * A table. Columns keep their declared order (it is the physical order); constraints and indexes
 * are kept in name order so that equal tables are equal records.
 *
 * @param unlogged created {@code UNLOGGED}: not written to the WAL, emptied after a crash, not replicated
 * @param partitionBy the partition key of a partitioned table, as {@code pg_get_partkeydef} prints it
 *                    ({@code RANGE (created_at)}, {@code LIST (region)}, {@code HASH (id)})
 * @param partitionOf the parent and bound of a partition; its {@code columns} then hold only what it overrides
 */
public record Table(
        String name,
        List<Column> columns,
        Optional<PrimaryKey> primaryKey,
        List<UniqueConstraint> uniqueConstraints,
        List<ForeignKey> foreignKeys,
        List<CheckConstraint> checks,
        List<ExclusionConstraint> exclusions,
        List<Index> indexes,
        Optional<String> comment,
        Optional<String> renamedFrom,
        RowLevelSecurity rowLevelSecurity,
        boolean unlogged,
        Optional<String> partitionBy,
        Optional<PartitionOf> partitionOf) {

    public Table {
        Names.requireValid(name, "table");
        columns = List.copyOf(columns);
        uniqueConstraints = Names.sortedByName(uniqueConstraints, UniqueConstraint::name);
        foreignKeys = Names.sortedByName(foreignKeys, ForeignKey::name);
        checks = Names.sortedByName(checks, CheckConstraint::name);
        exclusions = Names.sortedByName(exclusions, ExclusionConstraint::name);
        indexes = Names.sortedByName(indexes, Index::name);
    }

    /** A table that is neither partitioned nor a partition. */
    public Table(String name, List<Column> columns, Optional<PrimaryKey> primaryKey,
            List<UniqueConstraint> uniqueConstraints, List<ForeignKey> foreignKeys, List<CheckConstraint> checks,
            List<ExclusionConstraint> exclusions, List<Index> indexes, Optional<String> comment,
            Optional<String> renamedFrom, RowLevelSecurity rowLevelSecurity, boolean unlogged) {
        this(name, columns, primaryKey, uniqueConstraints, foreignKeys, checks, exclusions, indexes, comment,
                renamedFrom, rowLevelSecurity, unlogged, Optional.empty(), Optional.empty());
    }

    public boolean partitioned() {
        return partitionBy.isPresent();
    }

    public boolean isPartition() {
        return partitionOf.isPresent();
    }

    /** Partitioned or a partition: not a plain table, which much of the column machinery assumes. */
    public boolean inPartitionTree() {
        return partitioned() || isPartition();
    }

    public Table withPartitionBy(Optional<String> newPartitionBy) {
        return new Table(name, columns, primaryKey, uniqueConstraints, foreignKeys, checks, exclusions, indexes, comment, renamedFrom, rowLevelSecurity, unlogged, newPartitionBy, partitionOf);
    }

    public Table withPartitionOf(Optional<PartitionOf> newPartitionOf) {
        return new Table(name, columns, primaryKey, uniqueConstraints, foreignKeys, checks, exclusions, indexes, comment, renamedFrom, rowLevelSecurity, unlogged, partitionBy, newPartitionOf);
    }

    /** A logged table, as every table is unless created {@code UNLOGGED}. */
    public Table(String name, List<Column> columns, Optional<PrimaryKey> primaryKey,
            List<UniqueConstraint> uniqueConstraints, List<ForeignKey> foreignKeys, List<CheckConstraint> checks,
            List<ExclusionConstraint> exclusions, List<Index> indexes, Optional<String> comment,
            Optional<String> renamedFrom, RowLevelSecurity rowLevelSecurity) {
        this(name, columns, primaryKey, uniqueConstraints, foreignKeys, checks, exclusions, indexes, comment,
                renamedFrom, rowLevelSecurity, false);
    }

    /** A table with row-level security off, as every table is until {@code ENABLE ROW LEVEL SECURITY}. */
    public Table(String name, List<Column> columns, Optional<PrimaryKey> primaryKey,
            List<UniqueConstraint> uniqueConstraints, List<ForeignKey> foreignKeys, List<CheckConstraint> checks,
            List<ExclusionConstraint> exclusions, List<Index> indexes, Optional<String> comment,
            Optional<String> renamedFrom) {
        this(name, columns, primaryKey, uniqueConstraints, foreignKeys, checks, exclusions, indexes, comment,
                renamedFrom, RowLevelSecurity.OFF);
    }

    public static Table of(String name, List<Column> columns) {
        return new Table(name, columns, Optional.empty(), List.of(), List.of(), List.of(), List.of(), List.of(),
                Optional.empty(), Optional.empty());
    }

    public Optional<Column> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    /** Names of every constraint on the table (primary key, unique, foreign key, check, exclusion). */
    public List<String> constraintNames() {
        var names = new java.util.ArrayList<String>();
        primaryKey.ifPresent(pk -> names.add(pk.name()));
        uniqueConstraints.forEach(u -> names.add(u.name()));
        foreignKeys.forEach(f -> names.add(f.name()));
        checks.forEach(c -> names.add(c.name()));
        exclusions.forEach(e -> names.add(e.name()));
        return List.copyOf(names);
    }

    public Table withName(String newName) {
        return new Table(newName, columns, primaryKey, uniqueConstraints, foreignKeys, checks, exclusions, indexes, comment, renamedFrom, rowLevelSecurity, unlogged, partitionBy, partitionOf);
    }

    public Table withColumns(List<Column> newColumns) {
        return new Table(name, newColumns, primaryKey, uniqueConstraints, foreignKeys, checks, exclusions, indexes, comment, renamedFrom, rowLevelSecurity, unlogged, partitionBy, partitionOf);
    }

    public Table withPrimaryKey(Optional<PrimaryKey> newPrimaryKey) {
        return new Table(name, columns, newPrimaryKey, uniqueConstraints, foreignKeys, checks, exclusions, indexes, comment, renamedFrom, rowLevelSecurity, unlogged, partitionBy, partitionOf);
    }

    public Table withUniqueConstraints(List<UniqueConstraint> newUniques) {
        return new Table(name, columns, primaryKey, newUniques, foreignKeys, checks, exclusions, indexes, comment, renamedFrom, rowLevelSecurity, unlogged, partitionBy, partitionOf);
    }

    public Table withForeignKeys(List<ForeignKey> newForeignKeys) {
        return new Table(name, columns, primaryKey, uniqueConstraints, newForeignKeys, checks, exclusions, indexes, comment, renamedFrom, rowLevelSecurity, unlogged, partitionBy, partitionOf);
    }

    public Table withChecks(List<CheckConstraint> newChecks) {
        return new Table(name, columns, primaryKey, uniqueConstraints, foreignKeys, newChecks, exclusions, indexes, comment, renamedFrom, rowLevelSecurity, unlogged, partitionBy, partitionOf);
    }

    public Table withExclusions(List<ExclusionConstraint> newExclusions) {
        return new Table(name, columns, primaryKey, uniqueConstraints, foreignKeys, checks, newExclusions, indexes, comment, renamedFrom, rowLevelSecurity, unlogged, partitionBy, partitionOf);
    }

    public Table withIndexes(List<Index> newIndexes) {
        return new Table(name, columns, primaryKey, uniqueConstraints, foreignKeys, checks, exclusions, newIndexes, comment, renamedFrom, rowLevelSecurity, unlogged, partitionBy, partitionOf);
    }

    public Table withComment(Optional<String> newComment) {
        return new Table(name, columns, primaryKey, uniqueConstraints, foreignKeys, checks, exclusions, indexes, newComment, renamedFrom, rowLevelSecurity, unlogged, partitionBy, partitionOf);
    }

    public Table withRenamedFrom(Optional<String> newRenamedFrom) {
        return new Table(name, columns, primaryKey, uniqueConstraints, foreignKeys, checks, exclusions, indexes, comment, newRenamedFrom, rowLevelSecurity, unlogged, partitionBy, partitionOf);
    }

    public Table withRowLevelSecurity(RowLevelSecurity newRowLevelSecurity) {
        return new Table(name, columns, primaryKey, uniqueConstraints, foreignKeys, checks, exclusions, indexes, comment, renamedFrom, newRowLevelSecurity, unlogged, partitionBy, partitionOf);
    }

    public Table withUnlogged(boolean newUnlogged) {
        return new Table(name, columns, primaryKey, uniqueConstraints, foreignKeys, checks, exclusions, indexes, comment, renamedFrom, rowLevelSecurity, newUnlogged, partitionBy, partitionOf);
    }

    /**
     * A record's text, without {@code rowLevelSecurity} while it is off and {@code unlogged} while it is false: the catalog fingerprint of a saved plan is
     * hashed from this text, and a plan saved before the switches were read must still match its unchanged catalog.
     */
    @Override
    public String toString() {
        String text = "Table[name=" + name + ", columns=" + columns + ", primaryKey=" + primaryKey
                + ", uniqueConstraints=" + uniqueConstraints + ", foreignKeys=" + foreignKeys + ", checks=" + checks
                + ", exclusions=" + exclusions + ", indexes=" + indexes + ", comment=" + comment
                + ", renamedFrom=" + renamedFrom;
        return (rowLevelSecurity.isOff() ? text : text + ", rowLevelSecurity=" + rowLevelSecurity)
                + (unlogged ? ", unlogged=true" : "")
                + partitionBy.map(p -> ", partitionBy=" + p).orElse("")
                + partitionOf.map(p -> ", partitionOf=" + p).orElse("") + "]";
    }

    Table withoutHints() {
        return withRenamedFrom(Optional.empty()).withColumns(columns.stream().map(Column::withoutHints).toList());
    }
}
