package dev.strata.yaml;

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
import dev.strata.model.ViewOptions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchemaWriterTest {

    private static final DataType INT = DataType.builtin("integer");
    private static final DataType BIGINT = DataType.builtin("bigint");
    private static final DataType TEXT = DataType.builtin("text");

    private static void assertRoundTrip(Catalog model) {
        var files = SchemaWriter.files(model);
        assertEquals(model, SchemaFiles.parse(files).catalog(), () -> String.join("\n", files.values()));
    }

    private static ForeignKey fk(String name, List<String> columns, QualifiedName target, List<String> targetColumns) {
        return new ForeignKey(name, columns, target, targetColumns, ForeignKey.Action.NO_ACTION,
                ForeignKey.Action.NO_ACTION, ForeignKey.Match.SIMPLE, Deferrability.NOT_DEFERRABLE);
    }

    /** A shop with most of the format: hints, identity, serial, composite and self-referencing keys. */
    static Catalog shop() {
        var users = new Table("users",
                List.of(Column.of("id", BIGINT).withNullable(false).withIdentity(Optional.of(
                                new Identity(Identity.Generation.ALWAYS, SequenceOptions.defaultsFor(BIGINT)))),
                        Column.of("email", TEXT).withNullable(false).withComment(Optional.of("Where we write.\nTwo lines.\n")),
                        Column.of("handle", DataType.builtin("character varying", 40)).withRenamedFrom(Optional.of("username"))
                                .withUsing(Optional.of("handle::varchar(40)")).withBackfill(Optional.of("'anonymous'")),
                        Column.of("created_at", DataType.builtin("timestamp with time zone")).withNullable(false)
                                .withDefault(Optional.of("now()")),
                        Column.of("mood", DataType.userDefined("public", "mood")).withCollation(Optional.of("C")),
                        Column.of("tags", TEXT.asArray()),
                        Column.of("total", DataType.builtin("numeric", 12, 2)).withGeneratedAs(Optional.of("price * 2")),
                        Column.of("price", DataType.builtin("numeric", 12, 2))),
                Optional.of(new PrimaryKey("users_pkey", List.of("id"))),
                List.of(new UniqueConstraint("users_email_key", List.of("email"), false, Deferrability.NOT_DEFERRABLE),
                        new UniqueConstraint("handle_unique", List.of("handle"), true, Deferrability.DEFERRABLE_INITIALLY_DEFERRED)),
                List.of(),
                List.of(new CheckConstraint("users_email_check", "length(email) > 3", false),
                        new CheckConstraint("users_email_check1", "email <> ''", false),
                        new CheckConstraint("sane", "created_at > '2000-01-01'", true),
                        new CheckConstraint("users_check", "price < total", false)),
                List.of(),
                List.of(new Index("users_lower_idx", true, false, "btree", List.of(IndexKey.expression("lower(email)")),
                                List.of(), Optional.of("email IS NOT NULL"), Map.of()),
                        new Index("users_created_at_idx", false, false, "btree",
                                List.of(new IndexKey(new IndexKey.ColumnTarget("created_at"), Optional.of("timestamptz_ops"), true, false)),
                                List.of("handle"), Optional.empty(), Map.of("fillfactor", "90")),
                        new Index("users_tags_idx", false, false, "gin", List.of(IndexKey.column("tags")), List.of(),
                                Optional.empty(), Map.of())),
                Optional.of("People who can sign in."), Optional.of("accounts"));
        var orders = new Table("orders",
                List.of(Column.of("user_id", BIGINT).withNullable(false),
                        Column.of("n", INT).withNullable(false),
                        Column.of("parent_user_id", BIGINT),
                        Column.of("parent_n", INT),
                        Column.of("legacy", INT).withNullable(false)
                                .withDefault(Optional.of("nextval('public.orders_legacy_seq'::regclass)")),
                        Column.of("during", DataType.builtin("tsrange"))),
                Optional.of(new PrimaryKey("orders_pkey", List.of("user_id", "n"))),
                List.of(),
                List.of(fk("orders_user_id_fkey", List.of("user_id"), QualifiedName.of("public", "users"), List.of("id")),
                        new ForeignKey("orders_parent", List.of("parent_user_id", "parent_n"), QualifiedName.of("public", "orders"),
                                List.of("user_id", "n"), ForeignKey.Action.CASCADE, ForeignKey.Action.SET_NULL,
                                ForeignKey.Match.FULL, Deferrability.DEFERRABLE_INITIALLY_IMMEDIATE)),
                List.of(),
                List.of(new ExclusionConstraint("orders_user_id_during_excl", "gist",
                        List.of(new ExclusionConstraint.Element(IndexKey.column("user_id"), "="),
                                new ExclusionConstraint.Element(IndexKey.column("during"), "&&")),
                        Optional.of("n > 0"), Deferrability.NOT_DEFERRABLE)),
                List.of(), Optional.empty(), Optional.empty());
        var publicSchema = new Schema("public",
                List.of(new EnumType("mood", List.of("sad", "yes", "null", "1.0", "ok: fine"), Optional.of("How one feels"))),
                List.of(new Sequence("orders_legacy_seq", INT, SequenceOptions.defaultsFor(INT),
                                Optional.of(new Sequence.OwnedBy("orders", "legacy")), Optional.empty()),
                        new Sequence("invoice_number", BIGINT, new SequenceOptions(1000, 5, 1000, 999_999, 10, true),
                                Optional.of(new Sequence.OwnedBy("orders", "n")), Optional.of("numbers"))),
                List.of(users, orders),
                List.of(new View("active_users", "SELECT id, email\n  FROM public.users\n WHERE email IS NOT NULL", Optional.empty()),
                        new View("recent", "SELECT 1", Optional.of("recent things"))));
        return new Catalog(List.of(publicSchema));
    }

    /** Names that need quoting in YAML and SQL, several schemas, extension types, cross-schema keys. */
    static Catalog oddNames() {
        var user = new Table("User",
                List.of(Column.of("select", INT).withNullable(false),
                        Column.of("Größe", DataType.userDefined("ext", "citext")),
                        Column.of("yes", TEXT).withDefault(Optional.of("'no'::text")),
                        Column.of("null", DataType.userDefined("ext", "Vector").asArray()),
                        Column.of("1.0", TEXT),
                        Column.of(": x", TEXT),
                        Column.of("#tag", TEXT),
                        Column.of("a.b", TEXT),
                        Column.of("日本", DataType.userDefined("types", "Status"))),
                Optional.of(new PrimaryKey("User_pkey", List.of("select"))),
                List.of(new UniqueConstraint("User_1.0_: x_key", List.of("1.0", ": x"), false, Deferrability.NOT_DEFERRABLE)),
                List.of(), List.of(new CheckConstraint("User_日本_check", "\"日本\" <> 'x'", false)), List.of(),
                List.of(new Index("User_#tag_a.b_idx", false, false, "btree",
                        List.of(IndexKey.column("#tag"), new IndexKey(new IndexKey.ColumnTarget("a.b"), Optional.empty(), false, true)),
                        List.of(), Optional.empty(), Map.of())),
                Optional.of("yes"), Optional.empty());
        var invoices = Table.of("in.voices", List.of(Column.of("user", INT).withNullable(false)))
                .withForeignKeys(List.of(fk("in.voices_user_fkey", List.of("user"), QualifiedName.of("My App", "User"), List.of("select"))));
        return new Catalog(List.of(
                new Schema("My App", List.of(), List.of(), List.of(user), List.of()),
                new Schema("billing", List.of(), List.of(), List.of(invoices), List.of()),
                new Schema("types", List.of(new EnumType("Status", List.of("on", "off", ""), Optional.empty())), List.of(), List.of(), List.of()),
                Schema.named("empty")));
    }

    @Test
    void aRichModelReadsBackUnchanged() {
        assertRoundTrip(shop());
    }

    @Test
    void namesThatNeedQuotingReadBackUnchanged() {
        assertRoundTrip(oddNames());
    }

    @Test
    void explicitNamesThatDifferFromTheDerivedOnesReadBackUnchanged() {
        var t = Table.of("t", List.of(Column.of("a", INT)))
                .withChecks(List.of(new CheckConstraint("t_a_check1", "a > 0", false)))
                .withIndexes(List.of(new Index("t_a_idx1", false, false, "btree", List.of(IndexKey.column("a")), List.of(),
                        Optional.empty(), Map.of())));
        assertRoundTrip(new Catalog(List.of(new Schema("public", List.of(), List.of(), List.of(t), List.of()))));
    }

    @Test
    void anUnloggedTableIsWrittenAsUnloggedTrueAndReadsBackUnchanged() {
        var t = Table.of("t", List.of(Column.of("a", INT))).withUnlogged(true);
        var model = new Catalog(List.of(new Schema("public", List.of(), List.of(), List.of(t), List.of())));
        assertTrue(SchemaWriter.files(model).get("public/t.yaml").contains("unlogged: true"));
        assertRoundTrip(model);
    }

    @Test
    void aVirtualGeneratedColumnIsWrittenWithVirtualTrueAndReadsBackUnchanged() {
        var t = Table.of("t", List.of(Column.of("a", INT),
                Column.of("b", INT).withGeneratedAs(Optional.of("a * 2")).withVirtual(true)));
        var model = new Catalog(List.of(new Schema("public", List.of(), List.of(), List.of(t), List.of())));
        assertTrue(SchemaWriter.files(model).get("public/t.yaml").contains("virtual: true"));
        assertRoundTrip(model);
    }

    @Test
    void aNotNullNameOtherThanTheDerivedOneIsWrittenAndReadsBackWhileTheDerivedOneIsNoName() {
        var t = Table.of("t", List.of(Column.of("a", INT).withNullable(false).withNotNullName(Optional.of("tpl_a_not_null"))));
        var model = new Catalog(List.of(new Schema("public", List.of(), List.of(), List.of(t), List.of())));
        assertTrue(SchemaWriter.files(model).get("public/t.yaml").contains("not_null_name: tpl_a_not_null"));
        assertRoundTrip(model);
        var derived = SchemaFiles.parse(Map.of("t.yaml",
                "tables:\n  t:\n    columns:\n      a: { type: int, nullable: false, not_null_name: t_a_not_null }\n"));
        assertEquals(Optional.empty(), derived.catalog().schema("public").orElseThrow().table("t").orElseThrow()
                .column("a").orElseThrow().notNullName());
    }

    @Test
    void viewOptionsAreWrittenBesideTheDefinitionAndReadBackUnchanged() {
        var t = Table.of("t", List.of(Column.of("a", INT)));
        var v = new View("v", "SELECT a FROM public.t", Optional.empty(),
                new ViewOptions(true, true, ViewOptions.CheckOption.CASCADED));
        var model = new Catalog(List.of(new Schema("public", List.of(), List.of(), List.of(t), List.of(v))));
        String views = SchemaWriter.files(model).get("public/_views.yaml");
        assertTrue(views.contains("security_barrier: true") && views.contains("security_invoker: true")
                && views.contains("check_option: cascaded"), views);
        assertRoundTrip(model);
    }

    @Test
    void anEmptySchemaThatHoldsExtensionTypesReadsBackUnchanged() {
        var t = Table.of("t", List.of(Column.of("a", DataType.userDefined("ext", "citext"))));
        assertRoundTrip(new Catalog(List.of(new Schema("public", List.of(), List.of(), List.of(t), List.of()), Schema.named("ext"))));
    }

    @Test
    void extensionTypesOfAnUnmanagedSchemaAreDeclaredWithoutManagingIt() {
        var files = SchemaWriter.files(oddNames());
        assertTrue(files.get("ext/_types.yaml").contains("\nexternal_types: [Vector, citext]\n"), files.get("ext/_types.yaml"));
        assertTrue(SchemaFiles.parse(files).catalog().schema("ext").isEmpty());
    }

    @Test
    void layoutIsOneFilePerTablePlusTypesAndViews() {
        assertEquals(List.of("public/_types.yaml", "public/_views.yaml", "public/orders.yaml", "public/users.yaml"),
                List.copyOf(SchemaWriter.files(shop()).keySet()));
    }

    @Test
    void everyFileStartsWithTheOwnershipMarker() {
        SchemaWriter.files(oddNames()).values().forEach(content ->
                assertTrue(content.startsWith(SchemaWriter.OWNERSHIP_MARKER + " "), content));
    }

    @Test
    void outputUsesShortFormsAndLeavesOutDefaults() {
        String users = SchemaWriter.files(shop()).get("public/users.yaml");
        assertTrue(users.contains("\n      tags: text[]\n"), users);
        assertTrue(users.contains("\n    primary_key: [id]\n"), users);
        assertTrue(users.contains("\n      id: {type: bigint, identity: always}\n"), users);
        assertTrue(users.contains("- [email]\n"), users);
        assertTrue(!users.contains("users_email_key") && !users.contains("users_pkey"), users);
    }

    @Test
    void aSerialColumnIsWrittenAsSerial() {
        String orders = SchemaWriter.files(shop()).get("public/orders.yaml");
        assertTrue(orders.contains("\n      legacy: serial\n"), orders);
        assertTrue(!SchemaWriter.files(shop()).get("public/_types.yaml").contains("orders_legacy_seq"));
    }

    @Test
    void outputIsDeterministic() {
        assertEquals(SchemaWriter.files(shop()), SchemaWriter.files(shop()));
    }

    @Test
    void fileNamesAreSanitisedAndUniqueIgnoringCase() {
        var tables = List.of(Table.of("Users", List.of(Column.of("a", INT))), Table.of("users", List.of(Column.of("a", INT))),
                Table.of("_types", List.of(Column.of("a", INT))), Table.of("a/b", List.of(Column.of("a", INT))),
                Table.of("a_b", List.of(Column.of("a", INT))), Table.of("..", List.of(Column.of("a", INT))));
        var catalog = new Catalog(List.of(new Schema("public", List.of(), List.of(), tables, List.of())));
        assertEquals(List.of("public/Users.yaml", "public/_...yaml", "public/_types_2.yaml", "public/a_b.yaml",
                        "public/a_b_2.yaml", "public/users_2.yaml"),
                List.copyOf(SchemaWriter.files(catalog).keySet()));
        assertRoundTrip(catalog);
    }
}
