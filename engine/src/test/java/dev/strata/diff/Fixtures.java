package dev.strata.diff;

import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.model.DataType;
import dev.strata.model.PrimaryKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.Table;
import dev.strata.model.UniqueConstraint;
import dev.strata.model.Deferrability;
import java.util.List;
import java.util.Optional;

/** Small hand-built models for the diff tests. */
final class Fixtures {

    static final DataType TEXT = DataType.builtin("text");
    static final DataType BIGINT = DataType.builtin("bigint");
    static final DataType INTEGER = DataType.builtin("integer");

    private Fixtures() {}

    static QualifiedName pub(String name) {
        return QualifiedName.of("public", name);
    }

    static Catalog catalog(Table... tables) {
        return new Catalog(List.of(Schema.named("public").withTables(List.of(tables))));
    }

    static Catalog catalogOf(Schema... schemas) {
        return new Catalog(List.of(schemas));
    }

    static Column column(String name, DataType type) {
        return Column.of(name, type);
    }

    static Column id() {
        return Column.of("id", BIGINT).withNullable(false);
    }

    /** users(id bigint not null primary key, username text, email text). */
    static Table users() {
        return Table.of("users", List.of(id(), column("username", TEXT), column("email", TEXT)))
                .withPrimaryKey(Optional.of(new PrimaryKey("users_pkey", List.of("id"))));
    }

    static UniqueConstraint unique(String name, String... columns) {
        return new UniqueConstraint(name, List.of(columns), false, Deferrability.NOT_DEFERRABLE);
    }

    static List<Change> changes(Catalog current, Catalog desired) {
        return diff(current, desired).changes();
    }

    static DiffResult diff(Catalog current, Catalog desired) {
        return Differ.diff(current, desired, ExpressionEquality.TEXTUAL);
    }
}
