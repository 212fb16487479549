package dev.strata.model;

import java.util.List;
import java.util.Optional;

/**
 * One PostgreSQL schema (namespace). Enums, sequences and tables are kept in name order; views
 * keep their given order because a view may read another view.
 */
public record Schema(String name, List<EnumType> enums, List<Sequence> sequences, List<Table> tables, List<View> views) {

    public Schema {
        Names.requireValid(name, "schema");
        enums = Names.sortedByName(enums, EnumType::name);
        sequences = Names.sortedByName(sequences, Sequence::name);
        tables = Names.sortedByName(tables, Table::name);
        views = List.copyOf(views);
    }

    /** The schema Strata keeps its own state in (migrations, steps, backfill positions): never a user's. */
    public static final String STATE = "strata";

    /** Where dropped tables are kept until purged (docs/retention.md): never read or planned as a user's schema. */
    public static final String ARCHIVE = "strata_archive";

    public static Schema named(String name) {
        return new Schema(name, List.of(), List.of(), List.of(), List.of());
    }

    public Optional<Table> table(String tableName) {
        return tables.stream().filter(t -> t.name().equals(tableName)).findFirst();
    }

    public Optional<EnumType> enumType(String typeName) {
        return enums.stream().filter(e -> e.name().equals(typeName)).findFirst();
    }

    public Optional<Sequence> sequence(String sequenceName) {
        return sequences.stream().filter(s -> s.name().equals(sequenceName)).findFirst();
    }

    public Optional<View> view(String viewName) {
        return views.stream().filter(v -> v.name().equals(viewName)).findFirst();
    }

    public Schema withTables(List<Table> newTables) {
        return new Schema(name, enums, sequences, newTables, views);
    }

    public Schema withEnums(List<EnumType> newEnums) {
        return new Schema(name, newEnums, sequences, tables, views);
    }

    public Schema withSequences(List<Sequence> newSequences) {
        return new Schema(name, enums, newSequences, tables, views);
    }

    public Schema withViews(List<View> newViews) {
        return new Schema(name, enums, sequences, tables, newViews);
    }

    Schema withoutHints() {
        return withTables(tables.stream().map(Table::withoutHints).toList());
    }

    public boolean isEmpty() {
        return enums.isEmpty() && sequences.isEmpty() && tables.isEmpty() && views.isEmpty();
    }
}
