package dev.strata.plan.properties;

import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.model.QualifiedName;
import dev.strata.model.Table;
import dev.strata.plan.DualWrite;
import dev.strata.plan.Plan;
import dev.strata.sql.Identifiers;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.generate.ChangePairs;
import dev.strata.testing.generate.ChangePairs.ChangePair;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The data a change must keep: every current column that still exists in the desired schema (under
 * its new name, possibly with a new type), keyed by the table's primary key. Values are compared as
 * text, which every retype {@link ChangePairs} generates preserves.
 */
record Survivors(List<SurvivingTable> tables) {

    record ColumnPair(String currentName, String desiredName) {}

    record SurvivingTable(Table current, Table desired, List<ColumnPair> columns) {

        List<String> key() {
            return current.primaryKey().orElseThrow().columns();
        }
    }

    /** Rows by key, each the list of surviving values as text (null for SQL NULL). */
    record Snapshot(Map<String, Map<String, List<String>>> tables) {}

    static Survivors of(ChangePair pair) {
        Catalog desired = pair.desired();
        List<SurvivingTable> out = new ArrayList<>();
        for (Table t : pair.current().schema(ChangePairs.SCHEMA).orElseThrow().tables()) {
            if (t.isPartition()) {
                continue; // its rows are read through its parent
            }
            Optional<Table> d = desired.schema(ChangePairs.SCHEMA).orElseThrow().tables().stream()
                    .filter(x -> x.renamedFrom().map(t.name()::equals).orElse(x.name().equals(t.name())))
                    .findFirst();
            if (d.isEmpty()) {
                continue;
            }
            List<ColumnPair> columns = new ArrayList<>();
            for (Column c : t.columns()) {
                d.get().columns().stream()
                        .filter(x -> x.renamedFrom().map(c.name()::equals).orElse(x.name().equals(c.name())))
                        .findFirst()
                        .ifPresent(x -> columns.add(new ColumnPair(c.name(), x.name())));
            }
            out.add(new SurvivingTable(t, d.get(), columns));
        }
        return new Survivors(out);
    }

    /** Reads the surviving columns through the current names (what the old application sees). */
    Snapshot readCurrent(TestDatabase db) {
        Map<String, Map<String, List<String>>> out = new TreeMap<>();
        for (SurvivingTable t : tables) {
            out.put(t.current().name(), read(db, t.current().name(), t.key(),
                    t.columns().stream().map(ColumnPair::currentName).toList()));
        }
        return new Snapshot(out);
    }

    /** Reads the surviving columns through the desired names (after CONTRACT). */
    Snapshot readDesired(TestDatabase db) {
        Map<String, Map<String, List<String>>> out = new TreeMap<>();
        for (SurvivingTable t : tables) {
            out.put(t.current().name(), read(db, t.desired().name(), t.key(),
                    t.columns().stream().map(ColumnPair::desiredName).toList()));
        }
        return new Snapshot(out);
    }

    /**
     * Reads the surviving columns where the new shape keeps them while both shapes coexist (after
     * BACKFILL): the dual-write target column when there is one, else the desired name if the
     * table has it, else the current name.
     */
    Snapshot readNewShapeMidway(TestDatabase db, Catalog pulled, Plan plan) {
        Map<String, Map<String, List<String>>> out = new TreeMap<>();
        for (SurvivingTable t : tables) {
            Table physical = physicalTable(pulled, t);
            List<String> names = new ArrayList<>();
            for (ColumnPair c : t.columns()) {
                Optional<DualWrite> dw = plan.dualWrites().stream()
                        .filter(w -> w.oldColumn().equals(c.currentName())
                                && (w.table().name().equals(t.current().name()) || w.table().name().equals(t.desired().name())))
                        .findFirst();
                if (dw.isPresent()) {
                    names.add(dw.get().newColumn());
                } else if (physical.column(c.desiredName()).isPresent()) {
                    names.add(c.desiredName());
                } else {
                    names.add(c.currentName());
                }
            }
            out.put(t.current().name(), read(db, physical.name(), t.key(), names));
        }
        return new Snapshot(out);
    }

    static Table physicalTable(Catalog pulled, SurvivingTable t) {
        return pulled.table(QualifiedName.of(ChangePairs.SCHEMA, t.current().name()))
                .or(() -> pulled.table(QualifiedName.of(ChangePairs.SCHEMA, t.desired().name())))
                .orElseThrow(() -> new AssertionError("neither " + t.current().name() + " nor " + t.desired().name() + " exists"));
    }

    static Map<String, List<String>> read(TestDatabase db, String table, List<String> key, List<String> columns) {
        String keyText = key.stream().map(c -> "(" + Identifiers.quote(c) + ")::text").collect(Collectors.joining(" || '/' || "));
        String values = columns.stream().map(c -> ", (" + Identifiers.quote(c) + ")::text").collect(Collectors.joining());
        Map<String, List<String>> rows = new TreeMap<>();
        for (List<String> row : db.query("SELECT " + keyText + values + " FROM " + Identifiers.qualified(ChangePairs.SCHEMA, table))) {
            rows.put(row.getFirst(), row.subList(1, row.size()));
        }
        return rows;
    }
}
