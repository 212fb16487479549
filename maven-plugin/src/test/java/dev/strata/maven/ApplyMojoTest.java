package dev.strata.maven;

import dev.strata.ddl.CreateDdl;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.SchemaFiles;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** strata:apply (and strata:plan against a live database) on the users rename, on a real PostgreSQL. */
class ApplyMojoTest {

    /** Never sent: the embedded server trusts local connections, so any password is accepted and ignored. */
    private static final String PASSWORD = "canary-Pw-7f3a";

    private final RecordingLog log = new RecordingLog();

    private static TestDatabase users(int major) {
        TestDatabase db = TestPostgres.newDatabase(major);
        db.execute(CreateDdl.statements(SchemaFiles.read(PlanMojoTest.BEFORE.toPath()).catalog()).toArray(String[]::new));
        db.execute("INSERT INTO public.users (username, email) SELECT 'user' || g, 'u' || g || '@example.com'"
                + " FROM generate_series(1, 50) g");
        return db;
    }

    private static String urlWithPassword(TestDatabase db) {
        return "postgres://" + db.user() + ":" + PASSWORD + "@" + db.host() + ":" + db.port() + "/" + db.name();
    }

    private ApplyMojo apply(String url, String phase, boolean yes) {
        ApplyMojo mojo = new ApplyMojo();
        mojo.setLog(log);
        mojo.environment = Map.of();
        mojo.url = url;
        mojo.desired = PlanMojoTest.SCHEMA;
        mojo.phase = phase;
        mojo.yes = yes;
        return mojo;
    }

    private static List<String> columns(TestDatabase db) {
        return db.query("SELECT column_name FROM information_schema.columns WHERE table_schema = 'public'"
                + " AND table_name = 'users' ORDER BY ordinal_position").stream().map(List::getFirst).toList();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {14, 18})
    void applyRunsThePhaseItIsGivenAndFailsTheBuildAtAGateNobodyConfirmed(int major) throws Exception {
        try (TestDatabase db = users(major)) {
            String url = urlWithPassword(db);

            apply(url, "expand", false).execute();
            assertTrue(columns(db).contains("handle"), columns(db).toString());

            var unconfirmed = assertThrows(MojoFailureException.class, () -> apply(url, "all", false).execute());
            assertTrue(unconfirmed.getMessage().startsWith("strata apply stopped at a gate waiting for confirmation"),
                    unconfirmed.getMessage());
            assertTrue(log.text().contains("[INFO] stopped at gate gate-dual-write"), log.text());

            apply(url, "all", true).execute();
            assertEquals(List.of("id", "email", "created_at", "handle"), columns(db));
            assertTrue(log.text().contains("migration 1 done"), log.text());
            assertFalse(log.text().contains(PASSWORD), log.text());
        }
    }

    @Test
    void thePlanJsonThatStrataPlanWritesIsWhatStrataApplyRunsWithPlan(@TempDir Path dir) throws Exception {
        try (TestDatabase db = users(18)) {
            PlanMojo planned = new PlanMojo();
            planned.setLog(log);
            planned.environment = Map.of();
            planned.desired = PlanMojoTest.SCHEMA;
            planned.url = urlWithPassword(db);
            planned.formats = List.of("json");
            planned.out = dir.toFile();
            planned.execute();
            ApplyMojo applied = apply(urlWithPassword(db), "all", true);
            applied.plan = dir.resolve("plan.json").toFile();

            applied.execute();

            assertEquals(List.of("id", "email", "created_at", "handle"), columns(db));
            assertTrue(log.text().contains("/" + db.name() + " --plan " + StrataMojo.path(applied.plan) + " --phase all --yes"),
                    "a saved plan is applied without --desired: " + log.text());
        }
    }

    @Test
    void aPasswordInTheUrlReachesNeitherTheLogNorTheFailureMessage() throws Exception {
        try (TestDatabase db = users(18)) {
            ApplyMojo applied = apply(urlWithPassword(db), "expand", false);
            applied.execute();
            String missing = "postgres://" + db.user() + ":" + PASSWORD + "@" + db.host() + ":" + db.port() + "/no_such_db";
            PlanMojo planned = new PlanMojo();
            planned.setLog(log);
            planned.environment = Map.of();
            planned.desired = PlanMojoTest.SCHEMA;
            planned.url = missing;
            planned.formats = List.of("markdown");
            planned.out = new java.io.File(System.getProperty("java.io.tmpdir"), "strata-" + ProcessHandle.current().pid());

            var failure = assertThrows(MojoFailureException.class, planned::execute);

            String shown = "postgres://" + db.user() + "@" + db.host() + ":" + db.port();
            assertTrue(log.text().contains("[INFO] strata apply --url " + shown + "/" + db.name() + " --desired"), log.text());
            assertTrue(failure.getMessage().contains(shown + "/no_such_db"), failure.getMessage());
            assertFalse(log.text().contains(PASSWORD), log.text());
            assertFalse(failure.getMessage().contains(PASSWORD), failure.getMessage());
        }
    }

    @Test
    void withoutUrlThePgVariablesNameTheDatabaseAndPgpasswordStaysOutOfTheLog() throws Exception {
        try (TestDatabase db = users(18)) {
            ApplyMojo mojo = apply(null, "expand", false);
            mojo.environment = Map.of("PGHOST", db.host(), "PGPORT", String.valueOf(db.port()), "PGUSER", db.user(),
                    "PGDATABASE", db.name(), "PGPASSWORD", PASSWORD);
            mojo.lockTimeout = 3000L;

            mojo.execute();

            assertTrue(columns(db).contains("handle"), columns(db).toString());
            assertTrue(log.text().contains("[INFO] strata apply --desired ../examples/maven/schema --phase expand --lock-timeout 3000"),
                    log.text());
            assertFalse(log.text().contains(PASSWORD), log.text());
        }
    }
}
