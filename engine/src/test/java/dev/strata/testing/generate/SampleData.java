package dev.strata.testing.generate;

import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.model.CompositeType;
import dev.strata.model.Domain;
import dev.strata.model.DataType;
import dev.strata.model.EnumType;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.Table;
import dev.strata.sql.Identifiers;
import dev.strata.sql.Literals;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Rows for the current side of a {@link ChangePairs} pair. Values are a pure function of (column
 * position, row number): never NULL, and different on every row for every type but boolean and
 * enums — the facts the mutations of {@link ChangePairs} rely on. Foreign-key columns point at rows
 * 1…{@link #ROWS} of the parent, whose identity keys those are in a fresh database.
 */
public final class SampleData {

    public static final int ROWS = 6;

    private SampleData() {}

    /** INSERTs for rows 1…{@link #ROWS} of every table, parents before children. */
    public static List<String> inserts(Catalog catalog) {
        List<String> out = new ArrayList<>();
        for (Table table : parentsFirst(catalog)) {
            for (int row = 1; row <= ROWS; row++) {
                out.add(insert(catalog, QualifiedName.of(ChangePairs.SCHEMA, table.name()), table, row));
            }
        }
        return out;
    }

    /** An INSERT of row {@code row} giving a value for every column without identity; returns the row's key as text. */
    public static String insert(Catalog catalog, QualifiedName name, Table table, int row) {
        List<Column> columns = writable(table);
        String values = columns.stream().map(c -> literal(catalog, table, c, row)).collect(Collectors.joining(", "));
        return "INSERT INTO " + Identifiers.qualified(name) + " (" + Identifiers.list(columns.stream().map(Column::name).toList())
                + ") VALUES (" + values + ") RETURNING " + keyText(table);
    }

    /** The columns an application writes: all but identity columns. */
    public static List<Column> writable(Table table) {
        return table.columns().stream().filter(c -> c.identity().isEmpty() && c.generatedAs().isEmpty()).toList();
    }

    /** The primary key as one text value, for matching rows across shapes. */
    public static String keyText(Table table) {
        return table.primaryKey().orElseThrow().columns().stream()
                .map(c -> "(" + Identifiers.quote(c) + ")::text")
                .collect(Collectors.joining(" || '/' || "));
    }

    /** The value of {@code column} in row {@code row}, as an SQL literal. */
    public static String literal(Catalog catalog, Table table, Column column, int row) {
        int salt = table.columns().indexOf(column);
        if (table.foreignKeys().stream().anyMatch(f -> f.columns().contains(column.name()))) {
            return Integer.toString((row - 1) % ROWS + 1);
        }
        if (table.primaryKey().map(pk -> pk.columns().contains(column.name())).orElse(false)) {
            return column.type().name().equals("text") ? Literals.quote("k" + row) : Integer.toString(row);
        }
        return value(catalog, column.type(), salt, row);
    }

    /** A domain takes its base type's value (which its generated checks admit), a composite type one per attribute. */
    private static String value(Catalog catalog, DataType type, int salt, int row) {
        if (!type.isBuiltin()) {
            QualifiedName name = type.userTypeName().orElseThrow();
            Optional<EnumType> e = catalog.enumType(name);
            if (e.isPresent()) {
                return Literals.quote(e.get().labels().get(row % e.get().labels().size()));
            }
            Schema schema = catalog.schema(name.schema()).orElseThrow();
            if (schema.object(Domain.KIND, name.name()).orElse(null) instanceof Domain d) {
                return value(catalog, d.baseType(), salt, row);
            }
            CompositeType c = (CompositeType) schema.object(CompositeType.KIND, name.name()).orElseThrow();
            List<String> values = new ArrayList<>();
            for (int i = 0; i < c.attributes().size(); i++) {
                values.add(value(catalog, c.attributes().get(i).type(), salt + i, row));
            }
            return "ROW(" + String.join(", ", values) + ")";
        }
        return switch (type.name()) {
            case "integer" -> Integer.toString(row * 10 + salt);
            case "bigint" -> Long.toString(row * 1000L + salt);
            case "numeric" -> row + "." + String.format("%02d", salt % 100);
            case "boolean" -> row % 2 == 0 ? "true" : "false";
            case "date" -> Literals.quote(LocalDate.of(2024, 1, 1).plusDays(row * 10L + salt).toString());
            case "timestamp with time zone" ->
                    Literals.quote(LocalDateTime.of(2024, 1, 1, 0, 0).plusMinutes(row * 60L + salt) + ":00+00");
            case "text", "character varying" -> Literals.quote("v" + row + "_" + salt + (salt % 2 == 0 ? "é" : "ß"));
            default -> throw new IllegalArgumentException("no sample values for " + type);
        };
    }

    /** Tables but partitions, ordered so that every foreign key's target comes before the table that references it. */
    public static List<Table> parentsFirst(Catalog catalog) {
        Schema schema = catalog.schema(ChangePairs.SCHEMA).orElseThrow();
        // A partition's rows are written through its parent.
        List<Table> tables = schema.tables().stream().filter(t -> !t.isPartition()).toList();
        List<Table> ordered = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        while (ordered.size() < tables.size()) {
            for (Table t : tables) {
                if (!placed.contains(t.name()) && t.foreignKeys().stream()
                        .allMatch(f -> placed.contains(f.target().name()) || f.target().name().equals(t.name()))) {
                    ordered.add(t);
                    placed.add(t.name());
                }
            }
        }
        return ordered;
    }
}
