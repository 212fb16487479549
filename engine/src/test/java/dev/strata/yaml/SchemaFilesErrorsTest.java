package dev.strata.yaml;

import dev.strata.diagnostics.Diagnostic;
import dev.strata.diagnostics.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Each user error, reported as {@code file:line:column: message}. */
class SchemaFilesErrorsTest {

    private static List<String> errors(Map<String, String> files) {
        var e = assertThrows(InvalidInputException.class, () -> SchemaFiles.parse(files));
        return e.diagnostics().stream().map(Diagnostic::toString).toList();
    }

    private static List<String> errors(String yaml) {
        return errors(Map.of("s.yaml", yaml));
    }

    @Test
    void unparseableYamlIsReportedAtItsPosition() {
        assertEquals(List.of("s.yaml:2:7: invalid YAML: mapping values are not allowed here"), errors("tables:\n  t: x: y\n"));
    }

    @Test
    void unclosedFlowMappingIsReportedAtTheEnd() {
        assertEquals(List.of("s.yaml:4:1: invalid YAML: expected ',' or '}', but got <stream end>"),
                errors("tables:\n  users:\n    columns: { id: int\n"));
    }

    @Test
    void unknownKeyIsReportedWithSuggestion() {
        assertEquals(List.of("s.yaml:5:9: unknown key 'nulable' in column 'email'; did you mean 'nullable'?"),
                errors("""
                        tables:
                          users:
                            columns:
                              email:
                                nulable: false
                                type: text
                        """));
    }

    @Test
    void theSchemaStrataKeepsItsStateInIsReserved() {
        assertEquals(List.of("s.yaml:1:9: schema 'strata' is reserved: Strata keeps its own state there (migrations, steps,"
                        + " backfill positions); declare these objects in another schema"),
                errors("schema: strata\ntables:\n  t:\n    columns:\n      id: bigint\n"));
    }

    @Test
    void theSchemaStrataKeepsDroppedTablesInIsReserved() {
        assertEquals(List.of("s.yaml:1:9: schema 'strata_archive' is reserved: Strata keeps dropped tables there until"
                        + " they are purged (docs/retention.md); declare these objects in another schema"),
                errors("schema: strata_archive\ntables:\n  t:\n    columns:\n      id: bigint\n"));
    }

    @Test
    void unknownTopLevelKeyIsReportedWithSuggestion() {
        assertEquals(List.of("s.yaml:1:1: unknown key 'tabels' in the document; did you mean 'tables'?"),
                errors("tabels: {}\n"));
    }

    @Test
    void misspeltActionIsReportedWithSuggestion() {
        assertEquals(List.of("s.yaml:8:20: unknown on_delete action 'cascde'; expected one of: no action, restrict, "
                        + "cascade, set null, set default; did you mean 'cascade'?"),
                errors("""
                        tables:
                          t:
                            columns: { id: int, p: int }
                            primary_key: [id]
                            foreign_keys:
                              - columns: [p]
                                references: { table: t }
                                on_delete: cascde
                        """));
    }

    @Test
    void wrongValueTypeIsReported() {
        assertEquals(List.of("s.yaml:4:18: expected a list of column names"),
                errors("tables:\n  t:\n    columns: { id: int }\n    primary_key: id\n"));
    }

    @Test
    void duplicateTableAcrossFilesIsReportedWhereItIsRedeclared() {
        assertEquals(List.of("b.yaml:2:3: duplicate table 't' in schema 'public' (first declared at a.yaml:2:3)"),
                errors(Map.of("a.yaml", "tables:\n  t:\n    columns: { id: int }\n",
                        "b.yaml", "tables:\n  t:\n    columns: { id: int }\n")));
    }

    @Test
    void tableAndViewWithTheSameNameClash() {
        assertEquals(List.of("s.yaml:5:3: view 't' has the same name as table 't' in schema 'public' (first declared at s.yaml:2:3)"),
                errors("tables:\n  t:\n    columns: { id: int }\nviews:\n  t: select 1\n"));
    }

    @Test
    void duplicateColumnIsReported() {
        assertEquals(List.of("s.yaml:5:7: duplicate column 'a'"),
                errors("tables:\n  t:\n    columns:\n      a: int\n      a: text\n"));
    }

    @Test
    void duplicateMappingKeyIsReported() {
        assertEquals(List.of("s.yaml:3:32: duplicate key 'type'"),
                errors("tables:\n  t:\n    columns: { a: { type: int, type: text } }\n"));
    }

    @Test
    void duplicateEnumLabelIsReported() {
        assertEquals(List.of("s.yaml:2:13: duplicate enum label 'a'"), errors("enums:\n  e: [a, b, a]\n"));
    }

    @Test
    void duplicateConstraintNameIsReported() {
        assertEquals(List.of("s.yaml:6:36: duplicate constraint name 'c' in table 't'"),
                errors("""
                        tables:
                          t:
                            columns: { a: int }
                            checks:
                              - { expression: a > 0, name: c }
                              - { expression: a < 9, name: c }
                        """));
    }

    @Test
    void indexNamedLikeATableIsReported() {
        assertEquals(List.of("s.yaml:5:17: index 't' has the same name as table 't' in schema 'public' (first declared at s.yaml:2:3)"),
                errors("tables:\n  t:\n    columns: { a: int }\n    indexes:\n      - { name: t, columns: [a] }\n"));
    }

    @Test
    void constraintNamingAnUnknownColumnIsReported() {
        assertEquals(List.of("s.yaml:4:15: unknown column 'emial' in unique constraint of table 'users'; did you mean 'email'?"),
                errors("tables:\n  users:\n    columns: { email: text }\n    unique: [[emial]]\n"));
    }

    @Test
    void indexNamingAnUnknownColumnIsReported() {
        assertEquals(List.of("s.yaml:4:41: unknown column 'b' in index of table 't'"),
                errors("tables:\n  t:\n    columns: { a: int }\n    indexes: [{ columns: [a], include: [b] }]\n"));
    }

    @Test
    void foreignKeyToAnUnknownTableIsReported() {
        assertEquals(List.of("s.yaml:6:51: foreign key of table 'users' references unknown table 'public.org'; did you mean 'orgs'?"),
                errors("""
                        tables:
                          orgs: { columns: { id: int }, primary_key: [id] }
                          users:
                            columns: { org_id: int }
                            foreign_keys:
                              - { columns: [org_id], references: { table: org } }
                        """));
    }

    @Test
    void foreignKeyToColumnsWithoutUniqueKeyIsReported() {
        assertEquals(List.of("s.yaml:6:9: foreign key references columns (name) of table 'public.orgs', "
                        + "which are not covered by its primary key or a unique constraint"),
                errors("""
                        tables:
                          orgs: { columns: { id: int, name: text }, primary_key: [id] }
                          users:
                            columns: { org_name: text }
                            foreign_keys:
                              - { columns: [org_name], references: { table: orgs, columns: [name] } }
                        """));
    }

    @Test
    void unknownTypeIsReportedWithSuggestion() {
        assertEquals(List.of("s.yaml:3:19: unknown type 'integr'; did you mean 'integer'?"),
                errors("tables:\n  t:\n    columns: { a: integr }\n"));
    }

    @Test
    void unknownTypeSuggestsDeclaredEnums() {
        assertEquals(List.of("s.yaml:5:19: unknown type 'moood'; did you mean 'mood'?"),
                errors("enums:\n  mood: [sad, happy]\ntables:\n  t:\n    columns: { a: moood }\n"));
    }

    @Test
    void externalTypesAreAccepted() {
        var loaded = SchemaFiles.parse(Map.of("s.yaml", "external_types: [citext]\ntables:\n  t:\n    columns: { a: citext }\n"));
        assertEquals(dev.strata.model.DataType.userDefined("public", "citext"),
                loaded.catalog().table(dev.strata.model.QualifiedName.of("public", "t")).orElseThrow().columns().get(0).type());
    }

    @Test
    void ownedByAnUnknownColumnIsReported() {
        assertEquals(List.of("s.yaml:3:15: owned_by: unknown column 'nmber' in table 'invoices'; did you mean 'number'?"),
                errors("sequences:\n  s:\n    owned_by: invoices.nmber\ntables:\n  invoices:\n    columns: { number: bigint }\n"));
    }

    @Test
    void identityOnANonIntegerTypeIsReported() {
        assertEquals(List.of("s.yaml:3:43: identity column 'a' must be smallint, integer or bigint, not text"),
                errors("tables:\n  t:\n    columns: { a: { type: text, identity: always } }\n"));
    }

    @Test
    void renamedFromEqualToTheNameIsReported() {
        assertEquals(List.of("s.yaml:3:46: renamed_from must name the column's previous name, not 'a' itself"),
                errors("tables:\n  t:\n    columns: { a: { type: int, renamed_from: a } }\n"));
    }

    @Test
    void nameLongerThan63BytesIsReported() {
        String name = "x".repeat(64);
        assertEquals(List.of("s.yaml:2:3: name '" + name + "' is longer than 63 bytes; PostgreSQL would truncate it to '"
                        + "x".repeat(63) + "'"),
                errors("tables:\n  " + name + ":\n    columns: { a: int }\n"));
    }

    @Test
    void allErrorsOfAllFilesAreReportedTogetherSorted() {
        assertEquals(List.of(
                        "a.yaml:3:19: unknown type 'txt'; did you mean 'text'?",
                        "b.yaml:1:1: unknown key 'tabels' in the document; did you mean 'tables'?",
                        "b.yaml:4:5: invalid YAML: mapping values are not allowed here"),
                errors(Map.of(
                        "b.yaml", "tabels: {}\n---\nbroken\nyaml: here\n",
                        "a.yaml", "tables:\n  t:\n    columns: { a: txt }\n")));
    }

    @Test
    void identityWithADefaultIsReported() {
        assertEquals(List.of("s.yaml:3:42: identity column 'a' cannot also have a default"),
                errors("tables:\n  t:\n    columns: { a: { type: int, identity: always, default: 1 } }\n"));
    }

    @Test
    void aNullablePrimaryKeyColumnIsReported() {
        assertEquals(List.of("s.yaml:3:42: column 'a' cannot be nullable: it is part of the primary key"),
                errors("tables:\n  t:\n    columns: { a: { type: int, nullable: true } }\n    primary_key: [a]\n"));
    }

    @Test
    void impossibleSequenceOptionsAreReported() {
        assertEquals(List.of("s.yaml:2:3: sequence start 0 is outside [1, 9223372036854775807]"),
                errors("sequences:\n  s: { start: 0 }\n"));
    }

    @Test
    void aTabInIndentationIsReported() {
        assertEquals(List.of("s.yaml:2:1: invalid YAML: found character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for indentation)"),
                errors("tables:\n\tt: {}\n"));
    }

    @Test
    void eachNameOfAQualifiedReferenceIsLimitedTo63Bytes() {
        String tooLong = "t".repeat(64);
        assertEquals(List.of("s.yaml:4:59: name '" + tooLong + "' is longer than 63 bytes; PostgreSQL would truncate it to '"
                        + "t".repeat(63) + "'"),
                errors("tables:\n  users:\n    columns: { ref: int }\n    foreign_keys: [{ columns: [ref], references: { table: other."
                        + tooLong + " } }]\n"));
    }

    @org.junit.jupiter.api.Test
    void expressionErrorsInValidTablesAreReportedWithStructuralErrorsElsewhere() {
        assertEquals(List.of(
                "orders.yaml:6:9: unknown column 'totl' (did you mean 'total'?) (in the check orders_check on public.orders)",
                "users.yaml:4:28: unknown key 'nullabel' in column 'email'; did you mean 'nullable'?"),
                errors(Map.of(
                        "orders.yaml", "tables:\n  orders:\n    columns:\n      total: numeric\n    checks:\n      - \"totl >= 0\"\n",
                        "users.yaml", "tables:\n  users:\n    columns:\n      email: { type: text, nullabel: false }\n")));
    }

    @Test
    void aNulCharacterIsReportedWhereItWasWrittenForNoServerCanStoreIt() {
        assertEquals(List.of("s.yaml:4:36: contains a NUL character (\\0), which PostgreSQL cannot store in any name or text"),
                errors("tables:\n  t:\n    columns:\n      a: { type: integer, comment: \"x\\0y\" }\n"));
    }

    @Test
    void aSequenceThatContainsItselfIsAnErrorNotAStackOverflow() {
        assertEquals(List.of("s.yaml:5:13: expected an SQL expression"),
                errors("tables:\n  t: &x\n    columns:\n      a: integer\n    checks: &y [*y]\n"));
    }
}
