package dev.strata.testing.generate;

import dev.strata.model.Catalog;
import dev.strata.model.CheckConstraint;
import dev.strata.model.Column;
import dev.strata.model.CompositeType;
import dev.strata.model.Domain;
import dev.strata.model.DataType;
import dev.strata.model.Deferrability;
import dev.strata.model.EnumType;
import dev.strata.model.Extension;
import dev.strata.model.Aggregate;
import dev.strata.model.Grant;
import dev.strata.model.MaterializedView;
import dev.strata.model.Privileges;
import dev.strata.model.ViewOptions;
import dev.strata.model.ForeignKey;
import dev.strata.model.Identity;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.Policy;
import dev.strata.model.PrimaryKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Routine;
import dev.strata.model.RowLevelSecurity;
import dev.strata.model.Schema;
import dev.strata.model.SchemaObject;
import dev.strata.model.SequenceOptions;
import dev.strata.model.Table;
import dev.strata.model.Trigger;
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
        ADD_UNIQUE, ADD_CHECK, ADD_TABLE, DROP_TABLE, RENAME_TABLE, ADD_ENUM_VALUE, COMMENT, EXTENSION,
        ROUTINE, TRIGGER, DOMAIN, COMPOSITE_TYPE, POLICY, MATERIALIZED_VIEW, AGGREGATE, GRANT, UNLOGGED, VIEW_OPTION,
        ADD_PARTITION, DROP_PARTITION, PARTITIONED_INDEX, CHANGE_PARTITION_BOUND
    }

    /**
     * The partitioned table current sometimes holds: LIST over a text column of its key, whose sample values
     * ({@code 'k1'}…) all land in its DEFAULT partition, so no bound a mutation gives admits a row and the default
     * partition (holding every row) is never dropped. Only the partition mutations touch it: changing its key or
     * rewriting its columns is refused by design.
     */
    static final String PARTITIONED = "Messwerte";
    private static final String DEFAULT_PARTITION = PARTITIONED + "_rest";

    /** Extensions on every supported major that create no relation: installed, updated and dropped by the mutations. */
    private static final Extension FUZZY = new Extension("fuzzystrmatch", Optional.of("1.1"));
    private static final Extension OLD_GIN = new Extension("btree_gin", Optional.of("1.2"));
    private static final Extension NEW_GIN = new Extension("btree_gin", Optional.of("1.3"));

    // The kinds managed as a whole that current may hold and the mutations create, alter and drop.
    static final String DOMAIN_NAME = "Menge";
    static final Domain MENGE = new Domain(DOMAIN_NAME, INTEGER, Optional.empty(), Optional.empty(), false,
            List.of(new Domain.Check("Menge_positiv", "(VALUE > 0)", true)), Optional.empty());
    static final String COMPOSITE_NAME = "Adresse";
    static final CompositeType ADRESSE = new CompositeType(COMPOSITE_NAME, List.of(
            new CompositeType.Attribute("straße", TEXT, Optional.empty()),
            new CompositeType.Attribute("PLZ", INTEGER, Optional.empty())), Optional.empty());
    /** A SQL function whose argument is a reserved word and whose second argument has a default. */
    static final Routine RABATT = new Routine(Routine.Kind.FUNCTION, "Rabatt", List.of(
            new Routine.Argument(Routine.Mode.IN, Optional.of("betrag"), "numeric", Optional.empty()),
            new Routine.Argument(Routine.Mode.IN, Optional.of("from"), "numeric", Optional.of("0.1"))),
            Optional.of("numeric"), "sql", Routine.Volatility.IMMUTABLE, true, false, false, Routine.Parallel.UNSAFE,
            Optional.empty(), Optional.empty(), Map.of(), "SELECT betrag * (1 - \"from\")", Optional.empty());
    static final Routine AUFRAEUMEN = new Routine(Routine.Kind.PROCEDURE, "aufräumen", List.of(
            new Routine.Argument(Routine.Mode.IN, Optional.of("tage"), "integer", Optional.of("30"))),
            Optional.empty(), "plpgsql", Routine.Volatility.VOLATILE, false, false, false, Routine.Parallel.UNSAFE,
            Optional.empty(), Optional.empty(), Map.of(), "\nBEGIN\n  RAISE NOTICE 'keeping % days', tage;\nEND\n",
            Optional.empty());
    static final Routine AUDIT_ROW = new Routine(Routine.Kind.FUNCTION, "audit_row", List.of(), Optional.of("trigger"),
            "plpgsql", Routine.Volatility.VOLATILE, false, false, false, Routine.Parallel.UNSAFE, Optional.empty(),
            Optional.empty(), Map.of(), Kinds.TRIGGER_BODY, Optional.empty());
    static final String TRIGGER_NAME = "Audit";
    static final String POLICY_NAME = "own rows";
    /** A view and a materialized view read only a table's key columns, which no mutation touches. */
    static final String VIEW_NAME = "Aktive Zeilen";
    static final String MATVIEW_NAME = "kennzahlen";
    static final String MATVIEW_INDEX = "kennzahlen_schlüssel";
    static final Routine SUMME_SCHRITT = new Routine(Routine.Kind.FUNCTION, "summe_schritt", List.of(
            new Routine.Argument(Routine.Mode.IN, Optional.empty(), "integer", Optional.empty()),
            new Routine.Argument(Routine.Mode.IN, Optional.empty(), "integer", Optional.empty())),
            Optional.of("integer"), "sql", Routine.Volatility.IMMUTABLE, false, false, false, Routine.Parallel.SAFE,
            Optional.empty(), Optional.empty(), Map.of(), "SELECT $1 + coalesce($2, 0)", Optional.empty());
    static final Aggregate SUMME = summe("0");
    /** Roles every test server has ({@code TestPostgres.ROLES}). */
    static final String READER = "strata_reader";
    static final String WRITER = "Strata Writer";

    /**
     * @param mutations human-readable descriptions, in the order they were applied
     * @param kinds     the kind of each mutation, parallel to {@code mutations}
     */
    public record ChangePair(Catalog current, Catalog desired, List<String> mutations, List<Kind> kinds) {

        public ChangePair {
            mutations = List.copyOf(mutations);
            kinds = List.copyOf(kinds);
        }

        /** Whether the pair manages grants (either side holds one): pulls of its databases then read them. */
        public boolean managesGrants() {
            return Schemas.managesGrants(current) || Schemas.managesGrants(desired);
        }

        /** The kinds a pull skips ({@code CatalogReader.read}): the opt-in ones unless the pair manages grants. */
        public Set<String> skippedKinds() {
            return managesGrants() ? Set.of() : Grant.OPT_IN_KINDS;
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

    /** Pairs of one to four mutations, the first of one of the given kinds (for focused runs on a few kinds). */
    public static Arbitrary<ChangePair> pairsStartingWithOneOf(List<Kind> first) {
        Arbitrary<List<Integer>> schemaTape = Arbitraries.integers().between(0, 9999).list().ofMaxSize(60);
        Arbitrary<List<Integer>> mutationTape = Arbitraries.integers().between(0, 9999).list().ofMinSize(2).ofMaxSize(40);
        return Combinators.combine(schemaTape, mutationTape)
                .as((s, m) -> {
                    List<Integer> genes = new ArrayList<>(m);
                    genes.set(1, first.get(Math.floorMod(m.get(1), first.size())).ordinal());
                    return build(new Tape(s), new Tape(genes));
                });
    }

    static ChangePair build(Tape schemaTape, Tape mutationTape) {
        Catalog current = currentCatalog(schemaTape);
        return new Mutator(current).apply(mutationTape);
    }

    // ---------------------------------------------------------------- current

    static Catalog currentCatalog(Tape tape) {
        // Drawn first: a schema tape is mostly read to its end, and past it every draw is 0 (no partitioned table).
        int partitioning = tape.next(8);
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
        schema = kinds(tape, schema);
        schema = moreKinds(tape, schema);
        if (partitioning >= 6) {
            schema = withPartitioned(partitioning == 7, schema);
        }
        extensions.addAll(schema.objects());
        return new Catalog(List.of(schema.withObjects(extensions)));
    }

    /**
     * Sometimes a domain and a composite type (each used by a column of a table), a function, a procedure, a trigger
     * and a policy: drawn after everything else, so the rest of current stays what it was.
     */
    private static Schema kinds(Tape tape, Schema schema) {
        List<Table> tables = new ArrayList<>(schema.tables());
        List<SchemaObject> objects = new ArrayList<>();
        if (tape.oneIn(3)) {
            objects.add(MENGE);
            int at = tape.next(tables.size());
            tables.set(at, tables.get(at).withColumns(append(tables.get(at).columns(),
                    Column.of(freeColumn(tables.get(at), "menge"), DataType.userDefined(SCHEMA, DOMAIN_NAME)))));
        }
        if (tape.oneIn(4)) {
            objects.add(ADRESSE);
            int at = tape.next(tables.size());
            tables.set(at, tables.get(at).withColumns(append(tables.get(at).columns(),
                    Column.of(freeColumn(tables.get(at), "anschrift"), DataType.userDefined(SCHEMA, COMPOSITE_NAME)))));
        }
        if (tape.oneIn(3)) {
            objects.add(RABATT);
        }
        if (tape.oneIn(4)) {
            objects.add(AUFRAEUMEN);
        }
        if (tape.oneIn(3)) {
            objects.add(AUDIT_ROW);
            objects.add(trigger(tables.get(tape.next(tables.size())), Trigger.Timing.AFTER,
                    List.of(Trigger.Event.INSERT, Trigger.Event.UPDATE), List.of(), true, Optional.empty()));
        }
        if (tape.oneIn(4)) {
            int at = tape.next(tables.size());
            tables.set(at, tables.get(at).withRowLevelSecurity(RowLevelSecurity.ENABLED));
            objects.add(policy(tables.get(at), Policy.Command.ALL));
        }
        return schema.withTables(tables).withObjects(objects);
    }

    /**
     * Sometimes a view (with {@code security_barrier}) and a materialized view (with a unique index) over a table's key
     * columns, an aggregate over its SQL state function, a grant on a table (the pair then manages grants) and an
     * unlogged table that no other table references: drawn after everything else, so the rest stays what it was.
     */
    private static Schema moreKinds(Tape tape, Schema schema) {
        List<Table> tables = new ArrayList<>(schema.tables());
        List<SchemaObject> objects = new ArrayList<>(schema.objects());
        List<dev.strata.model.View> views = new ArrayList<>();
        if (tape.oneIn(4)) {
            views.add(view(tape.pick(tables), tape.flag()
                    ? new ViewOptions(true, false, ViewOptions.CheckOption.NONE) : ViewOptions.NONE));
        }
        if (tape.oneIn(4)) {
            objects.add(matView(tape.pick(tables), false, true));
        }
        if (tape.oneIn(5)) {
            objects.add(SUMME_SCHRITT);
            objects.add(SUMME);
        }
        if (tape.oneIn(4)) {
            objects.add(Grant.of(Grant.On.TABLE, tape.pick(tables).name(), Map.of(READER, Privileges.of("select"))));
        }
        if (tape.oneIn(6)) {
            List<Table> unreferenced = tables.stream().filter(t -> tables.stream()
                    .noneMatch(o -> o != t && o.foreignKeys().stream().anyMatch(f -> f.target().name().equals(t.name())))).toList();
            if (!unreferenced.isEmpty()) {
                Table t = tape.pick(unreferenced);
                tables.set(tables.indexOf(t), t.withUnlogged(true));
            }
        }
        return schema.withTables(tables).withViews(views).withObjects(objects);
    }

    /** The partitioned table, its DEFAULT partition, a partition for two values and sometimes one for a third. */
    private static Schema withPartitioned(boolean third, Schema schema) {
        List<Table> tables = new ArrayList<>(schema.tables());
        QualifiedName parent = QualifiedName.of(SCHEMA, PARTITIONED);
        tables.add(Table.of(PARTITIONED, List.of(Column.of("id", BIGINT).withNullable(false),
                        Column.of("region", TEXT).withNullable(false), Column.of("wert", INTEGER)))
                .withPrimaryKey(Optional.of(new PrimaryKey(PARTITIONED + "_pkey", List.of("id", "region"))))
                .withPartitionBy(Optional.of("LIST (region)")));
        tables.add(partition(PARTITIONED + "_eu", parent, "FOR VALUES IN ('eu', 'us')"));
        if (third) {
            tables.add(partition(PARTITIONED + "_ap", parent, "FOR VALUES IN ('ap')"));
        }
        tables.add(partition(DEFAULT_PARTITION, parent, "DEFAULT"));
        return schema.withTables(tables);
    }

    private static Table partition(String name, QualifiedName parent, String bound) {
        return Table.of(name, List.of()).withPartitionOf(Optional.of(new dev.strata.model.PartitionOf(parent, bound)));
    }

    static Aggregate summe(String initialValue) {
        return new Aggregate("Summe", List.of(new Routine.Argument(Routine.Mode.IN, Optional.empty(), "integer", Optional.empty())),
                new Aggregate.Transition(QualifiedName.of(SCHEMA, SUMME_SCHRITT.name()), "integer", 0, Optional.of(initialValue)),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Routine.Parallel.SAFE, Optional.empty());
    }

    /** The key columns of {@code table}, as PostgreSQL 18 prints the query (the plan properties let the server print it). */
    private static String keyQuery(Table table, boolean onlyNotNull) {
        List<String> key = table.primaryKey().orElseThrow().columns();
        return CanonicalSql.viewDefinition(18, SCHEMA, table.name(), key,
                onlyNotNull ? Optional.of(key.getFirst()) : Optional.empty());
    }

    static dev.strata.model.View view(Table table, ViewOptions options) {
        return new dev.strata.model.View(VIEW_NAME, keyQuery(table, false), Optional.empty(), options);
    }

    static MaterializedView matView(Table table, boolean onlyNotNull, boolean populated) {
        String key = table.primaryKey().orElseThrow().columns().getFirst();
        return new MaterializedView(MATVIEW_NAME, keyQuery(table, onlyNotNull), populated,
                List.of(new Index(MATVIEW_INDEX, true, false, "btree", List.of(IndexKey.column(key)), List.of(), Optional.empty(),
                        Map.of(), Optional.empty())), Optional.empty());
    }

    private static String freeColumn(Table table, String base) {
        return unique(new HashSet<>(table.columns().stream().map(Column::name).toList()), base);
    }

    static Trigger trigger(Table table, Trigger.Timing timing, List<Trigger.Event> events, List<String> updateOf,
            boolean forEachRow, Optional<String> when) {
        return new Trigger(QualifiedName.of(SCHEMA, table.name()), TRIGGER_NAME, timing, events, updateOf, forEachRow, when,
                Optional.empty(), Optional.empty(), QualifiedName.of(SCHEMA, AUDIT_ROW.name()), List.of(),
                Trigger.Enabled.ORIGIN, Optional.empty());
    }

    /** A policy on the table's first key column, which no mutation touches. */
    static Policy policy(Table table, Policy.Command command) {
        Column key = table.column(table.primaryKey().orElseThrow().columns().getFirst()).orElseThrow();
        String expression = CanonicalSql.checks(key.name(), key.type()).getFirst();
        return new Policy(table.name(), POLICY_NAME, command, true, List.of(),
                command == Policy.Command.INSERT ? Optional.empty() : Optional.of(expression),
                command == Policy.Command.ALL || command == Policy.Command.INSERT ? Optional.of(expression) : Optional.empty(),
                Optional.empty());
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
        private final List<dev.strata.model.View> views = new ArrayList<>();
        private final List<String> descriptions = new ArrayList<>();
        private final List<Kind> kinds = new ArrayList<>();
        /** The partitioned table and its partitions: only the partition mutations change them. */
        private final List<Table> partitionTree = new ArrayList<>();

        Mutator(Catalog current) {
            this.current = current;
            Schema schema = current.schema(SCHEMA).orElseThrow();
            for (Table t : schema.tables()) {
                if (t.inPartitionTree()) {
                    partitionTree.add(t);
                    relations.add(t.name());
                    t.primaryKey().ifPresent(pk -> relations.add(pk.name()));
                    continue;
                }
                tables.add(new TableState(Optional.of(t.name()), t));
                relations.add(t.name());
                relations.add(PgNames.truncate(t.name() + "_id_seq"));
                t.primaryKey().ifPresent(pk -> relations.add(pk.name()));
                t.uniqueConstraints().forEach(u -> relations.add(u.name()));
                t.indexes().forEach(i -> relations.add(i.name()));
            }
            enumType = schema.enums().stream().findFirst();
            objects.addAll(schema.objects());
            views.addAll(schema.views());
            relations.add(VIEW_NAME);
            relations.add(MATVIEW_NAME);
            relations.add(MATVIEW_INDEX);
        }

        ChangePair apply(Tape tape) {
            int count = 1 + tape.next(4);
            for (int i = 0; i < count; i++) {
                Kind kind = Kind.values()[tape.next(Kind.values().length)];
                // Where current has a partitioned table, half its first mutations are partition ones (one kind in eight
                // otherwise, too rare for properties of a few tries).
                if (i == 0 && !partitionTree.isEmpty() && tape.flag()) {
                    kind = tape.pick(List.of(Kind.ADD_PARTITION, Kind.DROP_PARTITION, Kind.PARTITIONED_INDEX,
                            Kind.CHANGE_PARTITION_BOUND));
                }
                if (!applyOne(kind, tape)) {
                    addColumn(Kind.ADD_NULLABLE_COLUMN, tape, tables.stream().filter(t -> !t.dropped).findFirst().orElseThrow());
                }
            }
            List<Table> desiredTables = new ArrayList<>(tables.stream().filter(t -> !t.dropped).map(t -> t.table).toList());
            desiredTables.addAll(partitionTree);
            Schema schema = Schema.named(SCHEMA).withTables(desiredTables).withViews(views);
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
                    List<TableState> unreferenced = existing.stream().filter(t -> !referenced(t.table.name())
                            && !readByView(t.table.name())).toList();
                    if (unreferenced.isEmpty() || live.size() < 2) {
                        yield false;
                    }
                    TableState t = tape.pick(unreferenced);
                    t.dropped = true;
                    // Its triggers and policies go with it.
                    objects.removeIf(o -> o instanceof Trigger g && g.table().name().equals(t.table.name())
                            || o instanceof Policy p && p.table().equals(t.table.name())
                            || o instanceof Grant g && g.relation().equals(t.table.name()));
                    record(kind, "drop table " + t.label());
                    yield true;
                }
                case RENAME_TABLE -> {
                    List<TableState> notRenamed = existing.stream().filter(t -> t.table.renamedFrom().isEmpty()
                            && !readByView(t.table.name())).toList();
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
                    objects.replaceAll(o -> switch (o) {
                        case Trigger g when g.table().name().equals(from) -> onTable(g, to);
                        case Policy p when p.table().equals(from) -> p.onTable(to);
                        case Grant g when g.relation().equals(from) -> Grant.of(g.on(),
                                g.column().map(c -> to + "." + c).orElse(to), g.roles());
                        default -> o;
                    });
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
                case ROUTINE -> {
                    if (kinds.contains(Kind.ROUTINE)) {
                        yield false;
                    }
                    mutateRoutine(tape.flag() ? RABATT : AUFRAEUMEN, tape);
                    yield true;
                }
                case TRIGGER -> {
                    if (kinds.contains(Kind.TRIGGER)) {
                        yield false;
                    }
                    mutateTrigger(tape, live);
                    yield true;
                }
                case DOMAIN -> {
                    if (kinds.contains(Kind.DOMAIN)) {
                        yield false;
                    }
                    mutateDomain(tape, live);
                    yield true;
                }
                case COMPOSITE_TYPE -> {
                    if (kinds.contains(Kind.COMPOSITE_TYPE)) {
                        yield false;
                    }
                    mutateComposite(tape, live);
                    yield true;
                }
                case POLICY -> {
                    if (kinds.contains(Kind.POLICY)) {
                        yield false;
                    }
                    mutatePolicy(tape, live);
                    yield true;
                }
                case MATERIALIZED_VIEW -> {
                    if (kinds.contains(kind)) {
                        yield false;
                    }
                    mutateMatView(tape, live);
                    yield true;
                }
                case AGGREGATE -> {
                    if (kinds.contains(kind)) {
                        yield false;
                    }
                    mutateAggregate(tape);
                    yield true;
                }
                case GRANT -> {
                    if (kinds.contains(kind)) {
                        yield false;
                    }
                    mutateGrant(tape, live);
                    yield true;
                }
                case UNLOGGED -> {
                    if (kinds.contains(kind)) {
                        yield false;
                    }
                    // Logged to unlogged only where no other table's foreign key points (PostgreSQL refuses it).
                    List<TableState> candidates = existing.stream()
                            .filter(t -> t.table.unlogged() || !referenced(t.table.name())).toList();
                    if (candidates.isEmpty()) {
                        yield false;
                    }
                    TableState t = tape.pick(candidates);
                    t.table = t.table.withUnlogged(!t.table.unlogged());
                    record(kind, "make table " + t.label() + (t.table.unlogged() ? " unlogged" : " logged"));
                    yield true;
                }
                case ADD_PARTITION, DROP_PARTITION, PARTITIONED_INDEX, CHANGE_PARTITION_BOUND -> mutatePartitions(kind);
                case VIEW_OPTION -> {
                    if (kinds.contains(kind)) {
                        yield false;
                    }
                    mutateView(tape, live);
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

        // Each kind managed as a whole changes once per pair: a second change could undo the first.

        private void mutateRoutine(Routine base, Tape tape) {
            Kind kind = Kind.ROUTINE;
            String what = base.kind() + " " + base.key();
            Optional<SchemaObject> live = object(base.kind(), base.key());
            if (live.isEmpty()) {
                objects.add(base);
                record(kind, "create " + what);
                return;
            }
            Routine r = (Routine) live.get();
            boolean function = r.routineKind() == Routine.Kind.FUNCTION;
            switch (tape.next(4)) {
                case 0 -> {
                    String body = function ? "SELECT round(betrag * (1 - \"from\"), 2)" : "BEGIN\n  NULL; -- nothing to keep\nEND";
                    replaceObject(r, routine(r, r.returns(), r.volatility(), r.securityDefiner(), r.settings(), body));
                    record(kind, "replace the body of " + what);
                }
                case 1 -> {
                    replaceObject(r, routine(r, r.returns(), function ? Routine.Volatility.STABLE : r.volatility(), true,
                            Map.of("search_path", "pg_catalog, pg_temp"), r.body()));
                    record(kind, "make " + what + " security definer with search_path pg_catalog, pg_temp");
                }
                case 2 -> {
                    if (function) {
                        // Another result type: PostgreSQL cannot replace it, so it is dropped and created.
                        replaceObject(r, routine(r, Optional.of("text"), r.volatility(), r.securityDefiner(), r.settings(),
                                "SELECT (betrag * (1 - \"from\"))::text"));
                        record(kind, "change the result of " + what + " to text");
                    } else {
                        replaceObject(r, r.withComment(Optional.of("it's for the nightly job")));
                        record(kind, "comment on " + what);
                    }
                }
                default -> {
                    objects.remove(r);
                    record(kind, "drop " + what);
                }
            }
        }

        private void mutateTrigger(Tape tape, List<TableState> live) {
            Kind kind = Kind.TRIGGER;
            Optional<Trigger> existingTrigger = first(Trigger.class);
            if (existingTrigger.isEmpty()) {
                TableState t = tape.pick(live);
                if (!objects.contains(AUDIT_ROW)) {
                    objects.add(AUDIT_ROW);
                }
                objects.add(trigger(t.table, Trigger.Timing.BEFORE, List.of(Trigger.Event.INSERT, Trigger.Event.UPDATE),
                        List.of(), true, Optional.empty()));
                record(kind, "create trigger " + TRIGGER_NAME + " BEFORE INSERT OR UPDATE on " + t.label());
                return;
            }
            Trigger g = existingTrigger.get();
            TableState t = live.stream().filter(x -> x.table.name().equals(g.table().name())).findFirst().orElseThrow();
            List<Column> columns = t.table.columns().stream()
                    .filter(c -> c.generatedAs().isEmpty() && (t.currentName.isEmpty() || t.isOriginal(c) && !t.touched.contains(c.name())))
                    .toList();
            int choice = tape.next(4);
            if (choice < 2 && columns.isEmpty()) {
                choice = 2;
            }
            switch (choice) {
                case 0 -> {
                    Column c = tape.pick(columns);
                    replaceObject(g, trigger(t.table, Trigger.Timing.BEFORE, List.of(Trigger.Event.UPDATE), List.of(c.name()),
                            true, Optional.empty()));
                    record(kind, "make trigger " + TRIGGER_NAME + " on " + t.label() + " BEFORE UPDATE OF " + c.name());
                }
                case 1 -> {
                    Column c = tape.pick(columns);
                    Optional<String> when = Kinds.when(java.util.Set.of(Trigger.Event.INSERT, Trigger.Event.UPDATE), c);
                    replaceObject(g, trigger(t.table, Trigger.Timing.AFTER, List.of(Trigger.Event.INSERT, Trigger.Event.UPDATE),
                            List.of(), true, when));
                    record(kind, "give trigger " + TRIGGER_NAME + " on " + t.label() + " the condition " + when.orElseThrow());
                }
                case 2 -> {
                    replaceObject(g, trigger(t.table, Trigger.Timing.AFTER, List.of(Trigger.Event.INSERT, Trigger.Event.DELETE,
                            Trigger.Event.TRUNCATE), List.of(), false, Optional.empty()));
                    record(kind, "make trigger " + TRIGGER_NAME + " on " + t.label() + " AFTER INSERT OR DELETE OR TRUNCATE FOR EACH STATEMENT");
                }
                default -> {
                    objects.remove(g);
                    boolean withFunction = tape.flag();
                    if (withFunction) {
                        objects.remove(AUDIT_ROW);
                    }
                    record(kind, "drop trigger " + TRIGGER_NAME + " on " + t.label() + (withFunction ? " and its function" : ""));
                }
            }
        }

        private void mutateDomain(Tape tape, List<TableState> live) {
            Kind kind = Kind.DOMAIN;
            Optional<Domain> existingDomain = first(Domain.class);
            if (existingDomain.isEmpty()) {
                objects.add(MENGE);
                TableState t = tape.pick(live);
                String name = unique(t.columnNames(), "menge");
                t.add(Column.of(name, DataType.userDefined(SCHEMA, DOMAIN_NAME)));
                t.touched.add(name);
                record(kind, "create domain " + DOMAIN_NAME + " and add column " + t.label() + "." + name + " of it");
                return;
            }
            Domain d = existingDomain.get();
            int choice = tape.next(4);
            if (choice == 3 && typeInUse(DOMAIN_NAME)) {
                choice = 0;
            }
            switch (choice) {
                case 0 -> {
                    List<Domain.Check> checks = new ArrayList<>(d.checks());
                    checks.add(new Domain.Check("Menge_klein", "(VALUE < 1000000)", true));
                    replaceObject(d, new Domain(d.name(), d.baseType(), d.collation(), d.defaultValue(), d.notNull(), checks, d.comment()));
                    record(kind, "add check Menge_klein to domain " + DOMAIN_NAME);
                }
                case 1 -> {
                    replaceObject(d, new Domain(d.name(), d.baseType(), d.collation(), d.defaultValue(), d.notNull(), List.of(), d.comment()));
                    record(kind, "drop the checks of domain " + DOMAIN_NAME);
                }
                case 2 -> {
                    replaceObject(d, new Domain(d.name(), d.baseType(), d.collation(), Optional.of("1"), true, d.checks(), d.comment()));
                    record(kind, "give domain " + DOMAIN_NAME + " DEFAULT 1 NOT NULL");
                }
                default -> {
                    objects.remove(d);
                    record(kind, "drop domain " + DOMAIN_NAME);
                }
            }
        }

        private void mutateComposite(Tape tape, List<TableState> live) {
            Kind kind = Kind.COMPOSITE_TYPE;
            Optional<CompositeType> existingType = first(CompositeType.class);
            if (existingType.isEmpty()) {
                objects.add(ADRESSE);
                TableState t = tape.pick(live);
                String name = unique(t.columnNames(), "anschrift");
                t.add(Column.of(name, DataType.userDefined(SCHEMA, COMPOSITE_NAME)));
                t.touched.add(name);
                record(kind, "create type " + COMPOSITE_NAME + " and add column " + t.label() + "." + name + " of it");
                return;
            }
            CompositeType c = existingType.get();
            int choice = tape.next(3);
            if (choice == 2 && typeInUse(COMPOSITE_NAME)) {
                choice = 0;
            }
            switch (choice) {
                case 0 -> {
                    List<CompositeType.Attribute> attributes = new ArrayList<>(c.attributes());
                    attributes.add(new CompositeType.Attribute("Land", TEXT, Optional.empty()));
                    replaceObject(c, new CompositeType(c.name(), attributes, c.comment()));
                    record(kind, "add attribute Land to type " + COMPOSITE_NAME);
                }
                case 1 -> {
                    replaceObject(c, new CompositeType(c.name(), c.attributes().subList(0, 1), c.comment()));
                    record(kind, "drop attribute PLZ of type " + COMPOSITE_NAME);
                }
                default -> {
                    objects.remove(c);
                    record(kind, "drop type " + COMPOSITE_NAME);
                }
            }
        }

        private void mutateMatView(Tape tape, List<TableState> live) {
            Kind kind = Kind.MATERIALIZED_VIEW;
            Optional<MaterializedView> existing = first(MaterializedView.class);
            if (existing.isEmpty()) {
                TableState t = tape.pick(live);
                boolean populated = !tape.oneIn(3);
                objects.add(matView(t.table, false, populated));
                record(kind, "create materialized view " + MATVIEW_NAME + " over " + t.label() + (populated ? "" : " WITH NO DATA"));
                return;
            }
            MaterializedView m = existing.get();
            TableState t = live.stream().filter(x -> m.query().contains(Identifiers.qualified(SCHEMA, x.table.name())))
                    .findFirst().orElseThrow();
            switch (tape.next(3)) {
                case 0 -> {
                    boolean filtered = m.query().contains("WHERE");
                    replaceObject(m, matView(t.table, !filtered, m.populated()));
                    record(kind, (filtered ? "drop the WHERE of" : "add a WHERE to") + " the query of materialized view " + MATVIEW_NAME);
                }
                case 1 -> {
                    replaceObject(m, new MaterializedView(m.name(), m.query(), !m.populated(), m.indexes(), m.comment()));
                    record(kind, (m.populated() ? "empty materialized view " : "populate materialized view ") + MATVIEW_NAME);
                }
                default -> {
                    objects.remove(m);
                    record(kind, "drop materialized view " + MATVIEW_NAME);
                }
            }
        }

        private void mutateAggregate(Tape tape) {
            Kind kind = Kind.AGGREGATE;
            Optional<Aggregate> existing = first(Aggregate.class);
            if (existing.isEmpty()) {
                if (!objects.contains(SUMME_SCHRITT)) {
                    objects.add(SUMME_SCHRITT);
                }
                objects.add(SUMME);
                record(kind, "create aggregate " + SUMME.key() + " over " + SUMME_SCHRITT.key());
                return;
            }
            Aggregate a = existing.get();
            switch (tape.next(3)) {
                case 0 -> {
                    replaceObject(a, summe(a.state().initialValue().filter("0"::equals).map(v -> "100").orElse("0")));
                    record(kind, "change the initial condition of aggregate " + a.key());
                }
                case 1 -> {
                    objects.remove(a);
                    record(kind, "drop aggregate " + a.key());
                }
                default -> {
                    objects.remove(a);
                    objects.remove(SUMME_SCHRITT);
                    record(kind, "drop aggregate " + a.key() + " and its function " + SUMME_SCHRITT.key());
                }
            }
        }

        private void mutateGrant(Tape tape, List<TableState> live) {
            Kind kind = Kind.GRANT;
            Optional<Grant> existing = first(Grant.class);
            if (existing.isEmpty()) {
                TableState t = tape.pick(live);
                objects.add(Grant.of(Grant.On.TABLE, t.table.name(), Map.of(READER, Privileges.of("select"),
                        WRITER, Privileges.of("select", "insert", "update"))));
                record(kind, "grant select to " + READER + " and select, insert, update to " + WRITER + " on " + t.label());
                return;
            }
            Grant g = existing.get();
            switch (tape.next(3)) {
                case 0 -> {
                    objects.remove(g);
                    record(kind, "revoke everything granted on " + g.key());
                }
                case 1 -> {
                    Map<String, Privileges> roles = new java.util.TreeMap<>(g.roles());
                    roles.put(READER, new Privileges(Set.of("select", "references"), Set.of("select")));
                    roles.put(Grant.PUBLIC, Privileges.of("select"));
                    replaceObject(g, Grant.of(g.on(), g.name(), roles));
                    record(kind, "grant references and select WITH GRANT OPTION to " + READER + ", select to PUBLIC on " + g.key());
                }
                default -> {
                    TableState t = live.stream().filter(x -> x.table.name().equals(g.relation())).findFirst().orElseThrow();
                    String key = t.table.primaryKey().orElseThrow().columns().getFirst();
                    objects.add(Grant.of(Grant.On.COLUMN, t.table.name() + "." + key, Map.of("testuser", Privileges.of("update"))));
                    record(kind, "grant update on column " + t.label() + "." + key + " to testuser");
                }
            }
        }

        private void mutateView(Tape tape, List<TableState> live) {
            Kind kind = Kind.VIEW_OPTION;
            if (views.isEmpty()) {
                TableState t = tape.pick(live);
                views.add(view(t.table, new ViewOptions(true, false, ViewOptions.CheckOption.NONE)));
                record(kind, "create view " + VIEW_NAME + " over " + t.label() + " WITH (security_barrier)");
                return;
            }
            dev.strata.model.View v = views.getFirst();
            ViewOptions o = v.options();
            ViewOptions changed = tape.flag()
                    ? new ViewOptions(!o.securityBarrier(), o.securityInvoker(), o.checkOption())
                    : new ViewOptions(o.securityBarrier(), o.securityInvoker(), switch (o.checkOption()) {
                        case NONE -> tape.flag() ? ViewOptions.CheckOption.LOCAL : ViewOptions.CheckOption.CASCADED;
                        case LOCAL, CASCADED -> ViewOptions.CheckOption.NONE;
                    });
            views.set(0, v.withOptions(changed));
            record(kind, "options of view " + VIEW_NAME + " from " + o + " to " + changed);
        }

        /** Whether the view or the materialized view reads the table (renaming or dropping it would break them). */
        private boolean readByView(String table) {
            String name = Identifiers.qualified(SCHEMA, table);
            return views.stream().anyMatch(v -> v.definition().contains(name))
                    || objects.stream().anyMatch(o -> o instanceof MaterializedView m && m.query().contains(name));
        }

        private void mutatePolicy(Tape tape, List<TableState> live) {
            Kind kind = Kind.POLICY;
            Optional<Policy> existingPolicy = first(Policy.class);
            if (existingPolicy.isEmpty()) {
                TableState t = tape.pick(live);
                Policy.Command command = tape.pick(List.of(Policy.Command.values()));
                objects.add(policy(t.table, command));
                if (t.table.rowLevelSecurity().isOff()) {
                    t.table = t.table.withRowLevelSecurity(RowLevelSecurity.ENABLED);
                }
                record(kind, "create policy " + POLICY_NAME + " FOR " + command + " on " + t.label() + " with row-level security");
                return;
            }
            Policy p = existingPolicy.get();
            TableState t = live.stream().filter(x -> x.table.name().equals(p.table())).findFirst().orElseThrow();
            switch (tape.next(4)) {
                case 0 -> {
                    replaceObject(p, new Policy(p.table(), p.name(), p.command(), p.permissive(), p.roles(),
                            p.using().map(u -> "true"), p.withCheck().map(u -> "true"), p.comment()));
                    record(kind, "alter policy " + POLICY_NAME + " on " + t.label() + " to true");
                }
                case 1 -> {
                    Policy select = policy(t.table, Policy.Command.SELECT);
                    replaceObject(p, new Policy(p.table(), p.name(), Policy.Command.SELECT, false, p.roles(), select.using(),
                            Optional.empty(), p.comment()));
                    record(kind, "make policy " + POLICY_NAME + " on " + t.label() + " a restrictive SELECT policy");
                }
                case 2 -> {
                    objects.remove(p);
                    t.table = t.table.withRowLevelSecurity(RowLevelSecurity.OFF);
                    record(kind, "drop policy " + POLICY_NAME + " on " + t.label() + " and disable row-level security");
                }
                default -> {
                    replaceObject(p, new Policy(p.table(), p.name(), p.command(), p.permissive(), List.of("pg_database_owner"),
                            p.using(), p.withCheck(), Optional.of("Nur eigene Zeilen")));
                    t.table = t.table.withRowLevelSecurity(RowLevelSecurity.FORCED);
                    record(kind, "policy " + POLICY_NAME + " on " + t.label() + " to pg_database_owner, row-level security forced");
                }
            }
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
                            && !t.referencedByFk(c.name()) && !readByObject(t.table, c.name()) && filter.test(t, c)) {
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

        /**
         * Whether a trigger or a policy names the column ({@code UPDATE OF}, a condition, an expression): PostgreSQL
         * refuses to drop or retype it under them, and a rename would have to rewrite their text.
         */
        private boolean readByObject(Table table, String column) {
            String quoted = Identifiers.quote(column);
            return objects.stream().anyMatch(o -> switch (o) {
                case Trigger t -> t.table().name().equals(table.name())
                        && (t.updateOf().contains(column) || t.when().filter(w -> w.contains(quoted)).isPresent());
                case Policy p -> p.table().equals(table.name()) && (p.using().filter(e -> e.contains(quoted)).isPresent()
                        || p.withCheck().filter(e -> e.contains(quoted)).isPresent());
                default -> false;
            });
        }

        /** Whether a column of a live table has the type. */
        private boolean typeInUse(String typeName) {
            DataType type = DataType.userDefined(SCHEMA, typeName);
            return tables.stream().filter(t -> !t.dropped).anyMatch(t -> t.table.columns().stream().anyMatch(c -> c.type().equals(type)));
        }

        private Optional<SchemaObject> object(String kind, String key) {
            return objects.stream().filter(o -> o.kind().equals(kind) && o.key().equals(key)).findFirst();
        }

        private <T extends SchemaObject> Optional<T> first(Class<T> type) {
            return objects.stream().filter(type::isInstance).map(type::cast).findFirst();
        }

        private void replaceObject(SchemaObject old, SchemaObject updated) {
            objects.set(objects.indexOf(old), updated);
        }

        private boolean referenced(String tableName) {
            return tables.stream().filter(t -> !t.dropped && !t.table.name().equals(tableName))
                    .anyMatch(t -> t.table.foreignKeys().stream().anyMatch(f -> f.target().name().equals(tableName)));
        }

        /**
         * One change to the partitioned table, each at most once per pair: a partition for a value no row holds, a
         * partition of current dropped (never the DEFAULT one, which holds the rows), an index on the parent, or a
         * partition of current given a bound that overlaps none of its siblings'.
         */
        private boolean mutatePartitions(Kind kind) {
            Optional<Table> parent = partitionTree.stream().filter(Table::partitioned).findFirst();
            if (parent.isEmpty() || kinds.contains(kind)) {
                return false;
            }
            QualifiedName parentName = QualifiedName.of(SCHEMA, PARTITIONED);
            List<Table> ofCurrent = partitionTree.stream().filter(t -> t.isPartition() && !t.partitionOf().get().isDefault()
                    && current.table(QualifiedName.of(SCHEMA, t.name())).isPresent()).toList();
            switch (kind) {
                case ADD_PARTITION -> {
                    String name = newRelation(PARTITIONED + "_sa");
                    partitionTree.add(partition(name, parentName, "FOR VALUES IN ('sa')"));
                    record(kind, "add partition " + name + " of " + PARTITIONED + " for 'sa'");
                }
                case DROP_PARTITION -> {
                    if (ofCurrent.isEmpty()) {
                        return false;
                    }
                    Table dropped = ofCurrent.getLast();
                    partitionTree.remove(dropped);
                    record(kind, "drop partition " + dropped.name() + " of " + PARTITIONED);
                }
                case PARTITIONED_INDEX -> {
                    String name = newRelation(PARTITIONED + "_wert_idx");
                    Table p = parent.get();
                    partitionTree.set(partitionTree.indexOf(p), p.withIndexes(append(p.indexes(), index(name, "wert", false))));
                    record(kind, "add index " + name + " on partitioned " + PARTITIONED + " (wert)");
                }
                default -> {
                    if (ofCurrent.isEmpty()) {
                        return false;
                    }
                    Table changed = ofCurrent.getFirst();
                    String bound = changed.partitionOf().get().bound().contains("'eu'")
                            ? "FOR VALUES IN ('eu', 'uk')" : "FOR VALUES IN ('ap', 'in')";
                    partitionTree.set(partitionTree.indexOf(changed),
                            changed.withPartitionOf(Optional.of(new dev.strata.model.PartitionOf(parentName, bound))));
                    record(kind, "change bound of partition " + changed.name() + " to " + bound);
                }
            }
            return true;
        }

        private String newRelation(String base) {
            String name = unique(relations, PgNames.truncate(base));
            relations.add(name);
            return name;
        }
    }

    private static Routine routine(Routine r, Optional<String> returns, Routine.Volatility volatility, boolean securityDefiner,
            Map<String, String> settings, String body) {
        return new Routine(r.routineKind(), r.name(), r.arguments(), returns, r.language(), volatility, r.strict(),
                securityDefiner, r.leakproof(), r.parallel(), r.cost(), r.rows(), settings, body, r.comment());
    }

    private static Trigger onTable(Trigger g, String table) {
        return new Trigger(QualifiedName.of(g.table().schema(), table), g.name(), g.timing(), g.events(), g.updateOf(),
                g.forEachRow(), g.when(), g.oldTable(), g.newTable(), g.function(), g.arguments(), g.enabled(), g.comment());
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
