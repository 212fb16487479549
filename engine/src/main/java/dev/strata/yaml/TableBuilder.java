package dev.strata.yaml;

import dev.strata.diagnostics.Diagnostic;
import dev.strata.model.CheckConstraint;
import dev.strata.model.Column;
import dev.strata.model.DataType;
import dev.strata.model.ExclusionConstraint;
import dev.strata.model.Identity;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.PrimaryKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Sequence;
import dev.strata.model.SequenceOptions;
import dev.strata.model.Table;
import dev.strata.model.UniqueConstraint;
import dev.strata.naming.PgNames;
import dev.strata.sql.Identifiers;
import dev.strata.sql.Literals;
import dev.strata.yaml.Drafts.ColumnDraft;
import dev.strata.yaml.Drafts.KeyDraft;
import dev.strata.yaml.Drafts.TableDraft;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Builds one table from its draft: resolves column types, checks that constraints and indexes name
 * existing columns, and derives missing names in the order PostgreSQL would pick them for
 * {@code CREATE TABLE} followed by {@code CREATE INDEX} (serial sequences, checks, primary key,
 * unique constraints, exclusions, indexes). Foreign keys come later, once every table is known.
 */
final class TableBuilder {

    private static final Set<String> INTEGER_TYPES = Set.of("smallint", "integer", "bigint");

    /** A table and the sequences its serial columns own. */
    record Built(Table table, List<Sequence> serialSequences) {}

    private final String schema;
    private final SchemaNamespace names;
    private final TypeResolver types;
    private final List<Diagnostic> problems;
    private final SourceMap.Builder sources;

    private final java.util.function.Function<QualifiedName, List<String>> partitionColumns;

    /** @param partitionColumns the column names a partition has from its parent (the partition's name in, its parent's columns out) */
    TableBuilder(String schema, SchemaNamespace names, TypeResolver types, List<Diagnostic> problems, SourceMap.Builder sources,
            java.util.function.Function<QualifiedName, List<String>> partitionColumns) {
        this.partitionColumns = partitionColumns;
        this.schema = schema;
        this.names = names;
        this.types = types;
        this.problems = problems;
        this.sources = sources;
    }

    Optional<Built> build(TableDraft d) {
        int before = problems.size();
        try {
            return buildChecked(d, before);
        } catch (IllegalArgumentException e) {
            // The model refuses what earlier checks already reported (say, a key left without columns);
            // anything else it refuses is reported at the table.
            if (problems.size() == before) {
                error(d.name().at(), "table '" + d.name().value() + "': " + e.getMessage());
            }
            return Optional.empty();
        }
    }

    private Optional<Built> buildChecked(TableDraft d, int before) {
        String table = d.name().value();
        QualifiedName qualified = new QualifiedName(schema, table);
        sources.table(qualified, d.name().at());
        d.renamedFrom().filter(r -> r.value().equals(table))
                .ifPresent(r -> error(r.at(), "renamed_from must name the table's previous name, not '" + table + "' itself"));

        boolean partition = d.partitionOf().isPresent();
        List<String> columnNames = partition ? partitionColumns.apply(qualified)
                : d.columns().stream().map(c -> c.name().value()).toList();
        Set<String> primaryKeyColumns = new HashSet<>();
        d.primaryKey().ifPresent(pk -> pk.columns().forEach(c -> primaryKeyColumns.add(c.value())));

        List<Column> columns = new ArrayList<>();
        List<Sequence> sequences = new ArrayList<>();
        for (ColumnDraft c : d.columns()) {
            if (partition && !columnNames.contains(c.name().value())) {
                error(c.name().at(), "column '" + c.name().value() + "' of partition '" + table
                        + "' is not a column of its parent: a partition lists only the parent's columns it overrides");
                continue;
            }
            column(qualified, c, primaryKeyColumns.contains(c.name().value()), partition, sequences).ifPresent(columns::add);
        }

        List<CheckConstraint> checks = new ArrayList<>();
        for (var check : d.checks()) {
            String name = check.name().map(Located::value).orElseGet(() -> names.chooseConstraint(table,
                    ExpressionNames.singleColumn(check.expression().value(), columnNames), "check"));
            sources.constraint(qualified, name, check.expression().at());
            checks.add(new CheckConstraint(name, check.expression().value(), check.noInherit(), !check.notValid(),
                    check.comment()));
        }

        Optional<PrimaryKey> primaryKey = d.primaryKey().map(pk -> {
            List<String> cols = columnList(pk.columns(), columnNames, "primary key of table '" + table + "'");
            String name = pk.name().map(Located::value)
                    .orElseGet(() -> names.chooseRelation(table, Optional.empty(), "pkey", true, "index"));
            sources.constraint(qualified, name, pk.at());
            temporalNeedsTwoColumns(pk.withoutOverlaps(), cols, pk.at(), "primary key of table '" + table + "'");
            return new PrimaryKey(name, cols, pk.withoutOverlaps(), pk.comment());
        });

        List<UniqueConstraint> uniques = new ArrayList<>();
        for (var u : d.uniques()) {
            List<String> cols = columnList(u.columns(), columnNames, "unique constraint of table '" + table + "'");
            String name = u.name().map(Located::value).orElseGet(() -> names.chooseRelation(table,
                    Optional.of(PgNames.nameAddition(PgNames.uniqueColumnNames(cols))), "key", true, "index"));
            sources.constraint(qualified, name, u.at());
            temporalNeedsTwoColumns(u.withoutOverlaps(), cols, u.at(), "unique constraint '" + name + "' of table '" + table + "'");
            uniques.add(new UniqueConstraint(name, cols, u.nullsNotDistinct(), u.deferrability(), u.withoutOverlaps(),
                    u.comment()));
        }

        List<ExclusionConstraint> exclusions = new ArrayList<>();
        for (var x : d.exclusions()) {
            List<KeyDraft> keys = x.elements().stream().map(Drafts.ExclusionElementDraft::key).toList();
            List<IndexKey> canonical = keys(keys, columnNames, "exclusion constraint of table '" + table + "'");
            String name = x.name().map(Located::value).orElseGet(() -> names.chooseRelation(table,
                    Optional.of(PgNames.nameAddition(PgNames.uniqueColumnNames(keyNames(canonical, columnNames)))),
                    "excl", true, "index"));
            sources.constraint(qualified, name, x.at());
            List<ExclusionConstraint.Element> elements = new ArrayList<>();
            for (int i = 0; i < canonical.size(); i++) {
                elements.add(new ExclusionConstraint.Element(canonical.get(i), x.elements().get(i).operator()));
            }
            exclusions.add(new ExclusionConstraint(name, x.method(), elements, x.where().map(Located::value), x.deferrability(),
                    x.comment()));
        }

        List<Index> indexes = new ArrayList<>();
        for (var ix : d.indexes()) {
            String what = "index of table '" + table + "'";
            List<IndexKey> keys = keys(ix.keys(), columnNames, what);
            List<String> include = columnList(ix.include(), columnNames, what);
            if (ix.nullsNotDistinct() && !ix.unique()) {
                error(ix.at(), "nulls_not_distinct needs unique: true");
            }
            List<String> nameParts = new ArrayList<>(keyNames(keys, columnNames));
            nameParts.addAll(include);
            String name = ix.name().map(Located::value).orElseGet(() -> names.chooseRelation(table,
                    Optional.of(PgNames.nameAddition(PgNames.uniqueColumnNames(nameParts))), "idx", false, "index"));
            sources.index(qualified, name, ix.at());
            ix.where().ifPresent(w -> sources.indexWhere(qualified, name, w.at()));
            if (problems.size() == before) {
                indexes.add(new Index(name, ix.unique(), ix.nullsNotDistinct() && ix.unique(), ix.method(), keys,
                        include, ix.where().map(Located::value), ix.storageParameters(), ix.comment()));
            }
        }

        duplicateConstraintNames(d, table);
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new Built(new Table(table, columns, primaryKey, uniques, List.of(), checks, exclusions,
                indexes, d.comment(), d.renamedFrom().map(Located::value), d.rowLevelSecurity(), d.unlogged(),
                d.partitionBy().map(Located::value),
                d.partitionOf().map(p -> new dev.strata.model.PartitionOf(
                        new QualifiedName(p.schema().orElse(schema), p.table().value()), p.bound().value()))), sequences));
    }

    private Optional<Column> column(QualifiedName table, ColumnDraft c, boolean inPrimaryKey, boolean partition,
            List<Sequence> sequences) {
        String name = c.name().value();
        sources.column(table, name, "name", c.name().at());
        sources.column(table, name, "type", c.type().at());
        c.defaultValue().ifPresent(v -> sources.column(table, name, "default", v.at()));
        c.generated().ifPresent(v -> sources.column(table, name, "generated", v.at()));
        c.using().ifPresent(v -> sources.column(table, name, "using", v.at()));
        c.backfill().ifPresent(v -> sources.column(table, name, "backfill", v.at()));
        c.collation().ifPresent(v -> sources.column(table, name, "collation", v.at()));
        c.identity().ifPresent(v -> sources.column(table, name, "identity", v.at()));
        c.renamedFrom().filter(r -> r.value().equals(name))
                .ifPresent(r -> error(r.at(), "renamed_from must name the column's previous name, not '" + name + "' itself"));

        var resolved = types.resolve(c.type(), schema, problems);
        if (resolved.isEmpty()) {
            return Optional.empty();
        }
        DataType type = resolved.get().type();
        boolean serial = resolved.get().serial();
        int before = problems.size();

        Optional<Identity> identity = c.identity().flatMap(id -> {
            if (type.array() || !type.isBuiltin() || !INTEGER_TYPES.contains(type.name())) {
                error(id.at(), "identity column '" + name + "' must be smallint, integer or bigint, not " + c.type().value());
                return Optional.empty();
            }
            return SequenceOptionsReader.build(type, id.options(), id.at(), problems).map(o -> new Identity(id.generation(), o));
        });
        String generatedOrDefault = c.generated().isPresent() ? "generated" : "default";
        if (c.identity().isPresent() && (c.defaultValue().isPresent() || serial || c.generated().isPresent())) {
            error(c.identity().get().at(), "identity column '" + name + "' cannot also have a "
                    + (serial ? "serial type" : generatedOrDefault));
        } else if (c.generated().isPresent() && (c.defaultValue().isPresent() || serial)) {
            error(c.generated().get().at(), "generated column '" + name + "' cannot also have a " + (serial ? "serial type" : "default"));
        } else if (serial && c.defaultValue().isPresent()) {
            error(c.defaultValue().get().at(), "serial column '" + name + "' cannot also have a default");
        }
        c.virtual().filter(v -> v.value() && c.generated().isEmpty()).ifPresent(v -> error(v.at(),
                "column '" + name + "' is virtual but has no 'generated' expression: virtual: true makes a generated column computed when read"));
        boolean forcedNotNull = c.identity().isPresent() || serial || inPrimaryKey;
        c.nullable().filter(n -> n.value() && forcedNotNull).ifPresent(n -> error(n.at(), "column '" + name + "' cannot be nullable: it is "
                + (inPrimaryKey ? "part of the primary key" : c.identity().isPresent() ? "an identity column" : "serial")));
        c.notNullName().filter(n -> !forcedNotNull && c.nullable().map(Located::value).orElse(true))
                .ifPresent(n -> error(n.at(), "column '" + name + "' has a not_null_name but is nullable: give it nullable: false"));
        if (problems.size() > before) {
            return Optional.empty();
        }
        boolean nullable = !forcedNotNull && c.nullable().map(Located::value).orElse(true);

        Optional<String> defaultValue = c.defaultValue().map(Located::value);
        if (serial) {
            String sequence = names.chooseRelation(table.name(), Optional.of(name), "seq", false, "sequence");
            defaultValue = Optional.of("nextval(" + Literals.quote(Identifiers.qualified(schema, sequence)) + "::regclass)");
            sequences.add(new Sequence(sequence, type, SequenceOptions.defaultsFor(type),
                    Optional.of(new Sequence.OwnedBy(table.name(), name)), Optional.empty()));
            sources.sequence(new QualifiedName(schema, sequence), c.type().at());
        }
        return Optional.of(new Column(name, type, nullable, defaultValue, identity, c.generated().map(Located::value),
                c.collation().map(Located::value), c.comment(), c.renamedFrom().map(Located::value),
                c.using().map(Located::value), c.backfill().map(Located::value),
                c.virtual().map(Located::value).orElse(false),
                // The name PostgreSQL would derive anyway is no name: pulled schemas leave it out the same way.
                // A partition's name is judged against its parent's once the parent is known (CatalogBuilder).
                c.notNullName().map(Located::value)
                        .filter(n -> partition || !PgNames.isChosen(n, table.name(), Optional.of(name), "not_null"))));
    }

    /** The names of a key list, each checked to be a column of the table and to appear once. */
    private List<String> columnList(List<Located<String>> columns, List<String> tableColumns, String what) {
        List<String> result = new ArrayList<>();
        for (Located<String> c : columns) {
            if (!tableColumns.contains(c.value())) {
                error(c.at(), "unknown column '" + c.value() + "' in " + what + Suggestions.hint(c.value(), tableColumns));
            } else if (result.contains(c.value())) {
                error(c.at(), "column '" + c.value() + "' appears twice in " + what);
            } else {
                result.add(c.value());
            }
        }
        return result;
    }

    /**
     * Index keys with columns checked; an expression that is only a column name becomes a column
     * key, as PostgreSQL stores {@code (email)}.
     */
    private List<IndexKey> keys(List<KeyDraft> keys, List<String> tableColumns, String what) {
        List<IndexKey> result = new ArrayList<>();
        for (KeyDraft k : keys) {
            IndexKey key = k.key();
            if (k.column().isPresent()) {
                Located<String> c = k.column().get();
                if (!tableColumns.contains(c.value())) {
                    error(c.at(), "unknown column '" + c.value() + "' in " + what + Suggestions.hint(c.value(), tableColumns));
                }
            } else if (key.target() instanceof IndexKey.ExpressionTarget(String sql)) {
                var bare = ExpressionNames.bareColumn(sql, tableColumns);
                if (bare.isPresent()) {
                    key = new IndexKey(new IndexKey.ColumnTarget(bare.get()), key.opclass(), key.descending(), key.nullsFirst());
                }
            }
            result.add(key);
        }
        return result;
    }

    /** {@code ChooseIndexColumnNames}' inputs: the column name, or what PostgreSQL calls the expression. */
    static List<String> keyNames(List<IndexKey> keys, List<String> tableColumns) {
        return keys.stream().map(k -> switch (k.target()) {
            case IndexKey.ColumnTarget(String column) -> column;
            case IndexKey.ExpressionTarget(String sql) -> ExpressionNames.indexColumnName(sql, tableColumns);
        }).toList();
    }

    private void duplicateConstraintNames(TableDraft d, String table) {
        Set<String> seen = new HashSet<>();
        List<Located<String>> explicit = new ArrayList<>();
        d.primaryKey().flatMap(Drafts.PrimaryKeyDraft::name).ifPresent(explicit::add);
        d.uniques().forEach(u -> u.name().ifPresent(explicit::add));
        d.foreignKeys().forEach(f -> f.name().ifPresent(explicit::add));
        d.checks().forEach(c -> c.name().ifPresent(explicit::add));
        d.exclusions().forEach(x -> x.name().ifPresent(explicit::add));
        for (Located<String> n : explicit) {
            if (!seen.add(n.value())) {
                error(n.at(), "duplicate constraint name '" + n.value() + "' in table '" + table + "'");
            }
        }
    }

    private void error(Location at, String message) {
        problems.add(at.diagnostic(message));
    }

    /** PostgreSQL compares the other columns with {@code =} and the last with {@code &&}: a temporal key needs both. */
    private void temporalNeedsTwoColumns(boolean withoutOverlaps, List<String> columns, Location at, String what) {
        if (withoutOverlaps && columns.size() < 2) {
            error(at, what + ": without_overlaps needs at least two columns (the last one a range or multirange)");
        }
    }
}
