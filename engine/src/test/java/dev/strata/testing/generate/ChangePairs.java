package dev.strata.testing.generate;

import dev.strata.model.Catalog;
import dev.strata.model.CheckConstraint;
import dev.strata.model.Column;
import dev.strata.model.DataType;
import dev.strata.model.Deferrability;
import dev.strata.model.EnumType;
import dev.strata.model.Extension;
import dev.strata.model.ForeignKey;
import dev.strata.model.Identity;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.PrimaryKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.SchemaObject;
import dev.strata.model.SequenceOptions;
import dev.strata.model.Table;
import dev.strata.model.UniqueConstraint;
import dev.strata.sql.Identifiers;
import dev.strata.sql.Literals;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Pairs of catalogs (current, desired) where desired is current after one to four realistic schema
 * mutations that are valid for the rows {@link SampleData} puts into current: every value is
 * non-null and distinct per row (except booleans and enums), so NOT NULL, UNIQUE and the generated
 * CHECKs hold, and the retypes chosen never lose data. Every decision is drawn from a {@link Tape},
 * so shrinking needs no filters.
 */
public final class ChangePairs {

    public static final String SCHEMA = "public";
    public static final String ENUM_NAME = "Mood";

    private static final List<String> TABLE_NAMES = List.of("users", "Order", "select", "größe", "line_items", "Événements");
    private static final List<String> NEW_TABLE_NAMES = List.of("accounts", "Group", "table", "Übersicht", "audit_log");
    private static final List<String> COLUMN_NAMES = List.of(
            "name", "Email", "group", "from", "naïve", "amount", "note", "Status", "user", "total_Ø", "score", "label");
    private static final List<String> NEW_COLUMN_NAMES = List.of(
            "handle", "Desc", "order", "préféré", "extra_info", "ÄltesteSpalte", "where", "nick_name");
    private static final List<DataType> COLUMN_TYPES = List.of(
            DataType.builtin("integer"), DataType.builtin("text"), DataType.builtin("bigint"),
            DataType.builtin("character varying", 20), DataType.builtin("numeric", 12, 2), DataType.builtin("boolean"),
            DataType.builtin("timestamp with time zone"), DataType.builtin("date"), DataType.builtin("character varying", 40));
    private static final DataType BIGINT = DataType.builtin("bigint");
    private static final DataType INTEGER = DataType.builtin("integer");
    private static final DataType TEXT = DataType.builtin("text");

    /** What a mutation does, for statistics and for deciding which checks apply. */
    public enum Kind {
        RENAME_COLUMN, CHANGE_TYPE_REWRITE, CHANGE_TYPE_CATALOG_ONLY, ADD_NULLABLE_COLUMN, ADD_COLUMN_WITH_DEFAULT,
        ADD_COLUMN_WITH_BACKFILL, DROP_COLUMN, DROP_NOT_NULL, SET_NOT_NULL, CHANGE_DEFAULT, ADD_INDEX, DROP_INDEX,
        ADD_UNIQUE, ADD_CHECK, ADD_TABLE, DROP_TABLE, RENAME_TABLE, ADD_ENUM_VALUE, COMMENT, EXTENSION
    }

    /** Extensions on every supported major that create no relation: installed, updated and dropped by the mutations. */
    private static final Extension FUZZY = new Extension("fuzzystrmatch", Optional.of("1.1"));
    private static final Extension OLD_GIN = new Extension("btree_gin", Optional.of("1.2"));
    private static final Extension NEW_GIN = new Extension("btree_gin", Optional.of("1.3"));

    /**
     * @param mutations human-readable descriptions, in the order they were applied
     * @param kinds     the kind of each mutation, parallel to {@code mutations}
     */
    public record ChangePair(Catalog current, Catalog desired, List<String> mutations, List<Kind> kinds) {

        public ChangePair {
            mutations = List.copyOf(mutations);
            kinds = List.copyOf(kinds);
        }

        @Override
        public String toString() {
            return "ChangePair" + mutations;
        }
    }

    private ChangePairs() {}

    public static Arbitrary<ChangePair> pairs() {
        Arbitrary<List<Integer>> schemaTape = Arbitraries.integers().between(0, 9999).list().ofMaxSize(60);
        Arbitrary<List<Integer>> mutationTape = Arbitraries.integers().between(0, 9999).list().ofMaxSize(40);
        return Combinators.combine(schemaTape, mutationTape)
                .as((s, m) -> build(new Tape(s), new Tape(m)));
    }

    /** Pairs whose only mutation is of the given kind (for focused runs while debugging a recipe). */
    public static Arbitrary<ChangePair> pairsStartingWith(Kind kind) {
        Arbitrary<List<Integer>> schemaTape = Arbitraries.integers().between(0, 9999).list().ofMaxSize(60);
        Arbitrary<List<Integer>> mutationTape = Arbitraries.integers().between(0, 9999).list().ofMaxSize(40);
        return Combinators.combine(schemaTape, mutationTape)
                .as((s, m) -> {
                    List<Integer> genes = new ArrayList<>();
                    genes.add(0);
                    genes.add(kind.ordinal());
                    genes.addAll(m);
                    return build(new Tape(s), new Tape(genes));
                });
    }

    static ChangePair build(Tape schemaTape, Tape mutationTape) {
        Catalog current = currentCatalog(schemaTape);
        return new Mutator(current).apply(mutationTape);
    }

    // ---------------------------------------------------------------- current

    static Catalog currentCatalog(Tape tape) {
        boolean withEnum = tape.oneIn(3);
        int tableCount = 1 + tape.next(3);
        Set<String> relations = new HashSet<>();
        List<Table> tables = new ArrayList<>();
        for (int i = 0; i < tableCount; i++) {
            String name = unique(relations, TABLE_NAMES.get((i + tape.next(TABLE_NAMES.size())) % TABLE_NAMES.size()));
            relations.add(name);
            tables.add(table(tape, name, i == 0 && withEnum, tables, relations));
        }
        Schema schema = Schema.named(SCHEMA).withTables(tables);
        if (withEnum) {
            schema = schema.withEnums(List.of(new EnumType(ENUM_NAME, List.of("sad", "ok", "happy"), Optional.empty())));
        }
        // Drawn last, so the tables drawn before stay what they were.
        List<SchemaObject> extensions = new ArrayList<>();
        if (tape.oneIn(4)) {
            extensions.add(FUZZY);
        }
        if (tape.oneIn(4)) {
            extensions.add(OLD_GIN);
        }
        return new Catalog(List.of(schema.withObjects(extensions)));
    }

    private static Table table(Tape tape, String name, boolean enumColumn, List<Table> earlier, Set<String> relations) {
        List<Column> columns = new ArrayList<>();
        Optional<PrimaryKey> pk;
        int keyStyle = tape.next(5);
        String pkName = unique(relations, PgNames.truncate(name + "_pkey"));
        relations.add(pkName);
        if (keyStyle == 4) {
            columns.add(Column.of("a", INTEGER).withNullable(false));
            columns.add(Column.of("b", TEXT).withNullable(false));
            pk = Optional.of(new PrimaryKey(pkName, List.of("a", "b")));
        } else {
            Identity.Generation generation = keyStyle % 2 == 0 ? Identity.Generation.ALWAYS : Identity.Generation.BY_DEFAULT;
            columns.add(Column.of("id", BIGINT).withNullable(false)
                    .withIdentity(Optional.of(new Identity(generation, SequenceOptions.defaultsFor(BIGINT)))));
            pk = Optional.of(new PrimaryKey(pkName, List.of("id")));
            relations.add(PgNames.truncate(name + "_id_seq"));
        }
        Set<String> columnNames = new HashSet<>(columns.stream().map(Column::name).toList());
        int extra = 1 + tape.next(4);
        for (int i = 0; i < extra; i++) {
            String columnName = unique(columnNames, COLUMN_NAMES.get(tape.next(COLUMN_NAMES.size())));
            columnNames.add(columnName);
            DataType type = COLUMN_TYPES.get(tape.next(COLUMN_TYPES.size()));
            Column column = Column.of(columnName, type).withNullable(!tape.oneIn(3));
            if (tape.oneIn(5) && (type.equals(INTEGER) || type.equals(TEXT))) {
                column = column.withDefault(Optional.of(type.equals(INTEGER) ? "0" : "''::text"));
            }
            columns.add(column);
        }
        if (enumColumn) {
            String columnName = unique(columnNames, "mood");
            columnNames.add(columnName);
            columns.add(Column.of(columnName, DataType.userDefined(SCHEMA, ENUM_NAME)));
        }
        List<ForeignKey> fks = new ArrayList<>();
        List<Table> parents = earlier.stream().filter(t -> t.primaryKey().orElseThrow().columns().equals(List.of("id"))).toList();
        if (!parents.isEmpty() && tape.flag()) {
            Table parent = tape.pick(parents);
            String fkColumn = unique(columnNames, PgNames.truncate(parent.name() + "_id"));
            columnNames.add(fkColumn);
            columns.add(Column.of(fkColumn, BIGINT).withNullable(tape.flag()));
            fks.add(new ForeignKey(PgNames.truncate(name + "_" + fkColumn + "_fkey"), List.of(fkColumn),
                    QualifiedName.of(SCHEMA, parent.name()), List.of("id"), ForeignKey.Action.NO_ACTION,
                    ForeignKey.Action.NO_ACTION, ForeignKey.Match.SIMPLE, Deferrability.NOT_DEFERRABLE));
        }
        Table table = Table.of(name, columns).withPrimaryKey(pk).withForeignKeys(fks);
        List<Column> distinct = columns.stream()
                .filter(c -> isDistinctPerRow(c.type()) && !isKey(table, c.name()) && !holdsForeignKey(table, c.name()))
                .toList();
        if (!distinct.isEmpty() && tape.oneIn(3)) {
            Column c = tape.pick(distinct);
            String uq = unique(relations, PgNames.truncate(name + "_" + c.name() + "_key"));
            relations.add(uq);
            return withIndexOrUnique(table, tape, c, uq);
        }
        if (!distinct.isEmpty() && tape.oneIn(3)) {
            Column c = tape.pick(distinct);
            String ix = unique(relations, PgNames.truncate(name + "_" + c.name() + "_idx"));
            relations.add(ix);
            return table.withIndexes(List.of(index(ix, c.name(), false)));
        }
        return table;
    }

    private static Table withIndexOrUnique(Table table, Tape tape, Column c, String name) {
        if (tape.flag()) {
            return table.withUniqueConstraints(List.of(new UniqueConstraint(name, List.of(c.name()), false, Deferrability.NOT_DEFERRABLE)));
        }
        return table.withIndexes(List.of(index(name, c.name(), true)));
    }

    static Index index(String name, String column, boolean unique) {
        return new Index(name, unique, false, "btree", List.of(IndexKey.column(column)), List.of(), Optional.empty(), Map.of());
    }

    // ---------------------------------------------------------------- mutations

    /** Applies mutations to a working copy of the catalog, keeping it valid after each one. */
    private static final class Mutator {

        private final Catalog current;
        private final List<TableState> tables = new ArrayList<>();
        private final Set<String> relations = new HashSet<>();
        private Optional<EnumType> enumType;
        private final List<SchemaObject> objects = new ArrayList<>();
        private final List<String> descriptions = new ArrayList<>();
        private final List<Kind> kinds = new ArrayList<>();

        Mutator(Catalog current) {
            this.current = current;
            Schema schema = current.schema(SCHEMA).orElseThrow();
            for (Table t : schema.tables()) {
                tables.add(new TableState(Optional.of(t.name()), t));
                relations.add(t.name());
                relations.add(PgNames.truncate(t.name() + "_id_seq"));
                t.primaryKey().ifPresent(pk -> relations.add(pk.name()));
                t.uniqueConstraints().forEach(u -> relations.add(u.name()));
                t.indexes().forEach(i -> relations.add(i.name()));
            }
            enumType = schema.enums().stream().findFirst();
            objects.addAll(schema.objects());
        }

        ChangePair apply(Tape tape) {
            int count = 1 + tape.next(4);
            for (int i = 0; i < count; i++) {
                Kind kind = Kind.values()[tape.next(Kind.values().length)];
                if (!applyOne(kind, tape)) {
                    addColumn(Kind.ADD_NULLABLE_COLUMN, tape, tables.stream().filter(t -> !t.dropped).findFirst().orElseThrow());
                }
            }
            Schema schema = Schema.named(SCHEMA).withTables(tables.stream().filter(t -> !t.dropped).map(t -> t.table).toList());
            if (enumType.isPresent()) {
                schema = schema.withEnums(List.of(enumType.get()));
            }
            return new ChangePair(current, new Catalog(List.of(schema.withObjects(objects))), descriptions, kinds);
        }

        private void record(Kind kind, String description) {
            kinds.add(kind);
            descriptions.add(description);
        }

        private boolean applyOne(Kind kind, Tape tape) {
            List<TableState> live = tables.stream().filter(t -> !t.dropped).toList();
            List<TableState> existing = live.stream().filter(t -> t.currentName.isPresent()).toList();
            if (existing.isEmpty()) {
                return false;
            }
            return switch (kind) {
                case RENAME_COLUMN -> withColumn(tape, existing, c -> true, (t, c) -> {
                    String to = unique(t.columnNames(), tape.pick(NEW_COLUMN_NAMES));
                    t.replace(c, c.withName(to).withRenamedFrom(Optional.of(c.name())));
                    t.renameInConstraints(c.name(), to);
                    t.touched.add(to);
                    record(kind, "rename column " + t.label() + "." + c.name() + " to " + to);
                });
                case CHANGE_TYPE_REWRITE -> withColumn(tape, existing, c -> rewriteTarget(c, 0).isPresent(), (t, c) -> {
                    DataType to = rewriteTarget(c, tape.next(2)).orElseThrow();
                    t.replace(c, c.withType(to));
                    t.touched.add(c.name());
                    record(kind, "change type of " + t.label() + "." + c.name() + " from " + c.type() + " to " + to);
                });
                case CHANGE_TYPE_CATALOG_ONLY -> withColumn(tape, existing, c -> catalogOnlyTarget(c, 0).isPresent(), (t, c) -> {
                    DataType to = catalogOnlyTarget(c, tape.next(3)).orElseThrow();
                    t.replace(c, c.withType(to));
                    t.touched.add(c.name());
                    record(kind, "change type of " + t.label() + "." + c.name() + " from " + c.type() + " to " + to + " (catalog only)");
                });
                case ADD_NULLABLE_COLUMN, ADD_COLUMN_WITH_DEFAULT -> addColumn(kind, tape, tape.pick(live));
                case ADD_COLUMN_WITH_BACKFILL -> withColumn(tape, existing, c -> true, (t, c) -> {
                    String name = unique(t.columnNames(), tape.pick(NEW_COLUMN_NAMES));
                    String expression = "coalesce((" + Identifiers.quote(c.name()) + ")::text, 'none')";
                    t.add(Column.of(name, TEXT).withNullable(false).withBackfill(Optional.of(expression)));
                    t.touched.add(name);
                    t.touched.add(c.name());
                    record(kind, "add column " + t.label() + "." + name + " text NOT NULL backfilled with " + expression);
                });
                case DROP_COLUMN -> withColumn(tape, existing, c -> true, (t, c) -> {
                    t.drop(c.name());
                    record(kind, "drop column " + t.label() + "." + c.name());
                });
                case DROP_NOT_NULL -> withColumn(tape, existing, c -> !c.nullable(), (t, c) -> {
                    t.replace(c, c.withNullable(true));
                    t.touched.add(c.name());
                    record(kind, "drop NOT NULL on " + t.label() + "." + c.name());
                });
                case SET_NOT_NULL -> withColumn(tape, existing, Column::nullable, (t, c) -> {
                    t.replace(c, c.withNullable(false));
                    t.touched.add(c.name());
                    record(kind, "set NOT NULL on " + t.label() + "." + c.name());
                });
                case CHANGE_DEFAULT -> withColumn(tape, existing, c -> c.type().equals(INTEGER) || c.type().equals(TEXT), (t, c) -> {
                    Optional<String> to = c.defaultValue().isPresent() && tape.flag()
                            ? Optional.empty()
                            : Optional.of(c.type().equals(INTEGER) ? "42" : "'dflt'::text");
                    t.replace(c, c.withDefault(to));
                    t.touched.add(c.name());
                    record(kind, "change default of " + t.label() + "." + c.name() + " to " + to.orElse("none"));
                });
                case ADD_INDEX -> withColumn(tape, existing, c -> isDistinctPerRow(c.type()), (t, c) -> {
                    String name = newRelation(t.table.name() + "_" + c.name() + "_idx");
                    t.table = t.table.withIndexes(append(t.table.indexes(), index(name, c.name(), false)));
                    t.touched.add(c.name());
                    record(kind, "add index " + name + " on " + t.label() + " (" + c.name() + ")");
                });
                case DROP_INDEX -> {
                    List<TableState> withIndex = existing.stream().filter(t -> !t.table.indexes().isEmpty()
                            && t.table.indexes().stream().allMatch(i -> t.untouched(i.keyColumns()))).toList();
                    if (withIndex.isEmpty()) {
                        yield false;
                    }
                    TableState t = tape.pick(withIndex);
                    Index index = tape.pick(t.table.indexes());
                    t.table = t.table.withIndexes(t.table.indexes().stream().filter(i -> i != index).toList());
                    t.touched.addAll(index.keyColumns());
                    record(kind, "drop index " + index.name() + " on " + t.label());
                    yield true;
                }
                case ADD_UNIQUE -> withColumn(tape, existing, (t, c) -> isDistinctPerRow(c.type())
                        && !holdsForeignKey(t.table, c.name()), (t, c) -> {
                    String name = newRelation(t.table.name() + "_" + c.name() + "_key");
                    t.table = t.table.withUniqueConstraints(append(t.table.uniqueConstraints(),
                            new UniqueConstraint(name, List.of(c.name()), false, Deferrability.NOT_DEFERRABLE)));
                    t.touched.add(c.name());
                    record(kind, "add unique " + name + " on " + t.label() + " (" + c.name() + ")");
                });
                case ADD_CHECK -> withColumn(tape, existing, c -> checkFor(c).isPresent(), (t, c) -> {
                    String name = unique(new HashSet<>(t.table.constraintNames()), PgNames.truncate(t.table.name() + "_" + c.name() + "_check"));
                    String expression = checkFor(c).orElseThrow();
                    t.table = t.table.withChecks(append(t.table.checks(), new CheckConstraint(name, expression, false)));
                    t.touched.add(c.name());
                    record(kind, "add check " + name + " on " + t.label() + ": " + expression);
                });
                case ADD_TABLE -> {
                    String name = newRelation(tape.pick(NEW_TABLE_NAMES));
                    String pkName = newRelation(name + "_pkey");
                    relations.add(PgNames.truncate(name + "_id_seq"));
                    Table table = Table.of(name, List.of(
                                    Column.of("id", BIGINT).withNullable(false).withIdentity(Optional.of(
                                            new Identity(Identity.Generation.ALWAYS, SequenceOptions.defaultsFor(BIGINT)))),
                                    Column.of("title", TEXT).withNullable(false)))
                            .withPrimaryKey(Optional.of(new PrimaryKey(pkName, List.of("id"))));
                    tables.add(new TableState(Optional.empty(), table));
                    record(kind, "add table " + SCHEMA + "." + name);
                    yield true;
                }
                case DROP_TABLE -> {
                    List<TableState> unreferenced = existing.stream().filter(t -> !referenced(t.table.name())).toList();
                    if (unreferenced.isEmpty() || live.size() < 2) {
                        yield false;
                    }
                    TableState t = tape.pick(unreferenced);
                    t.dropped = true;
                    record(kind, "drop table " + t.label());
                    yield true;
                }
                case RENAME_TABLE -> {
                    List<TableState> notRenamed = existing.stream().filter(t -> t.table.renamedFrom().isEmpty()).toList();
                    if (notRenamed.isEmpty()) {
                        yield false;
                    }
                    TableState t = tape.pick(notRenamed);
                    String from = t.table.name();
                    String to = newRelation(tape.pick(NEW_TABLE_NAMES));
                    t.table = t.table.withName(to).withRenamedFrom(Optional.of(from));
                    for (TableState other : tables) {
                        other.retarget(from, to);
                    }
                    record(kind, "rename table " + SCHEMA + "." + from + " to " + to);
                    yield true;
                }
                case ADD_ENUM_VALUE -> {
                    if (enumType.isEmpty() || enumType.get().labels().size() > 3) {
                        yield false;
                    }
                    EnumType e = enumType.get();
                    List<String> labels = new ArrayList<>(e.labels());
                    int at = tape.flag() ? labels.size() : tape.next(labels.size());
                    labels.add(at, "ecstatic");
                    enumType = Optional.of(new EnumType(e.name(), labels, e.comment()));
                    record(kind, "add value 'ecstatic' to enum " + SCHEMA + "." + e.name() + " at position " + at);
                    yield true;
                }
                case EXTENSION -> {
                    // Once per pair: a second one could undo the first (create, then drop again).
                    if (kinds.contains(Kind.EXTENSION)) {
                        yield false;
                    }
                    if (objects.remove(OLD_GIN)) {
                        objects.add(NEW_GIN);
                        record(kind, "update extension btree_gin to 1.3");
                    } else if (objects.remove(FUZZY)) {
                        record(kind, "drop extension fuzzystrmatch");
                    } else {
                        objects.add(FUZZY);
                        record(kind, "create extension fuzzystrmatch");
                    }
                    yield true;
                }
                case COMMENT -> {
                    TableState t = tape.pick(live);
                    String text = tape.pick(List.of("Kunden; ‘quoted’", "it's a note", "plain comment"));
                    if (enumType.isPresent() && enumType.get().comment().isEmpty() && tape.oneIn(3)) {
                        EnumType e = enumType.get();
                        enumType = Optional.of(new EnumType(e.name(), e.labels(), Optional.of(text)));
                        record(kind, "comment on enum " + SCHEMA + "." + e.name() + ": " + text);
                    } else if (tape.flag() || t.table.columns().size() < 2) {
                        // Its key and indexes documented alongside (no tape drawn, so other pairs stay as they were).
                        t.table = t.table.withComment(Optional.of(text))
                                .withPrimaryKey(t.table.primaryKey().map(k -> k.withComment(Optional.of(text))))
                                .withIndexes(t.table.indexes().stream().map(i -> i.withComment(Optional.of(text))).toList());
                        record(kind, "comment on table " + t.label() + " (and its key and indexes): " + text);
                    } else {
                        Column c = t.table.columns().get(1 + tape.next(t.table.columns().size() - 1));
                        t.replace(c, c.withComment(Optional.of(text)));
                        record(kind, "comment on column " + t.label() + "." + c.name() + ": " + text);
                    }
                    yield true;
                }
            };
        }

        private boolean addColumn(Kind kind, Tape tape, TableState t) {
            String name = unique(t.columnNames(), tape.pick(NEW_COLUMN_NAMES));
            Column column = kind == Kind.ADD_COLUMN_WITH_DEFAULT
                    ? tape.flag()
                            ? Column.of(name, INTEGER).withNullable(false).withDefault(Optional.of("7"))
                            : Column.of(name, TEXT).withNullable(false).withDefault(Optional.of("'n/a'::text"))
                    : Column.of(name, tape.pick(COLUMN_TYPES));
            t.add(column);
            t.touched.add(name);
            record(kind, "add column " + t.label() + "." + name + " " + column.type()
                    + (column.nullable() ? "" : " NOT NULL") + column.defaultValue().map(d -> " DEFAULT " + d).orElse(""));
            return true;
        }

        /** Picks an existing, unmodified, non-key column matching {@code filter}; false when there is none. */
        private boolean withColumn(Tape tape, List<TableState> existing, Predicate<Column> filter,
                java.util.function.BiConsumer<TableState, Column> action) {
            return withColumn(tape, existing, (t, c) -> filter.test(c), action);
        }

        private boolean withColumn(Tape tape, List<TableState> existing,
                java.util.function.BiPredicate<TableState, Column> filter,
                java.util.function.BiConsumer<TableState, Column> action) {
            List<Map.Entry<TableState, Column>> candidates = new ArrayList<>();
            for (TableState t : existing) {
                for (Column c : t.table.columns()) {
                    if (t.isOriginal(c) && !t.touched.contains(c.name()) && !isKey(t.table, c.name())
                            && !t.referencedByFk(c.name()) && filter.test(t, c)) {
                        candidates.add(Map.entry(t, c));
                    }
                }
            }
            if (candidates.isEmpty()) {
                return false;
            }
            Map.Entry<TableState, Column> chosen = tape.pick(candidates);
            action.accept(chosen.getKey(), chosen.getValue());
            return true;
        }

        private boolean referenced(String tableName) {
            return tables.stream().filter(t -> !t.dropped && !t.table.name().equals(tableName))
                    .anyMatch(t -> t.table.foreignKeys().stream().anyMatch(f -> f.target().name().equals(tableName)));
        }

        private String newRelation(String base) {
            String name = unique(relations, PgNames.truncate(base));
            relations.add(name);
            return name;
        }
    }

    /** A table of the desired side as it is being mutated. */
    private static final class TableState {
        final Optional<String> currentName;
        final Table original;
        Table table;
        boolean dropped;
        final Set<String> touched = new LinkedHashSet<>();

        TableState(Optional<String> currentName, Table table) {
            this.currentName = currentName;
            this.original = table;
            this.table = table;
        }

        String label() {
            return SCHEMA + "." + table.name();
        }

        Set<String> columnNames() {
            Set<String> names = new HashSet<>(table.columns().stream().map(Column::name).toList());
            original.columns().forEach(c -> names.add(c.name()));
            return names;
        }

        boolean isOriginal(Column c) {
            return original.column(c.name()).isPresent() && c.renamedFrom().isEmpty();
        }

        boolean untouched(List<String> columns) {
            return columns.stream().noneMatch(touched::contains);
        }

        boolean referencedByFk(String column) {
            return table.foreignKeys().stream().anyMatch(f -> f.columns().contains(column));
        }

        void replace(Column old, Column updated) {
            table = table.withColumns(table.columns().stream().map(c -> c.name().equals(old.name()) ? updated : c).toList());
        }

        void add(Column column) {
            table = table.withColumns(append(table.columns(), column));
        }

        /** Dropping a column drops the indexes and constraints on it, as PostgreSQL does. */
        void drop(String column) {
            table = table.withColumns(table.columns().stream().filter(c -> !c.name().equals(column)).toList())
                    .withIndexes(table.indexes().stream().filter(i -> !i.keyColumns().contains(column)).toList())
                    .withUniqueConstraints(table.uniqueConstraints().stream().filter(u -> !u.columns().contains(column)).toList())
                    .withChecks(table.checks().stream().filter(k -> !k.expression().contains(Identifiers.quote(column))).toList());
            touched.add(column);
        }

        void renameInConstraints(String from, String to) {
            table = table
                    .withIndexes(table.indexes().stream().map(i -> new Index(i.name(), i.unique(), i.nullsNotDistinct(), i.method(),
                            i.keys().stream().map(k -> k.target() instanceof IndexKey.ColumnTarget ct && ct.column().equals(from)
                                    ? new IndexKey(new IndexKey.ColumnTarget(to), k.opclass(), k.descending(), k.nullsFirst())
                                    : k).toList(),
                            i.include(), i.where(), i.storageParameters(), i.comment())).toList())
                    .withUniqueConstraints(table.uniqueConstraints().stream().map(u -> new UniqueConstraint(u.name(),
                            u.columns().stream().map(c -> c.equals(from) ? to : c).toList(), u.nullsNotDistinct(), u.deferrability(), u.comment())).toList());
        }

        void retarget(String from, String to) {
            table = table.withForeignKeys(table.foreignKeys().stream().map(f -> f.target().name().equals(from)
                    ? new ForeignKey(f.name(), f.columns(), QualifiedName.of(SCHEMA, to), f.targetColumns(), f.onDelete(),
                            f.onUpdate(), f.match(), f.deferrability(), f.valid(), f.comment())
                    : f).toList());
        }
    }

    // ---------------------------------------------------------------- shared facts

    /**
     * Sample data gives a foreign-key column the parents' keys, which repeat once a table has more rows than its
     * parent: such a column cannot be UNIQUE in the generated schemas.
     */
    static boolean holdsForeignKey(Table table, String column) {
        return table.foreignKeys().stream().anyMatch(f -> f.columns().contains(column));
    }

    static boolean isKey(Table table, String column) {
        return table.primaryKey().map(pk -> pk.columns().contains(column)).orElse(false);
    }

    /** Types whose sample values differ on every row (so UNIQUE holds and indexes are meaningful). */
    static boolean isDistinctPerRow(DataType type) {
        return type.isBuiltin() && !type.name().equals("boolean");
    }

    /** Retypes that rewrite yet keep every sample value (compared as text). */
    static Optional<DataType> rewriteTarget(Column c, int choice) {
        if (c.defaultValue().isPresent() || !c.type().isBuiltin()) {
            return Optional.empty();
        }
        return switch (c.type().name()) {
            case "integer" -> Optional.of(choice == 0 ? BIGINT : TEXT);
            case "numeric" -> Optional.of(TEXT);
            case "text" -> Optional.of(DataType.builtin("character varying", 64));
            default -> Optional.empty();
        };
    }

    static Optional<DataType> catalogOnlyTarget(Column c, int choice) {
        if (c.defaultValue().isPresent() || !c.type().isBuiltin() || !c.type().name().equals("character varying")) {
            return Optional.empty();
        }
        int length = c.type().modifiers().getFirst();
        return Optional.of(choice == 0 ? TEXT : DataType.builtin("character varying", length + 10 * choice));
    }

    static Optional<String> checkFor(Column c) {
        if (!c.type().isBuiltin()) {
            return Optional.empty();
        }
        String q = Identifiers.quote(c.name());
        return switch (c.type().name()) {
            case "integer", "bigint", "numeric" -> Optional.of(q + " >= 0");
            case "text", "character varying" -> Optional.of("char_length(" + q + ") < 60");
            case "date" -> Optional.of(q + " > " + Literals.quote("2000-01-01") + "::date");
            default -> Optional.empty();
        };
    }

    private static <T> List<T> append(List<T> list, T item) {
        List<T> out = new ArrayList<>(list);
        out.add(item);
        return out;
    }

    static String unique(Set<String> taken, String base) {
        String name = base;
        for (int i = 2; taken.contains(name); i++) {
            String suffix = "_" + i;
            name = PgNames.truncate(base, 63 - suffix.length()) + suffix;
        }
        return name;
    }

    /** Name-length rules of PostgreSQL (63 bytes), for generated names. */
    static final class PgNames {
        private PgNames() {}

        static String truncate(String name) {
            return truncate(name, 63);
        }

        static String truncate(String name, int maxBytes) {
            String out = name;
            while (out.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
                out = out.substring(0, out.offsetByCodePoints(out.length(), -1));
            }
            return out;
        }
    }
}
