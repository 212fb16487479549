package dev.strata.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Options, exit codes and error output that need no database and no schema files. */
class CommandLineTest {

    @Test
    void versionPrintsTheBuildVersion() {
        var r = Strata.run("--version");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().strip().matches("strata \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), r.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"pull", "validate", "ddl"})
    void everyCommandHasHelpAndVersion(String command) {
        var help = Strata.run(command, "--help");
        assertEquals(0, help.exitCode(), help.toString());
        assertTrue(help.out().contains("Usage: strata " + command), help.toString());
        var version = Strata.run(command, "--version");
        assertEquals(0, version.exitCode(), version.toString());
        assertTrue(version.out().startsWith("strata "), version.toString());
    }

    @Test
    void topLevelHelpListsTheCommandsAndExitCodes() {
        var r = Strata.run("--help");
        assertEquals(0, r.exitCode(), r.toString());
        for (String word : new String[] {"pull", "validate", "ddl", "Exit codes"}) {
            assertTrue(r.out().contains(word), word + " missing from\n" + r);
        }
    }

    @Test
    void missingCommandIsAUsageError() {
        var r = Strata.run();
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().startsWith("missing command"), r.toString());
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertEquals(2, Strata.run("validate", "--frobnicate", "x").exitCode());
    }

    @Test
    void pullWithoutOutIsAUsageError() {
        var r = Strata.run("pull", "--url", "postgres://u@localhost/d");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("--out"), r.toString());
    }

    @Test
    void validateOfAMissingDirectoryIsOneLine(@TempDir Path tmp) {
        Path missing = tmp.resolve("nope");
        var r = Strata.run("validate", missing.toString());
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals(java.util.List.of(missing + ": no such directory"), r.errLines());
    }

    @Test
    void ddlOfAFileInsteadOfADirectoryIsOneLine(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("schema.yaml"), "tables: {}\n");
        var r = Strata.run("ddl", file.toString());
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        assertTrue(r.err().contains("not a directory"), r.toString());
    }

    @Test
    void unreachableServerIsOneLineWithoutThePassword(@TempDir Path tmp) throws IOException {
        int port = freePort();
        var r = Strata.run("pull", "--url", "postgres://app:Tr0ub4dor@localhost:" + port + "/shop",
                "--out", tmp.toString());
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals(java.util.List.of("cannot connect to localhost:" + port
                + ": connection refused — is PostgreSQL running there? check --url or PGHOST/PGPORT"), r.errLines());
        assertFalse(r.out().contains("Tr0ub4dor") || r.err().contains("Tr0ub4dor"), r.toString());
    }

    @Test
    void passwordFromTheEnvironmentIsNotPrintedEither(@TempDir Path tmp) throws IOException {
        var env = java.util.Map.of("PGHOST", "localhost", "PGPORT", String.valueOf(freePort()),
                "PGPASSWORD", "Tr0ub4dor", "PGUSER", "app", "STRATA_DEBUG", "1");
        var r = Strata.run(env, "pull", "--out", tmp.toString());
        assertEquals(1, r.exitCode(), r.toString());
        assertFalse(r.out().contains("Tr0ub4dor") || r.err().contains("Tr0ub4dor"), r.toString());
    }

    @Test
    void malformedUrlIsOneLineWithoutThePassword(@TempDir Path tmp) {
        var r = Strata.run("pull", "--url", "postgres://app:Tr0ub/4dor@localhost/shop", "--out", tmp.toString());
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        assertTrue(r.err().startsWith("invalid --url: "), r.toString());
        assertFalse(r.err().contains("Tr0ub") || r.err().contains("4dor"), r.toString());
    }

    @Test
    void pullDoesNotCreateTheOutputDirectoryWhenItCannotConnect(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("schema");
        Strata.run("pull", "--url", "postgres://app@localhost:" + freePort() + "/shop", "--out", out.toString());
        assertFalse(Files.exists(out));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
