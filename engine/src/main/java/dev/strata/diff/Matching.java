package dev.strata.diff;

import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.model.QualifiedName;
import dev.strata.model.PartitionOf;
import dev.strata.model.Schema;
import dev.strata.model.Table;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Which current table and column each desired one corresponds to. Names match by equality; a
 * different name matches only through a {@code renamed_from} hint, never by similarity. Hints that
 * cannot be honoured are ignored with a warning.
 */
final class Matching {

    private final Map<QualifiedName, QualifiedName> desiredToCurrent = new TreeMap<>();
    private final Map<QualifiedName, QualifiedName> currentToDesired = new TreeMap<>();
    /** Keyed by current table: current column name to desired column name, surviving columns only. */
    private final Map<QualifiedName, Map<String, String>> columns = new TreeMap<>();
    private final Set<QualifiedName> managedTables = new HashSet<>();
    private final Set<String> managedSchemas = new HashSet<>();
    private final List<String> warnings = new ArrayList<>();

    static Matching of(Catalog current, Catalog desired) {
        var matching = new Matching();
        for (Schema desiredSchema : desired.schemas()) {
            matching.managedSchemas.add(desiredSchema.name());
            Schema currentSchema = current.schema(desiredSchema.name()).orElse(Schema.named(desiredSchema.name()));
            matching.matchTables(current, desired, currentSchema, desiredSchema);
        }
        return matching;
    }

    private void matchTables(Catalog currentCatalog, Catalog desiredCatalog, Schema current, Schema desired) {
        String schema = desired.name();
        current.tables().forEach(t -> managedTables.add(QualifiedName.of(schema, t.name())));
        Map<String, String> pairs = pair(
                desired.tables().stream().map(Table::name).toList(),
                name -> desired.table(name).orElseThrow().renamedFrom(),
                current.tables().stream().map(Table::name).toList(),
                name -> "table " + schema + "." + name);
        pairs.forEach((desiredName, currentName) -> {
            var desiredTable = QualifiedName.of(schema, desiredName);
            var currentTable = QualifiedName.of(schema, currentName);
            desiredToCurrent.put(desiredTable, currentTable);
            currentToDesired.put(currentTable, desiredTable);
            // A partition's columns are its parent's: matched whole, as its indexes and constraints name them.
            Table c = current.table(currentName).orElseThrow();
            Table d = desired.table(desiredName).orElseThrow();
            matchColumns(currentTable, c.isPartition() ? c.withColumns(PartitionOf.physicalColumns(currentCatalog, currentTable)) : c,
                    desiredTable, d.isPartition() ? d.withColumns(PartitionOf.physicalColumns(desiredCatalog, desiredTable)) : d);
        });
    }

    private void matchColumns(QualifiedName currentName, Table current, QualifiedName desiredName, Table desired) {
        Map<String, String> pairs = pair(
                desired.columns().stream().map(Column::name).toList(),
                name -> desired.column(name).orElseThrow().renamedFrom(),
                current.columns().stream().map(Column::name).toList(),
                name -> "column " + desiredName + "." + name);
        var currentToDesiredColumn = new LinkedHashMap<String, String>();
        for (Column column : current.columns()) {
            pairs.forEach((d, c) -> {
                if (c.equals(column.name())) {
                    currentToDesiredColumn.put(c, d);
                }
            });
        }
        columns.put(currentName, currentToDesiredColumn);
    }

    /**
     * Desired name to current name, in desired order. Exact names win; then a desired name absent
     * from current takes its hint's name when that one exists in current, is not itself declared
     * and is not already taken.
     */
    private Map<String, String> pair(
            List<String> desiredNames,
            Function<String, Optional<String>> hint,
            List<String> currentNames,
            Function<String, String> label) {
        Set<String> declared = Set.copyOf(desiredNames);
        Set<String> existing = Set.copyOf(currentNames);
        Set<String> taken = new HashSet<>();
        for (String name : desiredNames) {
            if (existing.contains(name)) {
                taken.add(name);
            }
        }
        var result = new LinkedHashMap<String, String>();
        for (String name : desiredNames) {
            Optional<String> from = hint.apply(name).filter(f -> !f.equals(name));
            if (existing.contains(name)) {
                result.put(name, name);
                from.filter(existing::contains).filter(f -> !declared.contains(f)).ifPresent(f -> warnings.add(
                        label.apply(name) + ": renamed_from " + f + " ignored because both " + f + " and " + name
                                + " exist; " + f + " is dropped as an undeclared object"));
            } else if (from.isPresent() && existing.contains(from.get())) {
                String f = from.get();
                if (declared.contains(f)) {
                    warnings.add(label.apply(name) + ": renamed_from " + f + " ignored because " + f
                            + " is declared too");
                } else if (taken.contains(f)) {
                    warnings.add(label.apply(name) + ": renamed_from " + f + " ignored because " + f
                            + " is already renamed to another name");
                } else {
                    taken.add(f);
                    result.put(name, f);
                }
            }
        }
        return result;
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    Optional<QualifiedName> currentTable(QualifiedName desiredTable) {
        return Optional.ofNullable(desiredToCurrent.get(desiredTable));
    }

    /** The desired name of a current table that survives (managed and matched, or unmanaged). */
    Optional<QualifiedName> desiredTable(QualifiedName currentTable) {
        if (!managedSchemas.contains(currentTable.schema())) {
            return Optional.of(currentTable);
        }
        return Optional.ofNullable(currentToDesired.get(currentTable));
    }

    boolean tableDropped(QualifiedName currentTable) {
        return managedTables.contains(currentTable) && !currentToDesired.containsKey(currentTable);
    }

    /** Current to desired names of the surviving columns of a matched table (empty for others). */
    Map<String, String> columnNames(QualifiedName currentTable) {
        return columns.getOrDefault(currentTable, Map.of());
    }

    /** Whether a column of a current table is dropped (its table survives but the column does not). */
    boolean columnDropped(QualifiedName currentTable, String column) {
        var names = columns.get(currentTable);
        return names != null && !names.containsKey(column);
    }

    /** A surviving column's desired name (unchanged for columns of unmanaged tables). */
    String desiredColumn(QualifiedName currentTable, String column) {
        return columnNames(currentTable).getOrDefault(column, column);
    }

    /** Only the columns whose name changes. */
    Map<String, String> columnRenames(QualifiedName currentTable) {
        var renames = new TreeMap<String, String>();
        columnNames(currentTable).forEach((c, d) -> {
            if (!c.equals(d)) {
                renames.put(c, d);
            }
        });
        return renames;
    }
}
