package dev.strata.maven;

import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** strata:plan and strata:validate without a database: the current schema comes from YAML (from). */
class PlanMojoTest {

    /** The rename of examples/users: examples/maven/schema is its "after". */
    static final File BEFORE = Path.of("../examples/users/before").toAbsolutePath().normalize().toFile();
    static final File SCHEMA = Path.of("../examples/maven/schema").toAbsolutePath().normalize().toFile();

    @TempDir
    Path dir;

    private final RecordingLog log = new RecordingLog();

    private PlanMojo plan(File from, File desired) {
        PlanMojo mojo = new PlanMojo();
        mojo.setLog(log);
        mojo.environment = Map.of();
        mojo.desired = desired;
        mojo.from = from;
        mojo.formats = List.of("markdown", "json", "sql");
        mojo.out = dir.resolve("target/strata").toFile();
        return mojo;
    }

    @Test
    void changesPlannedPassAndLeaveTheMarkdownJsonAndSqlPlanInTheOutDirectory() throws Exception {
        plan(BEFORE, SCHEMA).execute();

        Path out = dir.resolve("target/strata");
        assertTrue(Files.readString(out.resolve("plan.md")).contains("handle"), log.text());
        assertTrue(Files.readString(out.resolve("plan.json")).contains("\"strata-plan/1\""), log.text());
        assertTrue(Files.exists(out.resolve("01_expand.sql")), log.text());
        assertTrue(log.text().contains("[INFO] strata: changes planned, see " + StrataMojo.path(out.toFile())), log.text());
    }

    @Test
    void noChangePasses() throws Exception {
        plan(SCHEMA, SCHEMA).execute();

        assertTrue(log.text().contains("[INFO] strata: no changes"), log.text());
    }

    /** Adding a stored generated column rewrites the table under ACCESS EXCLUSIVE: the lock policy refuses it. */
    private File[] refusedChange() throws IOException {
        Path before = Files.createDirectories(dir.resolve("before"));
        Path after = Files.createDirectories(dir.resolve("after"));
        String table = "tables:\n  t:\n    columns:\n      id: { type: bigint, nullable: false }\n      name: text\n";
        Files.writeString(before.resolve("t.yaml"), table + "    primary_key: [id]\n");
        Files.writeString(after.resolve("t.yaml"), table
                + "      upper_name: { type: text, generated: \"upper(name)\" }\n    primary_key: [id]\n");
        return new File[] {before.toFile(), after.toFile()};
    }

    @Test
    void aPlanTheLockPolicyRefusesFailsTheBuildWithTheCommandsMessageAndLeavesNoSqlOfAnEarlierPlan() throws Exception {
        File[] change = refusedChange();
        plan(change[0], change[0]).execute();
        plan(BEFORE, SCHEMA).execute();
        Path out = dir.resolve("target/strata");
        assertTrue(Files.exists(out.resolve("01_expand.sql")));

        var failure = assertThrows(MojoFailureException.class, () -> plan(change[0], change[1]).execute());

        assertTrue(failure.getMessage().startsWith("strata: the lock policy refuses this plan:"), failure.getMessage());
        assertTrue(failure.getMessage().contains("--allow-blocking"), failure.getMessage());
        assertFalse(failure.getMessage().contains("wrote "), failure.getMessage());
        try (var files = Files.list(out)) {
            assertEquals(List.of("plan.md"), files.map(p -> p.getFileName().toString()).toList(),
                    "the refused plan is there to read, and no SQL is");
        }
        assertTrue(Files.readString(out.resolve("plan.md")).contains("upper_name"));
    }

    @Test
    void allowBlockingAcceptsTheRefusedPlan() throws Exception {
        File[] change = refusedChange();
        PlanMojo mojo = plan(change[0], change[1]);
        mojo.allowBlocking = true;

        mojo.execute();

        assertTrue(Files.exists(dir.resolve("target/strata/01_expand.sql")), log.text());
    }

    private File invalidSchema() throws IOException {
        Path schema = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(schema.resolve("t.yaml"), "tables:\n  t:\n    columns:\n      id: { type: bigint, nullable: maybe }\n");
        return schema.toFile();
    }

    @Test
    void invalidYamlFailsPlanAndValidateWithFileLineColumn() throws Exception {
        File broken = invalidSchema();
        String where = StrataMojo.path(broken) + "/t.yaml:4:";

        var planned = assertThrows(MojoFailureException.class, () -> plan(BEFORE, broken).execute());
        ValidateMojo validate = new ValidateMojo();
        validate.setLog(log);
        validate.desired = broken;
        var validated = assertThrows(MojoFailureException.class, validate::execute);

        assertTrue(planned.getMessage().startsWith(where), planned.getMessage());
        assertEquals(1, planned.getMessage().lines().count(), planned.getMessage());
        assertEquals(planned.getMessage(), validated.getMessage());
    }

    @Test
    void validatePassesOnTheExample() throws Exception {
        ValidateMojo validate = new ValidateMojo();
        validate.setLog(log);
        validate.desired = SCHEMA;

        validate.execute();

        assertTrue(log.text().contains("[INFO] ../examples/maven/schema: valid (1 schema, 1 table"), log.text());
    }

    @Test
    void validateChecksTheYamlAloneWithoutAScratchServerAndWhatTheServerRejectsWithOne() throws Exception {
        Path schema = Files.createDirectories(dir.resolve("btreee"));
        Files.writeString(schema.resolve("t.yaml"), """
                tables:
                  t:
                    columns:
                      id: bigint
                    indexes:
                      - columns: [id]
                        method: btreee
                """);
        ValidateMojo offline = new ValidateMojo();
        offline.setLog(log);
        offline.desired = schema.toFile();
        offline.execute();
        assertTrue(log.text().contains("strata validate --offline "), log.text());

        try (TestDatabase db = TestPostgres.newDatabase(TestPostgres.NEWEST_MAJOR)) {
            Files.writeString(schema.resolve("strata.yaml"), "pg_version: " + TestPostgres.NEWEST_MAJOR + "\n");
            ValidateMojo checked = new ValidateMojo();
            checked.setLog(log);
            checked.desired = schema.toFile();
            checked.scratchUrl = db.postgresUrl();

            var refused = assertThrows(MojoFailureException.class, checked::execute);

            assertTrue(refused.getMessage().contains("t.yaml:6:9: PostgreSQL 18 rejects the index") && refused.getMessage().contains("btreee"),
                    refused.getMessage());
        }
    }

    @Test
    void anUnknownFormatFailsTheBuildNamingIt() {
        PlanMojo mojo = plan(BEFORE, SCHEMA);
        mojo.formats = List.of("yaml");

        var failure = assertThrows(MojoFailureException.class, mojo::execute);

        assertTrue(failure.getMessage().contains("yaml"), failure.getMessage());
    }

    @Test
    void skipRunsNothing() throws Exception {
        PlanMojo mojo = plan(BEFORE, invalidSchema());
        mojo.skip = true;

        mojo.execute();

        assertFalse(Files.exists(dir.resolve("target/strata")));
    }
}
