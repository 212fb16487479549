package dev.strata.cli;

import dev.strata.execute.StepListener;
import dev.strata.scratch.Scratch;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** validate and plan --from build the declared schema on a scratch PostgreSQL and report what it refuses. */
class ServerCheckCommandTest {

    private static final String BROKEN = """
            tables:
              accounts:
                columns:
                  id: bigint
                  balance: { type: "numeric(99999,2)" }
                  code: { type: text, default: "1 2 3" }
                checks:
                  - { name: a_eq_b, expression: "id = = 1" }
                indexes:
                  - { name: accounts_id_idx, columns: [id], method: btreee }
            views:
              rich: "SELECT id, balanse FROM accounts"
            """;

    @TempDir
    Path dir;

    private Path schema(String name, String yaml) throws IOException {
        Path d = dir.resolve(name);
        Files.createDirectories(d);
        Files.writeString(d.resolve("accounts.yaml"), yaml);
        return d;
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void validateReportsEveryServerErrorAtItsFileLineColumn(int major) throws IOException {
        Path bad = schema("bad", BROKEN);
        var r = Strata.run("validate", bad.toString(), "--pg-version", String.valueOf(major));
        assertEquals(1, r.exitCode(), r.toString());
        String file = bad.resolve("accounts.yaml").toString();
        assertEquals(List.of(
                file + ":5:24: PostgreSQL " + major + " rejects the column balance of public.accounts: NUMERIC precision 99999 must be between 1 and 1000",
                file + ":6:36: PostgreSQL " + major + " rejects the column code of public.accounts: syntax error at or near \"2\"",
                file + ":8:37: PostgreSQL " + major + " rejects the check a_eq_b on public.accounts: syntax error at or near \"=\"",
                file + ":10:9: PostgreSQL " + major + " rejects the index accounts_id_idx on public.accounts: access method \"btreee\" does not exist",
                file + ":12:9: PostgreSQL " + major + " rejects the view public.rich: column \"balanse\" does not exist"),
                r.errLines());
        assertEquals("", r.out());
    }

    @Test
    void offlineSkipsTheServer() throws IOException {
        Path bad = schema("bad", BROKEN);
        var r = Strata.run("validate", "--offline", bad.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(bad + ": valid (1 schema, 1 table, 0 enums, 0 sequences, 1 view)", r.out().strip());
        var plan = Strata.run("plan", "--from", "examples/users/before", "--desired", bad.toString(), "--offline");
        assertEquals(2, plan.exitCode(), plan.toString());
    }

    @Test
    void planFromBuildsTheDesiredSchemaOnTheTargetMajor() throws IOException {
        Path bad = schema("bad", BROKEN);
        var r = Strata.run("plan", "--from", "examples/users/before", "--desired", bad.toString(), "--pg-version", "18");
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals(5, r.errLines().size(), r.toString());
        assertTrue(r.errLines().stream().allMatch(l -> l.contains(": PostgreSQL 18 rejects the ")), r.toString());
        assertEquals("", r.out());
        var good = Strata.run("plan", "--from", "examples/users/before", "--desired", "examples/users/after");
        assertEquals(2, good.exitCode(), good.toString());
    }

    @Test
    void offlineAndScratchUrlAreRefusedWithALiveDatabase() {
        var r = Strata.run("plan", "--url", "postgres://nobody@localhost:1/x", "--desired", "examples/users/after", "--offline");
        assertEquals(ErrorHandler.USAGE, r.exitCode(), r.toString());
        assertEquals(List.of("--offline applies to plan --from; against a live database the server itself checks the desired schema"),
                r.errLines());
    }

    @Test
    void aMajorWithoutEmbeddedBinariesSaysHowToProceedInOneLine() throws IOException {
        var r = Strata.run("validate", "--pg-version", "16", "examples/shop");
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        String line = r.errLines().get(0);
        assertTrue(line.startsWith("cannot check the schema on a scratch PostgreSQL 16: no embedded PostgreSQL 16 binaries ("), line);
        assertTrue(line.endsWith(" — name a PostgreSQL 16 server with --scratch-url (or STRATA_SCRATCH_URL), choose the major"
                + " with --pg-version, or skip this check with --offline"), line);
    }

    @Test
    void scratchUrlCreatesAFreshDatabaseThereAndDropsIt() throws IOException {
        Path bad = schema("bad", BROKEN);
        try (TestDatabase server = TestPostgres.newDatabase(18)) {
            // The environment variable names the server, and --scratch-url would win over it.
            var r = Strata.run(Map.of(Scratch.URL_ENV, server.postgresUrl()), "validate", "--pg-version", "18", bad.toString());
            assertEquals(1, r.exitCode(), r.toString());
            assertEquals(5, r.errLines().size(), r.toString());
            var ok = Strata.run("validate", "--pg-version", "18", "--scratch-url", server.postgresUrl(), "examples/shop");
            assertEquals(0, ok.exitCode(), ok.toString());
            assertEquals(List.of(List.of("0")),
                    server.query("SELECT count(*) FROM pg_database WHERE datname LIKE 'strata_scratch_%'"));
            var wrongMajor = Strata.run("validate", "--scratch-url", server.postgresUrl(), "examples/shop");
            assertEquals(1, wrongMajor.exitCode(), wrongMajor.toString());
            assertTrue(wrongMajor.err().contains(" is PostgreSQL " + server.major()
                    + ", but the schema is checked for PostgreSQL 14 — "), wrongMajor.toString());
        }
    }

    @Test
    void aScratchServerFailureNeverPrintsThePassword() {
        var r = Strata.run("validate", "--scratch-url", "postgres://postgres:s3cr3t-pw@localhost:1/postgres", "examples/shop");
        assertEquals(1, r.exitCode(), r.toString());
        assertFalse(r.toString().contains("s3cr3t-pw"), r.toString());
        assertTrue(r.err().startsWith("cannot check the schema on a scratch PostgreSQL 14: cannot connect to localhost:1"), r.toString());
    }

    /** The one test that starts the embedded server the CLI uses by default (the others share the tests' servers). */
    @Test
    void byDefaultAnEmbeddedServerOfTheTargetMajorIsStartedAndStopped() throws IOException {
        Path bad = schema("bad", BROKEN);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = Main.commandLine(Map.of(), StepListener.NONE);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("validate", bad.toString());
        assertEquals(1, code, out + "\n" + err);
        assertEquals(5, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().lines().allMatch(l -> l.contains(": PostgreSQL 14 rejects the ")), err.toString());
    }
}
