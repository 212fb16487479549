package dev.strata.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** validate and ddl on directories of schema YAML files. */
class SchemaDirectoryCommandsTest {

    @TempDir
    Path dir;

    private void write(String name, String yaml) throws IOException {
        Files.writeString(dir.resolve(name), yaml);
    }

    @Test
    void validDirectoryIsSummarised() throws IOException {
        write("users.yaml", """
                tables:
                  users:
                    columns:
                      id: { type: bigint, nullable: false }
                      email: text
                """);
        var r = Strata.run("validate", dir.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(List.of(dir + ": valid (1 schema, 1 table, 0 enums, 0 sequences, 0 views)"), r.outLines());
        assertEquals("", r.err());
    }

    @Test
    void invalidDirectoryPrintsOneDiagnosticPerLine() throws IOException {
        write("users.yaml", """
                tables:
                  users:
                    colums:
                      id: bigint
                """);
        write("orders.yaml", """
                tables:
                  orders:
                    columns:
                      id: no_such_type
                """);
        var r = Strata.run("validate", dir.toString());
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals("", r.out());
        assertTrue(r.errLines().size() >= 2, r.toString());
        for (String line : r.errLines()) {
            assertTrue(line.matches(".+\\.yaml:\\d+:\\d+: .+"), line);
        }
    }

    @Test
    void ddlPrintsTheCreateScript() throws IOException {
        write("users.yaml", """
                tables:
                  users:
                    columns:
                      id: { type: bigint, nullable: false }
                """);
        var r = Strata.run("ddl", dir.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("CREATE TABLE"), r.toString());
        assertTrue(r.out().contains("users"), r.toString());
        assertTrue(r.out().endsWith("\n"), r.toString());
    }

    @Test
    void ddlOfAnInvalidDirectoryPrintsDiagnosticsOnly() throws IOException {
        write("users.yaml", "tables:\n  users:\n    colums: {}\n");
        var r = Strata.run("ddl", dir.toString());
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals("", r.out());
        assertFalse(r.errLines().isEmpty(), r.toString());
        for (String line : r.errLines()) {
            assertTrue(line.matches(".+\\.yaml:\\d+:\\d+: .+"), line);
        }
    }

    @Test
    void aDesiredDirectoryThatDeclaresNoSchemaIsRefusedNotReadAsNoChanges(@TempDir Path current) throws IOException {
        Files.writeString(current.resolve("users.yaml"), "tables:\n  users:\n    columns:\n      id: bigint\n");
        write("README.md", "the schema files moved elsewhere\n");
        var r = Strata.run("plan", "--from", current.toString(), "--desired", dir.toString());
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals(List.of(dir + ": declares no schema (no YAML file with tables, enums, sequences or views);"
                + " check the path, or, to drop everything in a schema, declare it empty (a file with `tables: {}`)"), r.errLines());
        assertEquals("", r.out());
    }

    @Test
    void validateAndDdlRefuseADirectoryWithoutYaml() {
        for (String command : List.of("validate", "ddl")) {
            var r = Strata.run(command, dir.toString());
            assertEquals(1, r.exitCode(), command + ": " + r);
            assertTrue(r.err().contains("declares no schema"), command + ": " + r);
        }
    }

    @Test
    void aSchemaDeclaredEmptyIsAcceptedAsTheWayToDropEverythingInIt(@TempDir Path current) throws IOException {
        Files.writeString(current.resolve("users.yaml"), "tables:\n  users:\n    columns:\n      id: bigint\n");
        write("public.yaml", "tables: {}\n");
        var r = Strata.run("plan", "--from", current.toString(), "--desired", dir.toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.out().contains("drop table public.users"), r.toString());
    }
}
