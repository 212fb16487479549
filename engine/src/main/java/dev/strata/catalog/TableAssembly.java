package dev.strata.catalog;

import dev.strata.model.CheckConstraint;
import dev.strata.model.Column;
import dev.strata.model.Deferrability;
import dev.strata.model.ExclusionConstraint;
import dev.strata.model.ForeignKey;
import dev.strata.model.Identity;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.PartitionOf;
import dev.strata.model.PrimaryKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.RowLevelSecurity;
import dev.strata.model.Table;
import dev.strata.model.UniqueConstraint;
import dev.strata.naming.PgNames;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads tables, columns, constraints and indexes in four bulk queries and joins them by oid. */
final class TableAssembly {

    private TableAssembly() {}

    private record TableRow(long oid, String schema, String name, Optional<String> comment, RowLevelSecurity rls,
            boolean unlogged, Optional<String> partitionBy, Optional<PartitionOf> partitionOf, long parentOid) {}

    private record ColumnRow(long relid, Column column) {}

    private record ConstraintRow(long relid, long indexOid, Constraint constraint, List<String> operators) {}

    /** A constraint before its table is assembled; exclusions still need their index's keys. */
    private sealed interface Constraint {}

    private record Pk(PrimaryKey value) implements Constraint {}

    private record Unique(UniqueConstraint value) implements Constraint {}

    private record Fk(ForeignKey value) implements Constraint {}

    private record Check(CheckConstraint value) implements Constraint {}

    private record Exclusion(String name, Deferrability deferrability, Optional<String> comment) implements Constraint {}

    private record IndexRow(long oid, long relid, String name, boolean unique, boolean nullsNotDistinct,
            String method, Optional<String> predicate, Map<String, String> storage, Optional<String> implementsKind,
            Optional<String> comment) {}

    private record KeyRow(long indexOid, boolean isKey, IndexKey key, Optional<String> includeColumn) {}

    /** Tables by schema name. */
    static Map<String, List<Table>> read(Connection c, ServerVersion version, Object scope) throws SQLException {
        List<TableRow> tables = Rows.query(c, CatalogSql.TABLES, r -> new TableRow(
                r.number("oid"), r.string("nspname"), r.string("relname"), r.optionalString("comment"),
                new RowLevelSecurity(r.bool("relrowsecurity"), r.bool("relforcerowsecurity")), r.bool("unlogged"),
                r.optionalString("partition_by"),
                partitionOf(r),
                r.number("parent_oid")), scope);
        Map<Long, TableRow> tableByOid = tables.stream().collect(Collectors.toMap(TableRow::oid, Function.identity()));
        Map<Long, List<Column>> columns = Rows.query(c, CatalogSql.COLUMNS, TableAssembly::column, scope).stream()
                .collect(Collectors.groupingBy(ColumnRow::relid, Collectors.mapping(ColumnRow::column, Collectors.toList())));
        List<ConstraintRow> constraints = Rows.query(c, CatalogSql.constraints(version), TableAssembly::constraint, scope);
        List<IndexRow> indexes = Rows.query(c, CatalogSql.indexes(version), TableAssembly::index, scope);
        Map<Long, List<KeyRow>> keys = Rows.query(c, CatalogSql.INDEX_KEYS, TableAssembly::key, scope).stream()
                .collect(Collectors.groupingBy(KeyRow::indexOid));
        Map<Long, IndexRow> indexByOid = indexes.stream().collect(Collectors.toMap(IndexRow::oid, Function.identity()));

        Map<String, List<Table>> bySchema = new TreeMap<>();
        for (TableRow t : tables) {
            var tableConstraints = constraints.stream().filter(k -> k.relid() == t.oid()).toList();
            var tableIndexes = indexes.stream()
                    .filter(i -> i.relid() == t.oid() && i.implementsKind().isEmpty())
                    .map(i -> index(i, keys.getOrDefault(i.oid(), List.of())))
                    .toList();
            // A NOT NULL constraint keeps its name in the model only where it is not one PostgreSQL derives (numbered
            // when two columns' derived names collide once cut to 63 bytes).
            List<Column> tableColumns = t.partitionOf().isPresent()
                    ? overrides(t, tableByOid, columns)
                    : columns.getOrDefault(t.oid(), List.of()).stream()
                            .map(col -> col.withNotNullName(col.notNullName()
                                    .filter(n -> !PgNames.isChosen(n, t.name(), Optional.of(col.name()), "not_null"))))
                            .toList();
            Table table = new Table(t.name(), tableColumns,
                    collect(tableConstraints, Pk.class).stream().map(Pk::value).findFirst(),
                    collect(tableConstraints, Unique.class).stream().map(Unique::value).toList(),
                    collect(tableConstraints, Fk.class).stream().map(Fk::value).toList(),
                    collect(tableConstraints, Check.class).stream().map(Check::value).toList(),
                    tableConstraints.stream()
                            .filter(k -> k.constraint() instanceof Exclusion)
                            .map(k -> exclusion(k, indexByOid.get(k.indexOid()), keys.getOrDefault(k.indexOid(), List.of())))
                            .toList(),
                    tableIndexes, t.comment(), Optional.empty(), t.rls(), t.unlogged(), t.partitionBy(), t.partitionOf());
            bySchema.computeIfAbsent(t.schema(), s -> new ArrayList<>()).add(table);
        }
        return bySchema;
    }

    private static Optional<PartitionOf> partitionOf(Rows r) throws SQLException {
        Optional<String> bound = r.optionalString("partition_bound");
        if (bound.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PartitionOf(QualifiedName.of(r.string("parent_schema"), r.string("parent_name")), bound.get()));
    }

    /**
     * The columns of partition {@code t} that differ from what {@code PARTITION OF} would give it: a default, a
     * nullability or a NOT NULL constraint name other than its parent's (PostgreSQL 18 names a partition's inherited
     * NOT NULL constraint as the parent's; a table attached after being created alone keeps its own names). A
     * partition of a parent out of the schemas read keeps every column.
     */
    private static List<Column> overrides(TableRow t, Map<Long, TableRow> tableByOid, Map<Long, List<Column>> columns) {
        List<Column> own = columns.getOrDefault(t.oid(), List.of());
        TableRow parent = tableByOid.get(t.parentOid());
        if (parent == null) {
            return own;
        }
        List<Column> parentColumns = columns.getOrDefault(parent.oid(), List.of());
        List<Column> result = new ArrayList<>();
        for (Column col : own) {
            Optional<Column> inParent = parentColumns.stream().filter(p -> p.name().equals(col.name())).findFirst();
            if (inParent.isEmpty()) {
                result.add(col);
                continue;
            }
            Column p = inParent.get();
            // Before PostgreSQL 18 NOT NULL has no constraint: the derived name is then never written.
            Optional<String> given = Optional.of(PgNames.partitionNotNull(t.name(), parent.name(), col.name(), !p.nullable(),
                    p.notNullName()));
            Optional<String> notNullName = col.notNullName().filter(n -> !Optional.of(n).equals(given));
            boolean differs = !col.defaultValue().equals(p.defaultValue()) || col.nullable() != p.nullable()
                    || notNullName.isPresent();
            if (differs) {
                result.add(col.withNotNullName(notNullName));
            }
        }
        return result;
    }

    /** The indexes of the relations {@code relation} picks (a condition on {@code c}, see {@link CatalogSql#indexes}), by relation oid. */
    static Map<Long, List<Index>> indexes(Connection c, ServerVersion version, Object scope, String relation)
            throws SQLException {
        Map<Long, List<KeyRow>> keys = Rows.query(c, CatalogSql.indexKeys(relation), TableAssembly::key, scope).stream()
                .collect(Collectors.groupingBy(KeyRow::indexOid));
        return Rows.query(c, CatalogSql.indexes(version, relation), TableAssembly::index, scope).stream()
                .collect(Collectors.groupingBy(IndexRow::relid, Collectors.mapping(
                        i -> index(i, keys.getOrDefault(i.oid(), List.of())), Collectors.toList())));
    }

    private static <T extends Constraint> List<T> collect(List<ConstraintRow> rows, Class<T> kind) {
        return rows.stream().map(ConstraintRow::constraint).filter(kind::isInstance).map(kind::cast).toList();
    }

    private static ColumnRow column(Rows r) throws SQLException {
        Optional<Identity> identity = switch (r.string("identity")) {
            case "a" -> Optional.of(new Identity(Identity.Generation.ALWAYS, CatalogReader.sequenceOptions(r)));
            case "d" -> Optional.of(new Identity(Identity.Generation.BY_DEFAULT, CatalogReader.sequenceOptions(r)));
            default -> Optional.empty();
        };
        Column column = new Column(r.string("attname"), TypeResolution.resolve(r.string("type")), !r.bool("attnotnull"),
                r.optionalString("default_expr"), identity,
                r.optionalString("generated_expr").map(SqlText::stripOuterParentheses),
                r.optionalString("collation"), r.optionalString("comment"),
                Optional.empty(), Optional.empty(), Optional.empty(), r.bool("virtual"), r.optionalString("not_null_name"));
        return new ColumnRow(r.number("relid"), column);
    }

    private static ConstraintRow constraint(Rows r) throws SQLException {
        String name = r.string("conname");
        Deferrability deferrability = !r.bool("condeferrable") ? Deferrability.NOT_DEFERRABLE
                : r.bool("condeferred") ? Deferrability.DEFERRABLE_INITIALLY_DEFERRED
                : Deferrability.DEFERRABLE_INITIALLY_IMMEDIATE;
        List<String> columns = r.strings("columns");
        Optional<String> comment = r.optionalString("comment");
        Constraint constraint = switch (r.string("contype")) {
            case "p" -> new Pk(new PrimaryKey(name, columns, r.bool("period"), comment));
            case "u" -> new Unique(new UniqueConstraint(name, columns, r.bool("nulls_not_distinct"), deferrability,
                    r.bool("period"), comment));
            case "f" -> new Fk(new ForeignKey(name, columns,
                    new QualifiedName(r.string("ref_schema"), r.string("ref_table")), r.strings("ref_columns"),
                    action(r.string("on_delete")), action(r.string("on_update")),
                    r.string("match_type").equals("f") ? ForeignKey.Match.FULL : ForeignKey.Match.SIMPLE,
                    deferrability, r.bool("convalidated"), comment, r.bool("period")));
            case "c" -> new Check(new CheckConstraint(name, SqlText.stripOuterParentheses(r.string("check_expr")),
                    r.bool("connoinherit"), r.bool("convalidated"), comment));
            case "x" -> new Exclusion(name, deferrability, comment);
            default -> throw new SQLException("unexpected constraint type in " + name);
        };
        return new ConstraintRow(r.number("relid"), r.number("index_oid"), constraint, r.strings("operators"));
    }

    private static ForeignKey.Action action(String code) throws SQLException {
        return switch (code) {
            case "a" -> ForeignKey.Action.NO_ACTION;
            case "r" -> ForeignKey.Action.RESTRICT;
            case "c" -> ForeignKey.Action.CASCADE;
            case "n" -> ForeignKey.Action.SET_NULL;
            case "d" -> ForeignKey.Action.SET_DEFAULT;
            default -> throw new SQLException("unexpected foreign key action " + code);
        };
    }

    private static IndexRow index(Rows r) throws SQLException {
        Map<String, String> storage = new LinkedHashMap<>();
        for (String option : r.strings("reloptions")) {
            int eq = option.indexOf('=');
            storage.put(option.substring(0, eq), option.substring(eq + 1));
        }
        return new IndexRow(r.number("oid"), r.number("relid"), r.string("relname"), r.bool("indisunique"),
                r.bool("nulls_not_distinct"), r.string("method"),
                r.optionalString("predicate").map(SqlText::stripOuterParentheses), storage,
                r.optionalString("implements"), r.optionalString("comment"));
    }

    /** indoption bits, from PostgreSQL's pg_index.h. */
    private static final int INDOPTION_DESC = 1;
    private static final int INDOPTION_NULLS_FIRST = 2;

    private static KeyRow key(Rows r) throws SQLException {
        Optional<String> column = r.optionalString("attname");
        IndexKey.Target target = column.<IndexKey.Target>map(IndexKey.ColumnTarget::new)
                .orElse(new IndexKey.ExpressionTarget(SqlText.stripOuterParentheses(r.string("definition"))));
        long options = r.number("options");
        IndexKey key = new IndexKey(target, r.optionalString("opclass"),
                (options & INDOPTION_DESC) != 0, (options & INDOPTION_NULLS_FIRST) != 0);
        return new KeyRow(r.number("oid"), r.bool("is_key"), key, column);
    }

    private static Index index(IndexRow row, List<KeyRow> keys) {
        return new Index(row.name(), row.unique(), row.nullsNotDistinct(), row.method(),
                keys.stream().filter(KeyRow::isKey).map(KeyRow::key).toList(),
                keys.stream().filter(k -> !k.isKey()).map(k -> k.includeColumn().orElseThrow()).toList(),
                row.predicate(), row.storage(), row.comment());
    }

    private static ExclusionConstraint exclusion(ConstraintRow row, IndexRow index, List<KeyRow> keys) {
        Exclusion exclusion = (Exclusion) row.constraint();
        List<IndexKey> indexKeys = keys.stream().filter(KeyRow::isKey).map(KeyRow::key).toList();
        List<ExclusionConstraint.Element> elements = new ArrayList<>();
        for (int i = 0; i < indexKeys.size(); i++) {
            elements.add(new ExclusionConstraint.Element(indexKeys.get(i), row.operators().get(i)));
        }
        return new ExclusionConstraint(exclusion.name(), index.method(), elements, index.predicate(),
                exclusion.deferrability(), exclusion.comment());
    }
}
