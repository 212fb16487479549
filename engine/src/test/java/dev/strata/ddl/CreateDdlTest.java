package dev.strata.ddl;

import dev.strata.model.Catalog;
import dev.strata.model.CheckConstraint;
import dev.strata.model.Column;
import dev.strata.model.Deferrability;
import dev.strata.model.EnumType;
import dev.strata.model.ForeignKey;
import dev.strata.model.Schema;
import dev.strata.model.QualifiedName;
import dev.strata.model.Table;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CreateDdlTest {

    @Test
    void sameModelGivesByteIdenticalScript() {
        assertEquals(CreateDdl.script(RichCatalog.build()), CreateDdl.script(RichCatalog.build()));
    }

    @Test
    void inputOrderOfSchemasAndTablesDoesNotChangeTheScript() {
        var catalog = RichCatalog.build();
        var reversedSchemas = new ArrayList<Schema>();
        for (Schema schema : catalog.schemas().reversed()) {
            reversedSchemas.add(schema.withTables(schema.tables().reversed()));
        }
        assertEquals(CreateDdl.script(catalog), CreateDdl.script(new Catalog(reversedSchemas)));
    }

    @Test
    void emptyCatalogGivesEmptyScript() {
        assertEquals("", CreateDdl.script(Catalog.empty()));
    }

    @Test
    void scriptIsEveryStatementFollowedBySemicolonAndNewline() {
        var catalog = RichCatalog.build();
        var expected = new StringBuilder();
        for (String statement : CreateDdl.statements(catalog)) {
            expected.append(statement).append(";\n");
        }
        assertEquals(expected.toString(), CreateDdl.script(catalog));
    }

    @Test
    void publicSchemaIsNotCreatedOtherSchemasAre() {
        var catalog = new Catalog(List.of(
                Schema.named("public").withTables(List.of(Table.of("t", List.of()))),
                Schema.named("Other").withTables(List.of(Table.of("u", List.of())))));
        assertEquals(List.of(
                "CREATE SCHEMA IF NOT EXISTS \"Other\"",
                "CREATE TABLE \"Other\".u ()",
                "CREATE TABLE public.t ()"), CreateDdl.statements(catalog));
    }

    @Test
    void foreignKeysAreAddedAfterEveryTableEvenWhenTheyPointForward() {
        var fk = new ForeignKey("a_fk", List.of("b_id"), QualifiedName.of("s", "b"), List.of("id"),
                ForeignKey.Action.NO_ACTION, ForeignKey.Action.NO_ACTION, ForeignKey.Match.SIMPLE,
                Deferrability.NOT_DEFERRABLE);
        var a = Table.of("a", List.of(Column.of("b_id", RichCatalog.INTEGER))).withForeignKeys(List.of(fk));
        var b = Table.of("b", List.of(Column.of("id", RichCatalog.INTEGER)));
        var catalog = new Catalog(List.of(Schema.named("s").withTables(List.of(a, b))));
        assertEquals(List.of(
                "CREATE SCHEMA IF NOT EXISTS s",
                "CREATE TABLE s.a (\n    b_id integer\n)",
                "CREATE TABLE s.b (\n    id integer\n)",
                "ALTER TABLE s.a ADD CONSTRAINT a_fk FOREIGN KEY (b_id) REFERENCES s.b (id)"),
                CreateDdl.statements(catalog));
    }

    @Test
    void checksAndForeignKeysDeclaredNotValidAreAddedNotValidAfterTheTable() {
        var fk = new ForeignKey("a_fk", List.of("b_id"), QualifiedName.of("s", "b"), List.of("id"),
                ForeignKey.Action.NO_ACTION, ForeignKey.Action.NO_ACTION, ForeignKey.Match.SIMPLE,
                Deferrability.NOT_DEFERRABLE, false);
        var a = Table.of("a", List.of(Column.of("b_id", RichCatalog.INTEGER))).withForeignKeys(List.of(fk))
                .withChecks(List.of(new CheckConstraint("a_old", "b_id > 0", true, false), new CheckConstraint("a_new", "b_id < 9", false)));
        var b = Table.of("b", List.of(Column.of("id", RichCatalog.INTEGER)));
        var catalog = new Catalog(List.of(Schema.named("s").withTables(List.of(a, b))));
        assertEquals(List.of(
                "CREATE SCHEMA IF NOT EXISTS s",
                "CREATE TABLE s.a (\n    b_id integer,\n    CONSTRAINT a_new CHECK (b_id < 9)\n)",
                "ALTER TABLE s.a ADD CONSTRAINT a_old CHECK (b_id > 0) NO INHERIT NOT VALID",
                "CREATE TABLE s.b (\n    id integer\n)",
                "ALTER TABLE s.a ADD CONSTRAINT a_fk FOREIGN KEY (b_id) REFERENCES s.b (id) NOT VALID"),
                CreateDdl.statements(catalog));
        assertEquals(new Origin.OfConstraint(QualifiedName.of("s", "a"), "a_old"), CreateDdl.originated(catalog).get(2).origin());
    }

    @Test
    void enumsOfEverySchemaPrecedeTheFirstTable() {
        var catalog = new Catalog(List.of(
                Schema.named("a").withTables(List.of(Table.of("t", List.of(Column.of("m", RichCatalog.MOOD))))),
                Schema.named("common").withEnums(List.of(new EnumType("Mood", List.of("x"), Optional.empty())))));
        assertEquals(List.of(
                "CREATE SCHEMA IF NOT EXISTS a",
                "CREATE SCHEMA IF NOT EXISTS common",
                "CREATE TYPE common.\"Mood\" AS ENUM ('x')",
                "CREATE TABLE a.t (\n    m common.\"Mood\"\n)"), CreateDdl.statements(catalog));
    }
}
