package dev.strata.ddl;

import dev.strata.model.Catalog;
import dev.strata.model.CheckConstraint;
import dev.strata.model.Column;
import dev.strata.model.DataType;
import dev.strata.model.Deferrability;
import dev.strata.model.EnumType;
import dev.strata.model.ExclusionConstraint;
import dev.strata.model.ForeignKey;
import dev.strata.model.Identity;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.PrimaryKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.Sequence;
import dev.strata.model.SequenceOptions;
import dev.strata.model.Table;
import dev.strata.model.UniqueConstraint;
import dev.strata.model.View;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.strata.model.ForeignKey.Action.CASCADE;
import static dev.strata.model.ForeignKey.Action.NO_ACTION;
import static dev.strata.model.ForeignKey.Action.RESTRICT;
import static dev.strata.model.ForeignKey.Action.SET_DEFAULT;
import static dev.strata.model.ForeignKey.Action.SET_NULL;

/**
 * A hand-built catalog exercising awkward names and every feature the create script renders.
 * Schemas: {@code common} (an enum), {@code Shop} (sequences, tables, views), {@code public} (two
 * tables with foreign keys to each other and a table with 63-byte names).
 */
final class RichCatalog {

    static final DataType INTEGER = DataType.builtin("integer");
    static final DataType BIGINT = DataType.builtin("bigint");
    static final DataType SMALLINT = DataType.builtin("smallint");
    static final DataType TEXT = DataType.builtin("text");
    static final DataType MOOD = DataType.userDefined("common", "Mood");

    /** 60 ASCII bytes and a three-byte character: exactly PostgreSQL's 63-byte limit. */
    static final String LONG_TABLE = "t".repeat(60) + "日";
    static final String LONG_COLUMN = "c".repeat(63);

    private RichCatalog() {}

    static Catalog build() {
        return new Catalog(List.of(shop(), common(), publicSchema()));
    }

    private static Schema common() {
        var mood = new EnumType("Mood", List.of("sad", "it's ok", "happy 日本"),
                Optional.of("how it \"feels\"\nsecond line, it's fine"));
        return Schema.named("common").withEnums(List.of(mood));
    }

    private static Schema shop() {
        var orderSeq = new Sequence("order_seq", INTEGER, new SequenceOptions(100, 5, 1, Integer.MAX_VALUE, 1, false),
                Optional.empty(), Optional.of("numbers 'select' uses"));
        var itemSeq = new Sequence("item_id_seq", INTEGER, SequenceOptions.defaultsFor(INTEGER),
                Optional.of(new Sequence.OwnedBy("line item", "id")), Optional.empty());
        var views = List.of(
                new View("big orders", "SELECT id, \"user\", \"café\" FROM \"Shop\".\"order\" WHERE \"café\" > 10",
                        Optional.of("orders over 10")),
                new View("biggest", " SELECT id FROM \"Shop\".\"big orders\" WHERE \"café\" > 100;", Optional.empty()));
        return new Schema("Shop", List.of(), List.of(orderSeq, itemSeq), List.of(order(), lineItem()), views);
    }

    private static Table order() {
        var columns = List.of(
                Column.of("id", BIGINT).withNullable(false).withIdentity(Optional.of(new Identity(
                        Identity.Generation.ALWAYS, new SequenceOptions(1000, 7, 1, 1_000_000_000_000L, 3, false)))),
                Column.of("user", TEXT).withNullable(false).withCollation(Optional.of("C"))
                        .withComment(Optional.of("who 'ordered'")),
                Column.of("select", INTEGER).withDefault(Optional.of("nextval('\"Shop\".order_seq'::regclass)")),
                Column.of("mood", MOOD).withDefault(Optional.of("'it''s ok'::common.\"Mood\"")),
                Column.of("café", DataType.builtin("numeric", 10, 2)),
                Column.of("net", DataType.builtin("numeric", 12, 2)).withGeneratedAs(Optional.of("\"café\" * 2")),
                Column.of("Period", DataType.builtin("int4range")),
                Column.of("area", DataType.builtin("box")));
        var noOverlap = new ExclusionConstraint("order_no_overlap", "gist",
                List.of(new ExclusionConstraint.Element(IndexKey.column("Period"), "&&")),
                Optional.of("mood <> 'sad'::common.\"Mood\""), Deferrability.NOT_DEFERRABLE);
        var indexes = List.of(
                new Index("order_user_idx", false, false, "btree",
                        List.of(new IndexKey(new IndexKey.ColumnTarget("user"), Optional.of("text_pattern_ops"), false, false)),
                        List.of(), Optional.of("\"select\" > 0"), Map.of()),
                new Index("order_lower_user_idx", true, false, "btree", List.of(IndexKey.expression("lower(\"user\")")),
                        List.of(), Optional.empty(), Map.of()),
                new Index("order_select_idx", false, false, "btree",
                        List.of(new IndexKey(new IndexKey.ColumnTarget("select"), Optional.empty(), true, false)),
                        List.of("mood"), Optional.empty(), Map.of("fillfactor", "70")),
                new Index("Order Area", false, false, "gist", List.of(IndexKey.column("area")),
                        List.of(), Optional.empty(), Map.of()));
        return Table.of("order", columns)
                .withPrimaryKey(Optional.of(new PrimaryKey("order_pkey", List.of("id"))))
                .withUniqueConstraints(List.of(new UniqueConstraint("order_user_select_key", List.of("user", "select"),
                        false, Deferrability.DEFERRABLE_INITIALLY_DEFERRED)))
                .withChecks(List.of(new CheckConstraint("positive café", "\"café\" >= 0", true)))
                .withExclusions(List.of(noOverlap))
                .withIndexes(indexes)
                .withComment(Optional.of("orders;\n-- not a comment"));
    }

    private static Table lineItem() {
        var columns = List.of(
                Column.of("order_id", BIGINT).withNullable(false),
                Column.of("id", INTEGER).withNullable(false)
                        .withDefault(Optional.of("nextval('\"Shop\".item_id_seq'::regclass)")),
                Column.of("parent", INTEGER),
                Column.of("Qty", SMALLINT).withNullable(false).withIdentity(Optional.of(new Identity(
                        Identity.Generation.BY_DEFAULT, new SequenceOptions(-5, -1, -100, -1, 1, true)))));
        var toOrder = new ForeignKey("line item_order_id_fkey", List.of("order_id"), QualifiedName.of("Shop", "order"),
                List.of("id"), CASCADE, RESTRICT, ForeignKey.Match.SIMPLE, Deferrability.DEFERRABLE_INITIALLY_DEFERRED);
        var toParent = new ForeignKey("line item_parent_fkey", List.of("order_id", "parent"),
                QualifiedName.of("Shop", "line item"), List.of("order_id", "id"),
                NO_ACTION, NO_ACTION, ForeignKey.Match.FULL, Deferrability.NOT_DEFERRABLE);
        return Table.of("line item", columns)
                .withPrimaryKey(Optional.of(new PrimaryKey("line item_pkey", List.of("order_id", "id"))))
                .withForeignKeys(List.of(toOrder, toParent));
    }

    private static Schema publicSchema() {
        var a = Table.of("A", List.of(Column.of("id", INTEGER).withNullable(false), Column.of("b_id", INTEGER)))
                .withPrimaryKey(Optional.of(new PrimaryKey("A_pkey", List.of("id"))))
                .withForeignKeys(List.of(new ForeignKey("A_b_id_fkey", List.of("b_id"), QualifiedName.of("public", "b"),
                        List.of("id"), SET_NULL, CASCADE, ForeignKey.Match.SIMPLE,
                        Deferrability.DEFERRABLE_INITIALLY_IMMEDIATE)));
        var b = Table.of("b", List.of(Column.of("id", INTEGER).withNullable(false),
                        Column.of("a_id", INTEGER).withDefault(Optional.of("0"))))
                .withPrimaryKey(Optional.of(new PrimaryKey("b_pkey", List.of("id"))))
                .withForeignKeys(List.of(
                        new ForeignKey("b_a_id_fkey", List.of("a_id"), QualifiedName.of("public", "A"), List.of("id"),
                                SET_DEFAULT, NO_ACTION, ForeignKey.Match.FULL, Deferrability.NOT_DEFERRABLE),
                        new ForeignKey("b_a_id_restrict", List.of("a_id"), QualifiedName.of("public", "A"), List.of("id"),
                                RESTRICT, NO_ACTION, ForeignKey.Match.SIMPLE, Deferrability.NOT_DEFERRABLE)));
        var longNames = Table.of(LONG_TABLE, List.of(Column.of(LONG_COLUMN, INTEGER).withNullable(false)))
                .withPrimaryKey(Optional.of(new PrimaryKey("p".repeat(63), List.of(LONG_COLUMN))))
                .withComment(Optional.of("日本"));
        return Schema.named("public").withTables(List.of(a, b, longNames));
    }
}
