package dev.strata.cli;

import dev.strata.render.JsonRenderer;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** strata plan, on the users rename of examples/ (the tests run from the repository root). */
class PlanCommandTest {

    private static final String BEFORE = "examples/users/before";
    private static final String AFTER = "examples/users/after";

    @TempDir
    Path dir;

    @Test
    void anOfflinePlanWithoutAVersionIsForTheOldestSupportedServerAndSaysSo() {
        var r = Strata.run("plan", "--from", BEFORE, "--desired", AFTER);
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.out().startsWith("Plan for examples/users/before/ (PostgreSQL 14)"), r.out());
        assertTrue(r.out().contains("No PostgreSQL version given (--pg-version, or pg_version in strata.yaml): this plan is for"
                + " PostgreSQL 14, the oldest supported"), r.out());
    }

    @Test
    void anOfflinePlanForAGivenVersionSaysNothingAboutIt() {
        var r = Strata.run("plan", "--from", BEFORE, "--desired", AFTER, "--pg-version", "18");
        assertTrue(r.out().startsWith("Plan for examples/users/before/ (PostgreSQL 18)"), r.out());
        assertFalse(r.out().contains("No PostgreSQL version given"), r.out());
    }

    @Test
    void anOfflinePlanIsForTheMajorTheProjectConfigurationNames() throws IOException {
        Path desired = dir.resolve("desired");
        Files.createDirectories(desired);
        for (Path f : Files.list(Path.of(AFTER)).toList()) {
            Files.copy(f, desired.resolve(f.getFileName()));
        }
        Files.writeString(desired.resolve("strata.yaml"), "pg_version: 16\n");
        // --offline: the tests have embedded binaries for 14 and 18 only (ServerCheckCommandTest).
        var r = Strata.run("plan", "--from", BEFORE, "--desired", desired.toString(), "--offline");
        assertTrue(r.out().startsWith("Plan for examples/users/before/ (PostgreSQL 16)"), r.out());
        assertFalse(r.out().contains("No PostgreSQL version given"), r.out());
        var flag = Strata.run("plan", "--from", BEFORE, "--desired", desired.toString(), "--pg-version", "17", "--offline");
        assertTrue(flag.out().startsWith("Plan for examples/users/before/ (PostgreSQL 17)"), flag.out());
    }

    @Test
    void markdownPlanOfTheUsersRenameMatchesTheReviewedExample() throws IOException {
        var r = Strata.run("plan", "--from", BEFORE, "--desired", AFTER, "--format", "markdown");
        assertEquals(2, r.exitCode(), r.toString());
        assertEquals(Files.readString(Path.of("examples/users/plan.md")), r.out());
    }

    @Test
    void textPlanShowsTheFivePhasesInOrder() {
        var r = Strata.run("plan", "--from", BEFORE, "--desired", AFTER);
        assertEquals(2, r.exitCode(), r.toString());
        String out = r.out();
        int expand = out.indexOf("EXPAND");
        int dualWrite = out.indexOf("deploy dual-write");
        int backfill = out.indexOf("BACKFILL");
        int readSwitch = out.indexOf("deploy read switch");
        int contract = out.indexOf("CONTRACT");
        assertTrue(0 <= expand && expand < dualWrite && dualWrite < backfill && backfill < readSwitch && readSwitch < contract, out);
    }

    @Test
    void samePlanTwiceIsByteIdentical() {
        assertEquals(Strata.run("plan", "--from", BEFORE, "--desired", AFTER, "--format", "json").out(),
                Strata.run("plan", "--from", BEFORE, "--desired", AFTER, "--format", "json").out());
    }

    @Test
    void changesPlannedExitTwoWhileAUsageErrorOfTheSamePlanExits64() {
        var changes = Strata.run("plan", "--from", BEFORE, "--desired", AFTER, "--format", "json");
        var usage = Strata.run("plan", "--from", BEFORE, "--desired", AFTER, "--format", "yaml");

        assertEquals(PlanCommand.CHANGES, changes.exitCode(), changes.toString());
        assertEquals(2, PlanCommand.CHANGES);
        assertEquals(64, usage.exitCode(), usage.toString());
        assertEquals("", usage.out(), usage.toString());
    }

    @Test
    void unchangedSchemaPlansNothingAndExitsZero() {
        var r = Strata.run("plan", "--from", AFTER, "--desired", AFTER);
        assertEquals(0, r.exitCode(), r.toString());
    }

    @Test
    void jsonPlanReadsBackAsTheSamePlan() {
        String json = Strata.run("plan", "--from", BEFORE, "--desired", AFTER, "--format", "json").out();
        assertEquals(json, JsonRenderer.render(JsonRenderer.read(json)));
    }

    @Test
    void sqlFormatWritesOneFilePerPhase() throws IOException {
        var r = Strata.run("plan", "--from", BEFORE, "--desired", AFTER, "--format", "sql", "--out", dir.toString());
        assertEquals(2, r.exitCode(), r.toString());
        try (var files = Files.list(dir)) {
            assertEquals(List.of("01_expand.sql", "02_backfill.sql", "03_contract.sql"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    /** Adding a stored generated column rewrites the table under ACCESS EXCLUSIVE: the lock policy refuses it. */
    private Path[] refusedChange() throws IOException {
        Path before = Files.createDirectories(dir.resolve("before"));
        Path after = Files.createDirectories(dir.resolve("after"));
        String table = "tables:\n  t:\n    columns:\n      id: { type: bigint, nullable: false }\n      name: text\n";
        Files.writeString(before.resolve("t.yaml"), table + "    primary_key: [id]\n");
        Files.writeString(after.resolve("t.yaml"), table
                + "      upper_name: { type: text, generated: \"upper(name)\" }\n    primary_key: [id]\n");
        return new Path[] {before, after};
    }

    @ParameterizedTest
    @ValueSource(strings = {"sql", "flyway", "liquibase"})
    void aPlanTheLockPolicyRefusesLeavesNoSqlBehind(String format) throws IOException {
        Path[] change = refusedChange();
        Path out = dir.resolve("migration");

        var toFiles = Strata.run("plan", "--from", change[0].toString(), "--desired", change[1].toString(), "--format", format,
                "--out", out.toString());
        var toStdout = Strata.run("plan", "--from", change[0].toString(), "--desired", change[1].toString(), "--format", format);

        assertEquals(1, toFiles.exitCode(), toFiles.toString());
        assertFalse(Files.exists(out) && Files.list(out).findAny().isPresent(), "files were written into " + out);
        assertTrue(toFiles.err().contains("the lock policy refuses this plan") && toFiles.err().contains("No SQL was written."),
                toFiles.toString());
        assertEquals(1, toStdout.exitCode(), toStdout.toString());
        assertEquals("", toStdout.out());
    }

    @Test
    void aRefusedPlanIsStillShownForReviewAndAcceptedWithAllowBlocking() throws IOException {
        Path[] change = refusedChange();

        var text = Strata.run("plan", "--from", change[0].toString(), "--desired", change[1].toString());
        var allowed = Strata.run("plan", "--from", change[0].toString(), "--desired", change[1].toString(), "--format", "sql",
                "--out", dir.resolve("migration").toString(), "--allow-blocking");

        assertEquals(1, text.exitCode(), text.toString());
        assertTrue(text.out().contains("upper_name"), text.toString());
        assertEquals(2, allowed.exitCode(), allowed.toString());
        assertTrue(Files.exists(dir.resolve("migration").resolve("01_expand.sql")), allowed.toString());
    }

    @Test
    void invalidDesiredSchemaIsAnErrorWithLocations() throws IOException {
        Files.writeString(dir.resolve("t.yaml"), "tables:\n  t:\n    columns:\n      id: { type: bigint, nulable: false }\n");
        var r = Strata.run("plan", "--from", BEFORE, "--desired", dir.toString());
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().contains("t.yaml:4:"), r.toString());
    }

    @Test
    void urlAndFromCannotBeGivenTogether() {
        var r = Strata.run("plan", "--from", BEFORE, "--url", "postgres://x@localhost/db", "--desired", AFTER);
        assertEquals(64, r.exitCode(), r.toString());
    }

    @Test
    void liveCatalogGivesTheSameStepsWithTableSizesAndNoPassword() throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase()) {
            assertEquals(0, Strata.run("ddl", BEFORE).exitCode());
            db.execute(Strata.run("ddl", BEFORE).out());
            db.execute("INSERT INTO users (username, email) SELECT 'u' || g, 'u' || g || '@example.com' FROM generate_series(1, 500) g",
                    "ANALYZE users");
            String url = db.postgresUrl().replace("postgres://" + db.user() + "@", "postgres://" + db.user() + ":hunter2@");
            var live = Strata.run("plan", "--url", url, "--desired", AFTER);
            assertEquals(2, live.exitCode(), live.toString());
            assertTrue(live.out().lines().anyMatch(l -> l.matches("  public\\.users: \\d+ kB, about 500 rows")), live.out());
            assertFalse(live.out().contains("hunter2") || live.err().contains("hunter2"), live.toString());
            var offline = Strata.run("plan", "--from", BEFORE, "--desired", AFTER, "--pg-version", "18");
            assertEquals(stepLines(offline.out()), stepLines(live.out()));
        }
    }

    @Test
    void aHandWrittenSchemaPlansNothingAgainstTheDatabaseItBuilt() {
        try (TestDatabase db = TestPostgres.newDatabase()) {
            db.execute(Strata.run("ddl", "examples/shop").out());
            var r = Strata.run("plan", "--url", db.postgresUrl(), "--desired", "examples/shop");
            assertEquals(0, r.exitCode(), r.toString());
        }
    }

    @Test
    void aHandWrittenSchemaPlansNothingAgainstTheDatabaseItBuiltOnPostgres14() {
        try (TestDatabase db = TestPostgres.newDatabase(TestPostgres.OLDEST_MAJOR)) {
            db.execute(Strata.run("ddl", "examples/shop").out());
            var r = Strata.run("plan", "--url", db.postgresUrl(), "--desired", "examples/shop");
            assertEquals(0, r.exitCode(), r.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void withoutUrlOrFromThePgVariablesNameTheDatabase(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(Strata.run("ddl", BEFORE).out());
            Map<String, String> environment = new HashMap<>(Map.of("PGHOST", db.host(), "PGPORT", String.valueOf(db.port()),
                    "PGUSER", db.user(), "PGDATABASE", db.name()));
            if (!db.password().isEmpty()) {
                environment.put("PGPASSWORD", db.password());
            }

            var r = Strata.run(environment, "plan", "--desired", AFTER);

            assertEquals(2, r.exitCode(), r.toString());
            // Table sizes come only from a database: the PG* variables named one.
            assertTrue(r.out().lines().anyMatch(l -> l.matches("  public\\.users: \\d+ kB, empty \\(0 rows at plan time\\)")), r.toString());
            var offline = Strata.run("plan", "--from", BEFORE, "--desired", AFTER, "--pg-version", String.valueOf(major));
            // The same steps, and one more only a database can ask for: the table is empty, so it is rebuilt in its
            // declared column order after the rest (docs/yaml-format.md#column-order).
            List<String> live = stepLines(r.out());
            assertEquals(stepLines(offline.out()), live.subList(0, live.size() - 1));
            assertTrue(live.getLast().matches("contract-\\d+ +rebuild table public\\.users in its declared column order \\(the table is empty\\)"),
                    live.getLast());
        }
    }

    private static List<String> stepLines(String text) {
        return text.lines().filter(l -> l.matches("(expand|backfill|contract)-\\d+ .*")).toList();
    }
}
