package dev.strata.yaml;

import dev.strata.model.Column;
import dev.strata.model.DataType;
import dev.strata.model.ForeignKey;
import dev.strata.model.Identity;
import dev.strata.model.IndexKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Sequence;
import dev.strata.model.SequenceOptions;
import dev.strata.model.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchemaFilesTest {

    private static LoadedSchema parse(String yaml) {
        return SchemaFiles.parse(Map.of("s.yaml", yaml));
    }

    private static Table table(LoadedSchema loaded, String name) {
        return loaded.catalog().table(QualifiedName.of("public", name)).orElseThrow();
    }

    @Test
    void shortColumnFormIsANullableColumnOfThatType() {
        var t = table(parse("tables:\n  users:\n    columns:\n      email: text\n"), "users");
        assertEquals(List.of(Column.of("email", DataType.builtin("text"))), t.columns());
    }

    @Test
    void schemaDefaultsToPublicAndCanBeSet() {
        var loaded = parse("schema: billing\ntables:\n  invoices:\n    columns: { id: int }\n");
        assertTrue(loaded.catalog().table(QualifiedName.of("billing", "invoices")).isPresent());
        assertFalse(loaded.catalog().schema("public").isPresent());
    }

    @Test
    void primaryKeyColumnsAreNotNullAndTheKeyGetsPostgresName() {
        var t = table(parse("tables:\n  users:\n    columns: { id: bigint }\n    primary_key: [id]\n"), "users");
        assertFalse(t.column("id").orElseThrow().nullable());
        assertEquals("users_pkey", t.primaryKey().orElseThrow().name());
    }

    @Test
    void identityImpliesNotNullAndDefaultSequenceOptions() {
        var c = table(parse("tables:\n  t:\n    columns:\n      id: { type: integer, identity: always }\n"), "t")
                .column("id").orElseThrow();
        assertFalse(c.nullable());
        assertEquals(Optional.of(new Identity(Identity.Generation.ALWAYS, new SequenceOptions(1, 1, 1, Integer.MAX_VALUE, 1, false))),
                c.identity());
    }

    @Test
    void serialBecomesIntegerWithNextvalDefaultAndAnOwnedSequence() {
        var loaded = parse("tables:\n  users:\n    columns: { id: serial }\n");
        var c = table(loaded, "users").column("id").orElseThrow();
        assertEquals(DataType.builtin("integer"), c.type());
        assertFalse(c.nullable());
        assertEquals(Optional.of("nextval('public.users_id_seq'::regclass)"), c.defaultValue());
        assertEquals(new Sequence("users_id_seq", DataType.builtin("integer"), new SequenceOptions(1, 1, 1, Integer.MAX_VALUE, 1, false),
                        Optional.of(new Sequence.OwnedBy("users", "id")), Optional.empty()),
                loaded.catalog().sequence(QualifiedName.of("public", "users_id_seq")).orElseThrow());
    }

    @Test
    void serialDefaultQuotesOddNamesLikePgGetExpr() {
        var loaded = SchemaFiles.parse(Map.of("s.yaml", "schema: My App\ntables:\n  Users:\n    columns: { id: bigserial }\n"));
        var c = loaded.catalog().table(QualifiedName.of("My App", "Users")).orElseThrow().column("id").orElseThrow();
        assertEquals(Optional.of("nextval('\"My App\".\"Users_id_seq\"'::regclass)"), c.defaultValue());
    }

    @Test
    void foreignKeyDefaultsToTheTargetsPrimaryKeyAndNoAction() {
        var loaded = parse("""
                tables:
                  orgs:
                    columns: { id: bigint }
                    primary_key: [id]
                  users:
                    columns: { org_id: bigint }
                    foreign_keys:
                      - columns: [org_id]
                        references: { table: orgs }
                """);
        assertEquals(List.of(new ForeignKey("users_org_id_fkey", List.of("org_id"), QualifiedName.of("public", "orgs"),
                        List.of("id"), ForeignKey.Action.NO_ACTION, ForeignKey.Action.NO_ACTION, ForeignKey.Match.SIMPLE,
                        dev.strata.model.Deferrability.NOT_DEFERRABLE)),
                table(loaded, "users").foreignKeys());
    }

    @Test
    void enumReferencedUnqualifiedResolvesToTheDocumentsSchema() {
        var loaded = SchemaFiles.parse(Map.of("s.yaml", """
                schema: shop
                enums:
                  status: [new, paid]
                tables:
                  orders:
                    columns: { state: "status[]" }
                """));
        assertEquals(DataType.userDefined("shop", "status").asArray(),
                loaded.catalog().table(QualifiedName.of("shop", "orders")).orElseThrow().column("state").orElseThrow().type());
    }

    @Test
    void descendingIndexKeysDefaultToNullsFirst() {
        var t = table(parse("""
                tables:
                  t:
                    columns: { a: int, b: int }
                    indexes:
                      - columns: [{ column: a, order: desc }, { column: b, nulls: first }]
                """), "t");
        var keys = t.indexes().get(0).keys();
        assertEquals(new IndexKey(new IndexKey.ColumnTarget("a"), Optional.empty(), true, true), keys.get(0));
        assertEquals(new IndexKey(new IndexKey.ColumnTarget("b"), Optional.empty(), false, true), keys.get(1));
        assertEquals("t_a_b_idx", t.indexes().get(0).name());
    }

    @Test
    void expressionsAreKeptAsWrittenButTrimmed() {
        var c = table(parse("tables:\n  t:\n    columns:\n      a: { type: int, default: '  1 + 1 ' }\n"), "t").column("a").orElseThrow();
        assertEquals(Optional.of("1 + 1"), c.defaultValue());
    }

    @Test
    void scalarsAreTakenAsWrittenNotAsYamlBooleans() {
        var loaded = parse("enums:\n  answer: [yes, no, null, 1.0]\n");
        assertEquals(List.of("yes", "no", "null", "1.0"),
                loaded.catalog().enumType(QualifiedName.of("public", "answer")).orElseThrow().labels());
    }

    @Test
    void sourceMapPointsAtTheExpression() {
        var loaded = parse("tables:\n  t:\n    columns:\n      a: { type: int, default: now() }\n    checks:\n      - a > 0\n");
        assertEquals(Optional.of(new Location("s.yaml", 4, 32)),
                loaded.sources().column(QualifiedName.of("public", "t"), "a", "default"));
        assertEquals(Optional.of(new Location("s.yaml", 6, 9)),
                loaded.sources().check(QualifiedName.of("public", "t"), "t_a_check"));
    }

    @Test
    void readWalksTheDirectoryAndNamesFilesRelativeToIt(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("public"));
        Files.writeString(dir.resolve("public/users.yaml"), "tables:\n  users:\n    columns: { id: txet }\n");
        Files.writeString(dir.resolve("notes.txt"), "not yaml: [");
        var error = org.junit.jupiter.api.Assertions.assertThrows(dev.strata.diagnostics.InvalidInputException.class,
                () -> SchemaFiles.read(dir));
        assertEquals(dir.resolve("public/users.yaml") + ":3:20: unknown type 'txet'; did you mean 'text'?", error.getMessage());
    }

    @Test
    void foreignKeyTargetMayBeSchemaQualified() {
        var loaded = SchemaFiles.parse(Map.of(
                "a.yaml", "schema: billing\ntables:\n  orgs: { columns: { id: int }, primary_key: [id] }\n",
                "b.yaml", "tables:\n  users:\n    columns: { org: int }\n    foreign_keys:\n"
                        + "      - { columns: [org], references: { table: billing.orgs } }\n"
                        + "      - { columns: [org], references: { schema: billing, table: orgs }, name: second }\n"));
        var fks = table(loaded, "users").foreignKeys();
        assertEquals(List.of(QualifiedName.of("billing", "orgs"), QualifiedName.of("billing", "orgs")),
                fks.stream().map(ForeignKey::target).toList());
    }

    @Test
    void selfReferencingCompositeForeignKeyIsAccepted() {
        var t = table(parse("""
                tables:
                  nodes:
                    columns: { a: int, b: int, pa: int, pb: int }
                    primary_key: [a, b]
                    foreign_keys: [{ columns: [pa, pb], references: { table: nodes } }]
                """), "nodes");
        assertEquals("nodes_pa_pb_fkey", t.foreignKeys().get(0).name());
        assertEquals(List.of("a", "b"), t.foreignKeys().get(0).targetColumns());
    }

    @Test
    void ownedByAcceptsTheMapFormForDottedNames() {
        var loaded = parse("sequences:\n  s: { owned_by: { table: a.b, column: c } }\ntables:\n  a.b: { columns: { c: int } }\n");
        assertEquals(Optional.of(new Sequence.OwnedBy("a.b", "c")),
                loaded.catalog().sequence(QualifiedName.of("public", "s")).orElseThrow().ownedBy());
    }

    @Test
    void sourceMapKnowsIndexesAndViews() {
        var loaded = parse("tables:\n  t:\n    columns: { a: int }\n    indexes:\n      - { columns: [a], where: a > 0 }\nviews:\n  v: select 1\n");
        assertEquals(Optional.of(new Location("s.yaml", 5, 9)), loaded.sources().index(QualifiedName.of("public", "t"), "t_a_idx"));
        assertEquals(Optional.of(new Location("s.yaml", 5, 32)), loaded.sources().indexWhere(QualifiedName.of("public", "t"), "t_a_idx"));
        assertEquals(Optional.of(new Location("s.yaml", 7, 6)), loaded.sources().view(QualifiedName.of("public", "v")));
    }

    @Test
    void aByteOrderMarkAtTheStartIsIgnored() {
        assertEquals(1, table(parse("\uFEFFtables:\n  t:\n    columns: { a: int }\n"), "t").columns().size());
    }

    @Test
    void aDocumentWithOnlyASchemaDeclaresAnEmptyManagedSchema() {
        assertTrue(parse("schema: reporting\n").catalog().schema("reporting").isPresent());
    }

    @Test
    void qualifiedReferenceMayBeLongerThan63BytesWhenEachNameFits() {
        String longTable = "t".repeat(63);
        var loaded = SchemaFiles.parse(Map.of(
                "a.yaml", "schema: other\ntables:\n  " + longTable + ":\n    columns: { id: int }\n    primary_key: [id]\n",
                "b.yaml", "tables:\n  users:\n    columns: { ref: int }\n"
                        + "    foreign_keys: [{ columns: [ref], references: { table: other." + longTable + " } }]\n"));
        assertEquals(QualifiedName.of("other", longTable), table(loaded, "users").foreignKeys().get(0).target());
    }
}
