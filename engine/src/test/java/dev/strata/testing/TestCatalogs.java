package dev.strata.testing;

import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.model.DataType;
import dev.strata.model.Deferrability;
import dev.strata.model.ForeignKey;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.PrimaryKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.Table;
import dev.strata.model.UniqueConstraint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one way tests build small model catalogs by hand: tables in schema {@code public} keyed by
 * {@code id bigint}, and the constraints tests add to them, named as PostgreSQL would name them.
 */
public final class TestCatalogs {

    public static final DataType BIGINT = DataType.builtin("bigint");
    public static final DataType INTEGER = DataType.builtin("integer");
    public static final DataType TEXT = DataType.builtin("text");

    private TestCatalogs() {}

    public static Schema pub() {
        return Schema.named("public");
    }

    public static Catalog catalog(Schema schema) {
        return new Catalog(List.of(schema));
    }

    /** Schema {@code public} holding {@code tables}. */
    public static Catalog catalog(Table... tables) {
        return catalog(pub().withTables(List.of(tables)));
    }

    /** {@code name(id bigint not null primary key, columns...)}, the key named {@code name_pkey}. */
    public static Table keyed(String name, Column... columns) {
        List<Column> all = new ArrayList<>(List.of(Column.of("id", BIGINT).withNullable(false)));
        all.addAll(List.of(columns));
        return Table.of(name, all).withPrimaryKey(Optional.of(new PrimaryKey(name + "_pkey", List.of("id"))));
    }

    /** {@code name(id bigint not null primary key, name text, extra...)}. */
    public static Table table(String name, Column... extra) {
        List<Column> columns = new ArrayList<>(List.of(Column.of("name", TEXT)));
        columns.addAll(List.of(extra));
        return keyed(name, columns.toArray(Column[]::new));
    }

    /** {@code t(id bigint not null primary key, name text, extra...)}. */
    public static Table table(Column... extra) {
        return table("t", extra);
    }

    public static UniqueConstraint unique(String name, String... columns) {
        return new UniqueConstraint(name, List.of(columns), false, Deferrability.NOT_DEFERRABLE);
    }

    public static ForeignKey fk(String name, String column, QualifiedName target, String targetColumn) {
        return new ForeignKey(name, List.of(column), target, List.of(targetColumn), ForeignKey.Action.NO_ACTION,
                ForeignKey.Action.NO_ACTION, ForeignKey.Match.SIMPLE, Deferrability.NOT_DEFERRABLE);
    }

    public static Index index(String name, boolean unique, String... columns) {
        return new Index(name, unique, false, "btree", Arrays.stream(columns).map(IndexKey::column).toList(), List.of(),
                Optional.empty(), Map.of());
    }
}
