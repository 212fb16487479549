package dev.strata.yaml;

import dev.strata.diagnostics.Diagnostic;
import dev.strata.diagnostics.InvalidInputException;
import dev.strata.model.Catalog;
import dev.strata.model.CheckConstraint;
import dev.strata.model.Column;
import dev.strata.model.DataType;
import dev.strata.model.Deferrability;
import dev.strata.model.ExclusionConstraint;
import dev.strata.model.ForeignKey;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.PrimaryKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.Table;
import dev.strata.model.UniqueConstraint;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The {@code comment:} key of indexes and of every kind of constraint: read, written only when present, read back. */
class IndexConstraintCommentsYamlTest {

    private static final DataType BIGINT = DataType.builtin("bigint");
    private static final DataType TEXT = DataType.builtin("text");

    private static Table table(String name) {
        return SchemaFiles.parse(Map.of("s.yaml", """
                schema: public
                tables:
                  p:
                    columns:
                      id: bigint
                    primary_key: [id]
                  t:
                    columns:
                      id: bigint
                      p_id: bigint
                      name: text
                      during: tsrange
                    primary_key:
                      columns: [id]
                      comment: the row's key
                    unique:
                      - columns: [name]
                        comment: "Ünïcödé ✓ 日本語"
                    foreign_keys:
                      - columns: [p_id]
                        references: {table: p}
                        comment: "line one\\nline two"
                    checks:
                      - expression: length(name) > 0
                        comment: It's "quoted" here
                    exclusions:
                      - elements:
                          - {column: during, with: "&&"}
                        comment: no overlap
                    indexes:
                      - columns: [name, id]
                        comment: for lookups
                      - [p_id]
                """)).catalog().table(QualifiedName.of("public", name)).orElseThrow();
    }

    @Test
    void everyIndexAndConstraintKindReadsItsComment() {
        Table t = table("t");
        assertEquals(Optional.of("the row's key"), t.primaryKey().flatMap(PrimaryKey::comment));
        assertEquals(Optional.of("Ünïcödé ✓ 日本語"), t.uniqueConstraints().getFirst().comment());
        assertEquals(Optional.of("line one\nline two"), t.foreignKeys().getFirst().comment());
        assertEquals(Optional.of("It's \"quoted\" here"), t.checks().getFirst().comment());
        assertEquals(Optional.of("no overlap"), t.exclusions().getFirst().comment());
        assertEquals(List.of(Optional.of("for lookups"), Optional.<String>empty()), t.indexes().stream().map(Index::comment).toList());
    }

    @Test
    void aCommentThatIsNotTextIsReportedAtItsPosition() {
        var e = assertThrows(InvalidInputException.class, () -> SchemaFiles.parse(Map.of("s.yaml", """
                schema: public
                tables:
                  t:
                    columns:
                      id: bigint
                    indexes:
                      - columns: [id]
                        comment: [not, text]
                    checks:
                      - expression: id > 0
                        comment: {a: b}
                """)));
        assertEquals(List.of("s.yaml:8:18: expected a comment", "s.yaml:11:18: expected a comment"),
                e.diagnostics().stream().map(Diagnostic::toString).toList());
    }

    @Test
    void aMisspeltCommentKeyIsReportedWithSuggestion() {
        var e = assertThrows(InvalidInputException.class, () -> SchemaFiles.parse(Map.of("s.yaml", """
                schema: public
                tables:
                  t:
                    columns:
                      id: bigint
                    primary_key:
                      columns: [id]
                      coment: key
                """)));
        assertEquals(List.of("s.yaml:8:7: unknown key 'coment' in primary_key; did you mean 'comment'?"),
                e.diagnostics().stream().map(Diagnostic::toString).toList());
    }

    @Test
    void commentsAreWrittenOnlyWhenPresentAndReadBackUnchanged() {
        Table t = new Table("t",
                List.of(Column.of("id", BIGINT).withNullable(false), Column.of("name", TEXT),
                        Column.of("p_id", BIGINT), Column.of("during", DataType.builtin("tsrange"))),
                Optional.of(new PrimaryKey("t_pkey", List.of("id"), Optional.of("the row's key"))),
                List.of(new UniqueConstraint("t_name_key", List.of("name"), false, Deferrability.NOT_DEFERRABLE,
                        Optional.of("Ünïcödé ✓ 日本語"))),
                List.of(new ForeignKey("t_p_id_fkey", List.of("p_id"), QualifiedName.of("public", "p"), List.of("id"),
                        ForeignKey.Action.NO_ACTION, ForeignKey.Action.NO_ACTION, ForeignKey.Match.SIMPLE,
                        Deferrability.NOT_DEFERRABLE, Optional.of("line one\nline two"))),
                List.of(new CheckConstraint("t_name_check", "length(name) > 0", false, Optional.of("It's \"quoted\" here")),
                        new CheckConstraint("t_id_check", "id > 0", false)),
                List.of(new ExclusionConstraint("t_during_excl", "gist",
                        List.of(new ExclusionConstraint.Element(IndexKey.column("during"), "&&")), Optional.empty(),
                        Deferrability.NOT_DEFERRABLE, Optional.of("no overlap"))),
                List.of(new Index("t_name_id_idx", false, false, "btree", List.of(IndexKey.column("name"), IndexKey.column("id")),
                                List.of(), Optional.empty(), Map.of(), Optional.of("for lookups")),
                        new Index("t_p_id_idx", false, false, "btree", List.of(IndexKey.column("p_id")), List.of(),
                                Optional.empty(), Map.of())),
                Optional.empty(), Optional.empty());
        Table p = Table.of("p", List.of(Column.of("id", BIGINT).withNullable(false)))
                .withPrimaryKey(Optional.of(new PrimaryKey("p_pkey", List.of("id"))));
        Catalog catalog = new Catalog(List.of(Schema.named("public").withTables(List.of(p, t))));

        var files = SchemaWriter.files(catalog);
        assertEquals(catalog, SchemaFiles.parse(files).catalog(), () -> String.join("\n", files.values()));
        assertEquals(files, SchemaWriter.files(SchemaFiles.parse(files).catalog()));
        assertEquals("""
                # strata:pulled — written by 'strata pull'; files without this line are never overwritten
                schema: public
                tables:
                  t:
                    columns:
                      id: bigint
                      name: text
                      p_id: bigint
                      during: tsrange
                    primary_key: {columns: [id], comment: the row's key}
                    unique: [{columns: [name], comment: Ünïcödé ✓ 日本語}]
                    foreign_keys:
                      - columns: [p_id]
                        references: {table: p}
                        comment: |-
                          line one
                          line two
                    checks: [id > 0, {expression: length(name) > 0, comment: It's "quoted" here}]
                    exclusions:
                      - elements:
                          - {column: during, with: '&&'}
                        comment: no overlap
                    indexes: [{columns: [name, id], comment: for lookups}, [p_id]]
                """, files.get("public/t.yaml"));
    }
}
