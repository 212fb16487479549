package dev.strata.yaml;

import dev.strata.diagnostics.Diagnostic;
import dev.strata.diagnostics.InvalidInputException;
import dev.strata.model.QualifiedName;
import dev.strata.plan.ReviewRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** strata.yaml: the review rules, and every mistake in them at its position. */
class ProjectConfigTest {

    @TempDir
    Path dir;

    private static List<String> errors(String yaml) {
        var e = assertThrows(InvalidInputException.class, () -> ProjectConfig.parse("strata.yaml", yaml));
        return e.diagnostics().stream().map(Diagnostic::toString).toList();
    }

    @Test
    void readsThresholdsAndReviewerRulesInOrder() {
        ReviewRules rules = ProjectConfig.parse("strata.yaml", """
                review:
                  large_table: { rows: 1_000_000, size: 1GB }
                  reviewers:
                    - tables: "*"
                      names: [dba]
                    - tables: public.orders*
                      names: ["@db-team", alice]
                """).orElseThrow();

        assertEquals(OptionalLong.of(1_000_000), rules.rowsAbove());
        assertEquals(OptionalLong.of(1L << 30), rules.bytesAbove());
        assertEquals(List.of("*", "public.orders*"), rules.reviewers().stream().map(r -> r.tables().text()).toList());
        assertEquals(List.of("@db-team", "alice"), rules.reviewersOf(QualifiedName.of("public", "orders_2024")));
    }

    @Test
    void sizesTakePostgresUnitsCaseInsensitivelyOrPlainBytes() {
        assertEquals(OptionalLong.of(500L << 20), size("500 MB"));
        assertEquals(OptionalLong.of(2L << 10), size("2kb"));
        assertEquals(OptionalLong.of(12345), size("12345"));
    }

    private static OptionalLong size(String text) {
        return ProjectConfig.parse("strata.yaml", "review:\n  large_table: { size: '" + text + "' }\n")
                .orElseThrow().bytesAbove();
    }

    @Test
    void anEmptyFileOrOneWithoutReviewHasNoRules() {
        assertEquals(Optional.empty(), ProjectConfig.parse("strata.yaml", ""));
        assertEquals(Optional.empty(), ProjectConfig.parse("strata.yaml", "# nothing yet\n"));
    }

    @Test
    void everyMistakeIsReportedAtOnceWithItsPosition() {
        assertEquals(List.of(
                "strata.yaml:1:1: unknown key 'reveiw' in strata.yaml; did you mean 'review'?",
                "strata.yaml:3:34: expected a size such as 500MB or 1GB (units: bytes, kB, MB, GB, TB, PB), not '1 GiB'",
                "strata.yaml:3:41: unknown key 'bytes' in large_table",
                "strata.yaml:5:15: table pattern 'a.b.c' has more than one dot; write schema.table",
                "strata.yaml:6:14: expected at least one reviewer name",
                "strata.yaml:7:7: reviewer rule needs names (the people or teams who review these tables)",
                "strata.yaml:8:7: unknown key 'owners' in reviewer rule"), errors("""
                reveiw: {}
                review:
                  large_table: { rows: 10, size: 1 GiB, bytes: 3 }
                  reviewers:
                    - tables: a.b.c
                      names: []
                    - tables: public.orders
                      owners: [alice]
                """));
    }

    @Test
    void pgVersionNamesTheMajorOfflinePlansAreFor() {
        assertEquals(java.util.OptionalInt.of(16), ProjectConfig.settings("strata.yaml", "pg_version: 16\n").pgVersion());
        assertEquals(java.util.OptionalInt.empty(), ProjectConfig.settings("strata.yaml", "retain: true\n").pgVersion());
    }

    @Test
    void aPgVersionStrataDoesNotPlanForIsRefusedAtItsPosition() {
        assertEquals(List.of("strata.yaml:1:13: pg_version 13 is not supported; Strata plans for PostgreSQL 14 to 18"),
                errors("pg_version: 13\n"));
        assertEquals(List.of("strata.yaml:1:13: expected a whole number"), errors("pg_version: \"18.1\"\n"));
    }

    @Test
    void thresholdsMustBeGivenAndNotNegative() {
        assertEquals(List.of("strata.yaml:2:3: review needs large_table (rows, size or both): the threshold above"
                + " which a table counts as large"), errors("review:\n  reviewers: []\n"));
        assertEquals(List.of("strata.yaml:2:16: large_table needs rows, size or both"),
                errors("review:\n  large_table: {}\n"));
        assertEquals(List.of("strata.yaml:2:24: rows must not be negative"),
                errors("review:\n  large_table: { rows: -1 }\n"));
        assertEquals(List.of("strata.yaml:2:24: expected a whole number"),
                errors("review:\n  large_table: { rows: many }\n"));
    }

    @Test
    void emptyPatternPartsAreRefused() {
        assertEquals(List.of("strata.yaml:4:15: table pattern 'public.' has an empty schema or table part"), errors("""
                review:
                  large_table: { rows: 1 }
                  reviewers:
                    - tables: public.
                      names: [alice]
                """));
    }

    @Test
    void malformedYamlIsReportedAtItsPosition() {
        assertEquals(List.of("strata.yaml:2:17: invalid YAML: mapping values are not allowed here"),
                errors("review:\n  large_table: x: y\n"));
    }

    @Test
    void theConfigurationAtTheRootIsNotReadAsASchemaFile() throws IOException {
        Files.writeString(dir.resolve("users.yaml"), "tables:\n  users:\n    columns:\n      id: { type: bigint }\n");
        Files.writeString(dir.resolve(ProjectConfig.FILE), "review:\n  large_table: { rows: 5 }\n");

        LoadedSchema schema = SchemaFiles.read(dir);

        assertEquals(1, schema.catalog().schemas().getFirst().tables().size());
        assertTrue(ProjectConfig.read(dir).isPresent());
        assertEquals(Optional.empty(), ProjectConfig.read(dir.resolve("nowhere")));
    }
}
