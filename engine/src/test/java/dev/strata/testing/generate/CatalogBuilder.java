package dev.strata.testing.generate;

import dev.strata.model.Catalog;
import dev.strata.model.CheckConstraint;
import dev.strata.model.Column;
import dev.strata.model.DataType;
import dev.strata.model.Deferrability;
import dev.strata.model.EnumType;
import dev.strata.model.ForeignKey;
import dev.strata.model.Identity;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.PrimaryKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.SchemaObject;
import dev.strata.model.Sequence;
import dev.strata.model.SequenceOptions;
import dev.strata.model.Table;
import dev.strata.model.UniqueConstraint;
import dev.strata.model.View;
import dev.strata.model.ViewOptions;
import dev.strata.sql.Identifiers;
import dev.strata.sql.TypeNames;
import dev.strata.testing.generate.Specs.CatalogSpec;
import dev.strata.testing.generate.Specs.ColumnSpec;
import dev.strata.testing.generate.Specs.ForeignKeySpec;
import dev.strata.testing.generate.Specs.SchemaSpec;
import dev.strata.testing.generate.Specs.TableSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a {@link CatalogSpec} into a valid catalog. Validity comes from construction, not from filtering:
 * a name already used in its scope drops the object that wanted it, picks are taken modulo the candidates,
 * and a feature that does not fit its column (an identity on text) is left out. Names of tables, views,
 * sequences, indexes, enums and constraints are kept unique per schema, which is stricter than PostgreSQL
 * (constraint names need only be unique per table) but keeps every relation and type name free.
 */
final class CatalogBuilder {

    private static final List<DataType> SEQUENCE_TYPES =
            List.of(DataType.builtin("bigint"), DataType.builtin("integer"), DataType.builtin("smallint"));

    private final GeneratorOptions options;
    private final Map<String, Set<String>> taken = new HashMap<>();
    private final List<EnumType> enumTypes = new ArrayList<>();
    private final List<DataType> enumDataTypes = new ArrayList<>();
    /** Every type a column may take beyond the built-ins: enums, domains and composite types, as they are made. */
    private final List<DataType> userDataTypes = new ArrayList<>();
    private final Map<String, DataType> domainBases = new java.util.HashMap<>();

    private CatalogBuilder(GeneratorOptions options) {
        this.options = options;
    }

    static Catalog build(CatalogSpec spec, GeneratorOptions options) {
        return new CatalogBuilder(options).build(spec);
    }

    final class SchemaWork {
        final String name;
        final SchemaSpec spec;
        final List<EnumType> enums = new ArrayList<>();
        final List<Sequence> sequences = new ArrayList<>();
        final List<TableWork> tables = new ArrayList<>();
        final List<View> views = new ArrayList<>();
        final List<SchemaObject> objects = new ArrayList<>();

        SchemaWork(String name, SchemaSpec spec) {
            this.name = name;
            this.spec = spec;
        }

        boolean claim(String objectName) {
            return taken.computeIfAbsent(name, k -> new HashSet<>()).add(objectName);
        }
    }

    static final class TableWork {
        final String schema;
        final TableSpec spec;
        Table table;
        /** The partitions of a partitioned table: kept out of {@code tables}, so no view, key or trigger picks one. */
        final List<Table> partitions = new ArrayList<>();

        TableWork(String schema, TableSpec spec, Table table) {
            this.schema = schema;
            this.spec = spec;
            this.table = table;
        }
    }

    private Catalog build(CatalogSpec spec) {
        Map<String, SchemaWork> schemas = new LinkedHashMap<>();
        for (SchemaSpec s : spec.schemas()) {
            schemas.putIfAbsent(s.name(), new SchemaWork(s.name(), s));
        }
        for (SchemaWork s : schemas.values()) {
            addEnums(s);
        }
        for (SchemaWork s : schemas.values()) {
            Kinds.addDomains(this, s);
        }
        for (SchemaWork s : schemas.values()) {
            Kinds.addComposites(this, s);
        }
        for (SchemaWork s : schemas.values()) {
            for (TableSpec t : s.spec.tables()) {
                if (s.claim(t.name())) {
                    s.tables.add(new TableWork(s.name, t, table(s, t)));
                }
            }
            for (TableWork t : s.tables) {
                addPartitions(s, t);
            }
        }
        List<TableWork> allTables = schemas.values().stream().flatMap(s -> s.tables.stream()).toList();
        for (TableWork t : allTables) {
            addForeignKeys(schemas.get(t.schema), t, allTables);
        }
        markUnlogged(allTables);
        for (SchemaWork s : schemas.values()) {
            addSequences(s);
            addViews(s);
        }
        for (SchemaWork s : schemas.values()) {
            Kinds.addRoutines(this, s);
            Kinds.addTriggers(s);
            Kinds.addPolicies(s);
            Kinds.addMatViews(this, s);
            Kinds.addAggregates(s);
        }
        for (SchemaWork s : schemas.values()) {
            Kinds.addGrants(s);
        }
        return new Catalog(schemas.values().stream()
                .map(s -> new Schema(s.name, s.enums, s.sequences, s.tables.stream()
                        .flatMap(t -> java.util.stream.Stream.concat(java.util.stream.Stream.of(t.table), t.partitions.stream()))
                        .toList(),
                        s.views.stream().sorted(java.util.Comparator.comparing(View::name)).toList()).withObjects(s.objects))
                .toList());
    }

    private void addEnums(SchemaWork s) {
        for (Specs.EnumSpec e : s.spec.enums()) {
            if (s.claim(e.name())) {
                var type = new EnumType(e.name(), List.copyOf(new LinkedHashSet<>(e.labels())), e.comment());
                s.enums.add(type);
                enumTypes.add(type);
                enumDataTypes.add(DataType.userDefined(s.name, e.name()));
                userDataTypes.add(DataType.userDefined(s.name, e.name()));
            }
        }
    }

    private DataType type(int pick) {
        int slots = ColumnTypes.BUILTINS.size() + (userDataTypes.isEmpty() ? 0 : 1);
        int slot = pick % slots;
        if (slot < ColumnTypes.BUILTINS.size()) {
            return ColumnTypes.BUILTINS.get(slot);
        }
        return userDataTypes.get(pick / slots % userDataTypes.size());
    }

    /** The user types made so far (enums, domains, composite types), for routines' arguments and results. */
    List<DataType> userTypes() {
        return List.copyOf(userDataTypes);
    }

    void addUserType(DataType type) {
        userDataTypes.add(type);
    }

    /** A domain made so far, with its base type: what a NULL of it prints as depends on the base. */
    void addDomain(DataType domain, DataType base) {
        addUserType(domain);
        domainBases.put(TypeNames.sql(domain), base);
    }

    /** The base types of the domains made so far, by the domain's name as SQL. */
    Map<String, DataType> domainBases() {
        return Map.copyOf(domainBases);
    }

    private List<String> defaultsOf(DataType type) {
        int enumIndex = enumDataTypes.indexOf(type);
        if (enumIndex >= 0) {
            return enumTypes.get(enumIndex).labels().stream().map(l -> CanonicalSql.enumDefault(type, l)).toList();
        }
        return CanonicalSql.defaults(type);
    }

    /** Defaults most of the time, otherwise one of three non-default option sets. */
    private static SequenceOptions sequenceOptions(DataType type, int pick) {
        return switch (pick % 8) {
            case 5 -> SequenceOptions.defaultsFor(type, -1);
            case 6 -> new SequenceOptions(1000, 10, 1, SequenceOptions.maxOf(type), 20, false);
            case 7 -> new SequenceOptions(5, 1, 5, 5000, 1, true);
            default -> SequenceOptions.defaultsFor(type);
        };
    }

    private Table table(SchemaWork s, TableSpec spec) {
        List<Column> columns = new ArrayList<>();
        Set<String> columnNames = new HashSet<>();
        for (ColumnSpec c : spec.columns()) {
            if (columnNames.add(c.name())) {
                columns.add(column(s, spec.name(), c, columns));
            }
        }
        Optional<PartitionKey> partitionKey = spec.extras().partition().map(p -> partitionKey(p, columns));
        if (partitionKey.isPresent()) {
            // Identity and generated columns of a partitioned table differ by major in what a partition inherits.
            columns.replaceAll(c -> c.withIdentity(Optional.empty()).withGeneratedAs(Optional.empty()));
            columns.add(Column.of(partitionKey.get().column(), partitionKey.get().type()).withNullable(false));
        }
        List<Column> keyable = columns.stream().filter(c -> c.generatedAs().isEmpty()).toList();

        Optional<PrimaryKey> primaryKey = Optional.empty();
        String pkName = IdentifierPool.truncate(spec.name(), IdentifierPool.MAX_BYTES - 3) + "_pk";
        if (spec.primaryKey().isPresent() && !keyable.isEmpty() && s.claim(pkName)) {
            List<String> pkColumns = withPartitionKey(pickNames(keyable, spec.primaryKey().get()), partitionKey);
            primaryKey = Optional.of(new PrimaryKey(pkName, pkColumns, spec.extras().primaryKeyComment()));
            columns.replaceAll(c -> pkColumns.contains(c.name()) ? c.withNullable(false) : c);
        }

        List<UniqueConstraint> uniques = new ArrayList<>();
        for (Specs.UniqueSpec u : spec.uniques()) {
            if (!keyable.isEmpty() && s.claim(u.name())) {
                uniques.add(new UniqueConstraint(u.name(), withPartitionKey(pickNames(keyable, u.columnPicks()), partitionKey),
                        u.nullsNotDistinct() && options.pg15Plus(),
                        partitionKey.isPresent() ? Deferrability.NOT_DEFERRABLE : u.deferrability(), u.comment()));
            }
        }

        List<CheckConstraint> checks = new ArrayList<>();
        for (Specs.CheckSpec c : spec.checks()) {
            if (s.claim(c.name())) {
                Column column = columns.get(c.columnPick() % columns.size());
                List<String> templates = CanonicalSql.checks(column.name(), column.type());
                // A partitioned table takes no NO INHERIT check; its checks are kept valid.
                checks.add(new CheckConstraint(c.name(), templates.get(c.templatePick() % templates.size()),
                        c.noInherit() && partitionKey.isEmpty(), !c.notValid() || partitionKey.isPresent(), c.comment()));
            }
        }

        List<Index> indexes = new ArrayList<>();
        for (Specs.IndexSpec i : spec.indexes()) {
            if (s.claim(i.name())) {
                Index index = index(i, columns);
                // A unique index on a partitioned table must hold the key's columns: the generated ones stay plain.
                indexes.add(partitionKey.isEmpty() ? index : new Index(index.name(), false, false, index.method(),
                        index.keys(), index.include(), index.where(), index.storageParameters(), index.comment()));
            }
        }

        Optional<String> renamedFrom = options.hints()
                ? spec.extras().renamedFrom().filter(r -> !r.equals(spec.name()))
                : Optional.empty();
        Table table = new Table(spec.name(), columns, primaryKey, uniques, List.of(), checks, List.of(), indexes,
                spec.extras().comment(), renamedFrom);
        return partitionKey.map(k -> table.withPartitionBy(Optional.of(k.strategy() + " (" + Identifiers.quote(k.column()) + ")")))
                .orElse(table);
    }

    /** A partition key over a column of its own, {@code strategy} being RANGE, LIST or HASH. */
    private record PartitionKey(String strategy, String column, DataType type, Specs.PartitionSpec spec) {}

    private static PartitionKey partitionKey(Specs.PartitionSpec spec, List<Column> columns) {
        int pick = spec.strategyPick();
        return switch (pick % 3) {
            case 0 -> pick / 3 % 2 == 0
                    ? new PartitionKey("RANGE", freeColumnName(columns, "occurred_on"), DataType.builtin("date"), spec)
                    : new PartitionKey("RANGE", freeColumnName(columns, "bucket"), DataType.builtin("integer"), spec);
            case 1 -> pick / 3 % 2 == 0
                    ? new PartitionKey("LIST", freeColumnName(columns, "region"), DataType.builtin("text"), spec)
                    : new PartitionKey("LIST", freeColumnName(columns, "code"), DataType.builtin("integer"), spec);
            default -> new PartitionKey("HASH", freeColumnName(columns, "shard_id"), DataType.builtin("integer"), spec);
        };
    }

    private static List<String> withPartitionKey(List<String> columns, Optional<PartitionKey> key) {
        if (key.isEmpty() || columns.contains(key.get().column())) {
            return columns;
        }
        List<String> with = new ArrayList<>(columns);
        with.add(key.get().column());
        return List.copyOf(with);
    }

    /**
     * The i-th of up to three non-overlapping bounds of {@code key}, as {@code pg_get_expr(relpartbound, oid)} prints it
     * on 14 and 18 alike.
     */
    static String bound(String strategy, DataType type, int i, int modulus) {
        boolean date = type.equals(DataType.builtin("date"));
        boolean text = type.equals(DataType.builtin("text"));
        return switch (strategy) {
            case "RANGE" -> date
                    ? "FOR VALUES FROM ('" + (2020 + i) + "-01-01') TO ('" + (2021 + i) + "-01-01')"
                    : "FOR VALUES FROM (" + (i * 100) + ") TO (" + ((i + 1) * 100) + ")";
            case "LIST" -> "FOR VALUES IN (" + String.join(", ", (text ? TEXT_LISTS : INTEGER_LISTS).get(i)) + ")";
            default -> "FOR VALUES WITH (modulus " + modulus + ", remainder " + i + ")";
        };
    }

    private static final List<List<String>> TEXT_LISTS = List.of(List.of("'eu'", "'us'"), List.of("'ap'"), List.of("'af'", "'sa'"));
    private static final List<List<String>> INTEGER_LISTS = List.of(List.of("1", "2"), List.of("3"), List.of("5", "7"));

    /** The partitions drawn for a partitioned table, each named after it; a name already taken drops that partition. */
    private void addPartitions(SchemaWork s, TableWork t) {
        if (t.table.partitionBy().isEmpty() || t.spec.extras().partition().isEmpty()) {
            return;
        }
        Specs.PartitionSpec spec = t.spec.extras().partition().get();
        String strategy = t.table.partitionBy().get().substring(0, t.table.partitionBy().get().indexOf(' '));
        Column key = t.table.columns().getLast();
        int modulus = Math.max(spec.count(), 2 + spec.strategyPick() / 6 % 3);
        QualifiedName parent = QualifiedName.of(s.name, t.table.name());
        List<String> bounds = new ArrayList<>();
        for (int i = 0; i < spec.count(); i++) {
            bounds.add(bound(strategy, key.type(), i, modulus));
        }
        if (spec.withDefault() && !strategy.equals("HASH")) {
            bounds.add("DEFAULT");
        }
        for (int i = 0; i < bounds.size(); i++) {
            String suffix = bounds.get(i).equals("DEFAULT") ? "_pd" : "_p" + i;
            String name = IdentifierPool.truncate(t.table.name(), IdentifierPool.MAX_BYTES - suffix.length()) + suffix;
            if (!s.claim(name)) {
                continue;
            }
            List<Column> overrides = i == 0 ? spec.overridePick().flatMap(p -> override(t.table, key, p)).stream().toList() : List.of();
            t.partitions.add(Table.of(name, overrides)
                    .withPartitionOf(Optional.of(new dev.strata.model.PartitionOf(parent, bounds.get(i)))));
        }
    }

    /** A default or a NOT NULL that the partition has and its parent lacks, on a column other than the key. */
    private Optional<Column> override(Table parent, Column key, int pick) {
        List<Column> candidates = parent.columns().stream().filter(c -> !c.name().equals(key.name())).toList();
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        Column c = candidates.get(pick % candidates.size()).withComment(Optional.empty()).withRenamedFrom(Optional.empty())
                .withUsing(Optional.empty()).withBackfill(Optional.empty());
        if (c.nullable() && pick / candidates.size() % 2 == 0) {
            return Optional.of(c.withNullable(false));
        }
        List<String> defaults = defaultsOf(c.type()).stream().filter(d -> !c.defaultValue().equals(Optional.of(d))).toList();
        if (defaults.isEmpty()) {
            return c.nullable() ? Optional.of(c.withNullable(false)) : Optional.empty();
        }
        return Optional.of(c.withDefault(Optional.of(defaults.get(pick % defaults.size()))));
    }

    private Column column(SchemaWork s, String table, ColumnSpec spec, List<Column> earlier) {
        DataType type = type(spec.typePick());
        Column column = Column.of(spec.name(), type).withNullable(spec.nullable()).withComment(spec.comment());
        int pick = spec.featurePick();
        switch (spec.feature()) {
            case NONE -> { }
            case DEFAULT -> {
                List<String> defaults = defaultsOf(type);
                if (!defaults.isEmpty()) {
                    column = column.withDefault(Optional.of(defaults.get(pick % defaults.size())));
                }
            }
            case IDENTITY -> {
                if (ColumnTypes.isSequenceType(type)) {
                    var generation = pick % 2 == 0 ? Identity.Generation.ALWAYS : Identity.Generation.BY_DEFAULT;
                    column = column.withNullable(false)
                            .withIdentity(Optional.of(new Identity(generation, sequenceOptions(type, pick / 2))));
                }
            }
            case GENERATED -> {
                List<Column> sources = earlier.stream()
                        .filter(c -> c.type().equals(type) && c.generatedAs().isEmpty() && c.identity().isEmpty())
                        .filter(c -> CanonicalSql.generated(c.name(), type).isPresent())
                        .toList();
                if (!sources.isEmpty()) {
                    String source = sources.get(pick % sources.size()).name();
                    column = column.withGeneratedAs(CanonicalSql.generated(source, type));
                }
            }
            case SERIAL -> {
                String sequence = IdentifierPool.truncate(table + "_" + spec.name() + "_sq");
                if (ColumnTypes.isSequenceType(type) && s.claim(sequence)) {
                    s.sequences.add(new Sequence(sequence, type, SequenceOptions.defaultsFor(type),
                            Optional.of(new Sequence.OwnedBy(table, spec.name())), Optional.empty()));
                    column = column.withNullable(false).withDefault(Optional.of(CanonicalSql.nextval(s.name, sequence)));
                }
            }
        }
        if (options.hints()) {
            // a rename from the column's own name is no rename (the YAML reader rejects it)
            column = column.withRenamedFrom(spec.hints().renamedFrom().filter(r -> !r.equals(spec.name())));
            if (spec.hints().using()) {
                column = column.withUsing(Optional.of(Identifiers.quote(spec.name()) + "::" + TypeNames.sql(type)));
            }
            List<String> defaults = defaultsOf(type);
            if (spec.hints().backfill() && !defaults.isEmpty()) {
                column = column.withBackfill(Optional.of(defaults.get(0)));
            }
        }
        return column;
    }

    private static List<String> pickNames(List<Column> candidates, List<Integer> picks) {
        return picks.stream()
                .map(p -> candidates.get(p % candidates.size()).name())
                .distinct()
                .toList();
    }

    private Index index(Specs.IndexSpec spec, List<Column> columns) {
        Map<IndexKey.Target, IndexKey> keys = new LinkedHashMap<>();
        for (Specs.KeySpec k : spec.keys()) {
            Column column = columns.get(k.columnPick() % columns.size());
            IndexKey.Target target = k.expression()
                    ? CanonicalSql.indexExpression(column.name(), column.type())
                            .<IndexKey.Target>map(IndexKey.ExpressionTarget::new)
                            .orElse(new IndexKey.ColumnTarget(column.name()))
                    : new IndexKey.ColumnTarget(column.name());
            keys.putIfAbsent(target, new IndexKey(target, Optional.empty(), k.descending(), k.nullsFirst()));
        }
        Set<String> keyColumns = new HashSet<>();
        keys.keySet().forEach(t -> {
            if (t instanceof IndexKey.ColumnTarget c) {
                keyColumns.add(c.column());
            }
        });
        List<String> include = spec.includePicks().stream()
                .map(p -> columns.get(p % columns.size()).name())
                .filter(c -> !keyColumns.contains(c))
                .distinct()
                .toList();
        Optional<String> where = spec.wherePick().map(p -> {
            Column column = columns.get(p % columns.size());
            List<String> predicates = CanonicalSql.predicates(column.name(), column.type());
            return predicates.get(p / columns.size() % predicates.size());
        });
        return new Index(spec.name(), spec.unique(), spec.unique() && spec.nullsNotDistinct() && options.pg15Plus(),
                "btree", List.copyOf(keys.values()), include, where, Map.of(), spec.comment());
    }

    /** Keys a foreign key may reference: the primary key and the non-deferrable unique constraints. */
    private static List<List<String>> referenceableKeys(Table table) {
        List<List<String>> keys = new ArrayList<>();
        if (table.partitioned()) {
            // PostgreSQL 14 refuses nothing here, but a partitioned table's inbound keys are a catalog-recorded dependent
            return keys;
        }
        table.primaryKey().ifPresent(pk -> keys.add(pk.columns()));
        table.uniqueConstraints().stream()
                .filter(u -> u.deferrability() == Deferrability.NOT_DEFERRABLE)
                .forEach(u -> keys.add(u.columns()));
        return keys;
    }

    /**
     * Foreign keys get columns of their own, typed exactly like the referenced ones, so types always
     * match; referenced keys come from the first pass and do not change here.
     */
    private void addForeignKeys(SchemaWork s, TableWork from, List<TableWork> allTables) {
        List<ForeignKey> foreignKeys = new ArrayList<>();
        List<Column> columns = new ArrayList<>(from.table.columns());
        // A partitioned table's foreign keys are cloned into each partition (and NOT VALID is refused before 18).
        for (ForeignKeySpec f : from.table.partitioned() ? List.<ForeignKeySpec>of() : from.spec.foreignKeys()) {
            TableWork target = allTables.get(f.targetPick() % allTables.size());
            List<List<String>> keys = referenceableKeys(target.table);
            if (keys.isEmpty() || !s.claim(f.name())) {
                continue;
            }
            List<String> targetColumns = keys.get(f.keyPick() % keys.size());
            boolean self = target == from;
            List<String> fkColumns = new ArrayList<>();
            for (String targetColumn : targetColumns) {
                DataType type = target.table.column(targetColumn).orElseThrow().type();
                String name = freeColumnName(columns, (self ? "parent" : target.table.name()) + "_" + targetColumn);
                columns.add(Column.of(name, type).withNullable(f.nullable()));
                fkColumns.add(name);
            }
            foreignKeys.add(new ForeignKey(f.name(), fkColumns, QualifiedName.of(target.schema, target.table.name()),
                    targetColumns, f.onDelete(), f.onUpdate(), f.match(), f.deferrability(), !f.notValid(), f.comment()));
        }
        from.table = from.table.withColumns(columns).withForeignKeys(foreignKeys);
    }

    /**
     * {@code UNLOGGED} where drawn and allowed: a permanent table's foreign key may not reference an unlogged table, so
     * a table another table references stays logged (one referencing only itself may be unlogged).
     */
    private static void markUnlogged(List<TableWork> allTables) {
        for (TableWork t : allTables) {
            QualifiedName name = QualifiedName.of(t.schema, t.table.name());
            boolean referenced = allTables.stream().filter(o -> o != t)
                    .anyMatch(o -> o.table.foreignKeys().stream().anyMatch(f -> f.target().equals(name)));
            if (t.spec.extras().unlogged() && !referenced && !t.table.partitioned()) {
                t.table = t.table.withUnlogged(true);
            }
        }
    }

    private static String freeColumnName(List<Column> columns, String base) {
        Set<String> used = new HashSet<>();
        columns.forEach(c -> used.add(c.name()));
        String candidate = IdentifierPool.truncate(base);
        for (int n = 2; used.contains(candidate); n++) {
            String suffix = "_" + n;
            candidate = IdentifierPool.truncate(base, IdentifierPool.MAX_BYTES - suffix.length()) + suffix;
        }
        return candidate;
    }

    private void addSequences(SchemaWork s) {
        for (Specs.SequenceSpec q : s.spec.sequences()) {
            if (s.claim(q.name())) {
                DataType type = SEQUENCE_TYPES.get(q.typePick() % SEQUENCE_TYPES.size());
                s.sequences.add(new Sequence(q.name(), type, sequenceOptions(type, q.optionsPick()), Optional.empty(), q.comment()));
            }
        }
    }

    /**
     * Mostly none; otherwise {@code security_barrier}, a check option (every generated view selects plain columns of one
     * table, so it is automatically updatable, which {@code WITH CHECK OPTION} needs), or {@code security_invoker} from
     * PostgreSQL 15 on.
     */
    private ViewOptions viewOptions(int pick) {
        return switch (pick % 6) {
            case 3 -> new ViewOptions(true, false, ViewOptions.CheckOption.NONE);
            case 4 -> new ViewOptions(pick / 6 % 2 == 1, false,
                    pick / 12 % 2 == 0 ? ViewOptions.CheckOption.LOCAL : ViewOptions.CheckOption.CASCADED);
            case 5 -> options.pg15Plus()
                    ? new ViewOptions(pick / 6 % 2 == 1, true, ViewOptions.CheckOption.NONE)
                    : new ViewOptions(true, false, ViewOptions.CheckOption.NONE);
            default -> ViewOptions.NONE;
        };
    }

    GeneratorOptions options() {
        return options;
    }

    private void addViews(SchemaWork s) {
        if (s.tables.isEmpty()) {
            return;
        }
        for (Specs.ViewSpec v : s.spec.views()) {
            if (s.claim(v.name())) {
                Table table = s.tables.get(v.tablePick() % s.tables.size()).table;
                List<Column> columns = table.columns();
                List<String> selected = pickNames(columns, v.columnPicks());
                Optional<String> notNull = v.notNullPick().map(p -> columns.get(p % columns.size()).name());
                s.views.add(new View(v.name(),
                        CanonicalSql.viewDefinition(options.major(), s.name, table.name(), selected, notNull), v.comment(),
                        viewOptions(v.optionsPick())));
            }
        }
    }
}
