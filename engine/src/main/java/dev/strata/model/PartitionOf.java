package dev.strata.model;

/**
 * A table that is a partition of {@code parent}, holding the rows {@code bound} admits, as
 * {@code pg_get_expr(relpartbound, oid)} prints it: {@code FOR VALUES IN ('eu')},
 * {@code FOR VALUES FROM (…) TO (…)}, {@code FOR VALUES WITH (modulus 4, remainder 0)} or {@code DEFAULT}.
 *
 * <p>A partition's columns are its parent's: the {@link Table#columns()} of a partition hold only the columns whose
 * default, nullability or NOT NULL constraint name differ from what {@code PARTITION OF} gives it, so a parent's column
 * change is one change (PostgreSQL carries it to every partition), never one per partition.
 */
public record PartitionOf(QualifiedName parent, String bound) {

    public PartitionOf {
        if (bound.isBlank()) {
            throw new IllegalArgumentException("a partition of " + parent + " needs a bound");
        }
    }

    /**
     * The physical columns of {@code table} in {@code catalog}: a plain or partitioned table's own; a partition's are
     * its parent's (through every level) with its overrides in their place. A parent the catalog lacks leaves the
     * partition's own list.
     */
    public static java.util.List<Column> physicalColumns(Catalog catalog, QualifiedName table) {
        return physicalColumns(catalog, table, new java.util.HashSet<>());
    }

    private static java.util.List<Column> physicalColumns(Catalog catalog, QualifiedName table,
            java.util.Set<QualifiedName> seen) {
        java.util.Optional<Table> found = catalog.table(table);
        if (found.isEmpty()) {
            return java.util.List.of();
        }
        Table t = found.get();
        if (t.partitionOf().isEmpty() || !seen.add(table) || catalog.table(t.partitionOf().get().parent()).isEmpty()) {
            return t.columns();
        }
        return physicalColumns(catalog, t.partitionOf().get().parent(), seen).stream()
                .map(p -> t.column(p.name()).map(o -> p.withNullable(o.nullable()).withDefault(o.defaultValue())
                        .withNotNullName(o.notNullName()).withComment(o.comment())).orElse(p))
                .toList();
    }

    /**
     * The partition as {@code CREATE TABLE … PARTITION OF} declares it: an override that keeps its parent's NOT NULL
     * under the parent's name adds no NOT NULL of its own, since a local one would be named after the partition (PG 18).
     */
    public static Table asDeclared(Catalog catalog, Table partition) {
        if (partition.partitionOf().isEmpty()) {
            return partition;
        }
        java.util.List<Column> parent = physicalColumns(catalog, partition.partitionOf().get().parent());
        return partition.withColumns(partition.columns().stream()
                .map(c -> !c.nullable() && c.notNullName().isEmpty()
                        && parent.stream().anyMatch(p -> p.name().equals(c.name()) && !p.nullable())
                        ? c.withNullable(true) : c)
                .toList());
    }

    public boolean isDefault() {
        return bound.strip().equalsIgnoreCase("DEFAULT");
    }
}
