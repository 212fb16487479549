package dev.strata.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Options, exit codes and error output that need no database and no schema files. */
class CommandLineTest {

    @Test
    void versionPrintsTheBuildVersionAndCommit() {
        var r = Strata.run("--version");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().strip().matches("strata \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit ([0-9a-f]{7,}|unknown)\\)"), r.toString());
    }

    @Test
    void aCommitMavenCouldNotFillInIsUnknown() {
        // Built outside a git checkout, the property stays as written in version.properties.
        assertEquals("unknown", Version.known("${git.commit.id.abbrev}"));
        assertEquals("unknown", Version.known(null));
        assertEquals("01f0744", Version.known("01f0744"));
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
        assertEquals(64, r.exitCode(), r.toString());
        assertTrue(r.err().startsWith("missing command"), r.toString());
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertEquals(64, Strata.run("validate", "--frobnicate", "x").exitCode());
    }

    @Test
    void pullWithoutOutIsAUsageError() {
        var r = Strata.run("pull", "--url", "postgres://u@localhost/d");
        assertEquals(64, r.exitCode(), r.toString());
        assertTrue(r.err().contains("--out"), r.toString());
    }

    private static final String NOWHERE = "postgres://nobody@localhost:1/none";

    /** Unknown options, missing arguments and bad option values, on every command; none reaches a database. */
    static Stream<List<String>> usageErrors() {
        // picocli's help command takes any word as the name of a command to explain (help no-such-command is below).
        Stream<List<String>> unknownOption = commands().filter(c -> !c.equals("help")).map(command -> List.of(command, "--frobnicate"));
        Stream<List<String>> others = Stream.of(
                List.of("--frobnicate"),
                List.of(),
                List.of("no-such-command"),
                List.of("help", "no-such-command"),
                List.of("pull", "--url", NOWHERE),
                List.of("validate"),
                List.of("ddl"),
                List.of("ddl", "a", "b"),
                List.of("plan", "--from", "examples/users/before"),
                List.of("plan", "--desired", "examples/users/after", "--from", "examples/users/before", "--url", NOWHERE),
                List.of("plan", "--desired", "examples/users/after", "--from", "examples/users/before", "--format", "yaml"),
                List.of("plan", "--desired", "examples/users/after", "--from", "examples/users/before", "--batch-size", "many"),
                List.of("plan", "--desired", "examples/users/after", "--from", "examples/users/before", "--restore-rate", "fast"),
                List.of("plan", "--desired", "examples/users/after", "--from", "examples/users/before",
                        "--statement-timeout", "-1"),
                List.of("plan", "--desired", "examples/users/after", "--from", "examples/users/before", "--pg-version", "13"),
                List.of("rehearse", "--desired", "examples/users/after"),
                List.of("rehearse", "--desired", "examples/users/after", "--url", NOWHERE, "--from", "examples/users/before"),
                List.of("rehearse", "--desired", "examples/users/after", "--from", "examples/users/before"),
                List.of("rehearse", "--desired", "examples/users/after", "--from", "examples/users/before", "--rows", "users=many"),
                List.of("rehearse", "--desired", "examples/users/after", "--from", "examples/users/before", "--rows", "nosuch=5"),
                List.of("rehearse", "--desired", "examples/users/after", "--from", "examples/users/before", "--rows", "users=5",
                        "--scale", "2"),
                List.of("rehearse", "--desired", "examples/users/after", "--from", "examples/users/before", "--rows", "users=5",
                        "--scale", "1", "--scales", "0.1,0.2"),
                List.of("rehearse", "--desired", "examples/users/after", "--from", "examples/users/before", "--rows", "users=5",
                        "--sample", "5"),
                List.of("rehearse", "--desired", "examples/users/after", "--from", "examples/users/before", "--rows", "users=5",
                        "--max-step-duration", "soon"),
                List.of("rehearse", "--desired", "examples/users/after", "--from", "examples/users/before", "--rows", "users=5",
                        "--format", "sql"),
                List.of("rehearse", "--desired", "examples/users/after", "--url", NOWHERE, "--rows", "users=5"),
                List.of("plan", "--desired"),
                List.of("apply", "--url", NOWHERE, "--desired", "examples/users/after"),
                List.of("apply", "--url", NOWHERE, "--phase", "all"),
                List.of("apply", "--url", NOWHERE, "--desired", "examples/users/after", "--plan", "plan.json", "--phase", "all"),
                List.of("apply", "--url", NOWHERE, "--desired", "examples/users/after", "--phase", "later"),
                List.of("apply", "--url", NOWHERE, "--desired", "examples/users/after", "--phase", "all", "--lock-timeout", "soon"),
                List.of("apply", "--url", NOWHERE, "--desired", "examples/users/after", "--phase", "all", "--max-attempts", "0"),
                List.of("apply", "--url", NOWHERE, "--desired", "examples/users/after", "--phase", "all",
                        "--require-archive-age", "soon"),
                List.of("apply", "--url", NOWHERE, "--desired", "examples/users/after", "--phase", "all", "--reviewed-by", " "),
                List.of("status", "--url"),
                List.of("abandon", "extra"),
                List.of("restore", "--url", NOWHERE),
                List.of("purge", "--table"),
                List.of("init", "--pg-version", "13"),
                List.of("init", "a", "b"),
                List.of("completion"),
                List.of("completion", "fish"));
        return Stream.concat(unknownOption, others);
    }

    @ParameterizedTest
    @MethodSource("usageErrors")
    void aUsageErrorExits64WithOneLineAndNoStackTrace(List<String> args) {
        // STRATA_DEBUG asks for stack traces of internal errors; a usage error is not one.
        var r = Strata.run(Map.of("STRATA_DEBUG", "1"), args.toArray(String[]::new));

        assertEquals(64, r.exitCode(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.toString());
        assertEquals("", r.out(), r.toString());
    }

    /** Every subcommand, read from the command tree rather than listed, so a new one cannot be missed. */
    static Stream<String> commands() {
        return Main.commandLine(Map.of()).getSubcommands().keySet().stream();
    }

    @ParameterizedTest
    @MethodSource("commands")
    void everyCommandsHelpListsItsExitCodesWithUsageAs64(String command) {
        var help = Strata.run(command, "--help");

        assertEquals(0, help.exitCode(), help.toString());
        assertTrue(help.out().contains("Exit codes:"), help.toString());
        String codes = help.out().substring(help.out().indexOf("Exit codes:"));
        assertTrue(codes.lines().anyMatch(l -> l.matches("\\s+64\\s+usage error.*")), help.toString());
        assertTrue(codes.lines().anyMatch(l -> l.matches("\\s+0\\s+.*")), help.toString());
        // Only help and completion print and nothing else: they cannot fail but on usage.
        if (!command.equals("help") && !command.equals("completion")) {
            assertTrue(codes.lines().anyMatch(l -> l.matches("\\s+1\\s+.*")), help.toString());
        }
    }

    @Test
    void theCommandTreeHasTheNewCommands() {
        assertEquals(List.of("pull", "validate", "ddl", "plan", "rehearse", "apply", "status", "abandon", "restore", "purge", "init",
                "completion", "help"), commands().toList());
    }

    @Test
    void theTopLevelHelpSeparatesChangesPlannedFromUsageErrors() {
        String help = Strata.run("--help").out();

        assertTrue(help.lines().anyMatch(l -> l.matches("\\s+2\\s+plan: changes planned")), help);
        assertTrue(help.lines().anyMatch(l -> l.matches("\\s+5\\s+rehearse: a rehearsal's projected figure exceeds a threshold")), help);
        assertTrue(help.lines().anyMatch(l -> l.matches("\\s+64\\s+usage error.*")), help);
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
