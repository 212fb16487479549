package dev.strata.model;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One PostgreSQL schema (namespace). Enums, sequences and tables are kept in name order; views
 * keep their given order because a view may read another view; the objects of the kinds managed as a whole
 * ({@link SchemaObject}) by kind, then key.
 */
public record Schema(String name, List<EnumType> enums, List<Sequence> sequences, List<Table> tables, List<View> views,
                     List<SchemaObject> objects) {

    private static final Comparator<SchemaObject> OBJECT_ORDER =
            Comparator.comparing(SchemaObject::kind).thenComparing(SchemaObject::key);

    public Schema {
        Names.requireValid(name, "schema");
        enums = Names.sortedByName(enums, EnumType::name);
        sequences = Names.sortedByName(sequences, Sequence::name);
        tables = Names.sortedByName(tables, Table::name);
        views = List.copyOf(views);
        objects = objects.stream().sorted(OBJECT_ORDER).toList();
    }

    public Schema(String name, List<EnumType> enums, List<Sequence> sequences, List<Table> tables, List<View> views) {
        this(name, enums, sequences, tables, views, List.of());
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

    /** The objects of one kind, in key order. */
    public List<SchemaObject> objects(String kind) {
        return objects.stream().filter(o -> o.kind().equals(kind)).toList();
    }

    public Optional<SchemaObject> object(String kind, String key) {
        return objects.stream().filter(o -> o.kind().equals(kind) && o.key().equals(key)).findFirst();
    }

    public Schema withTables(List<Table> newTables) {
        return new Schema(name, enums, sequences, newTables, views, objects);
    }

    public Schema withEnums(List<EnumType> newEnums) {
        return new Schema(name, newEnums, sequences, tables, views, objects);
    }

    public Schema withSequences(List<Sequence> newSequences) {
        return new Schema(name, enums, newSequences, tables, views, objects);
    }

    public Schema withViews(List<View> newViews) {
        return new Schema(name, enums, sequences, tables, newViews, objects);
    }

    public Schema withObjects(List<SchemaObject> newObjects) {
        return new Schema(name, enums, sequences, tables, views, newObjects);
    }

    /** The same schema without the objects of these kinds: what a project opts out of managing. */
    public Schema withoutKinds(Set<String> kinds) {
        return withObjects(objects.stream().filter(o -> !kinds.contains(o.kind())).toList());
    }

    /**
     * A record's text, without {@code objects} while there are none: the catalog fingerprint of a saved plan is
     * hashed from this text, and a plan saved before objects existed must still match its unchanged catalog.
     */
    @Override
    public String toString() {
        String text = "Schema[name=" + name + ", enums=" + enums + ", sequences=" + sequences + ", tables=" + tables
                + ", views=" + views;
        return (objects.isEmpty() ? text : text + ", objects=" + objects) + "]";
    }

    Schema withoutHints() {
        return withTables(tables.stream().map(Table::withoutHints).toList());
    }

    public boolean isEmpty() {
        return enums.isEmpty() && sequences.isEmpty() && tables.isEmpty() && views.isEmpty() && objects.isEmpty();
    }
}
