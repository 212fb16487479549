package dev.strata.cli;

import dev.strata.ddl.CreateDdl;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.SchemaFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** STRATA_CRASH_AT halts a strata apply subprocess at the named point; a rerun continues from there. */
class CrashHookTest {

    private static int runApply(TestDatabase db, String crashAt, String... extra) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashHook.class.getName(),
                "apply", "--url", db.postgresUrl(), "--desired", "examples/users/after", "--phase", "all", "--yes"));
        command.addAll(List.of(extra));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("STRATA_CRASH_AT", crashAt);
        Process process = builder.start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "apply did not end");
        return process.exitValue();
    }

    private static TestDatabase users() {
        TestDatabase db = TestPostgres.newDatabase(18);
        db.execute(CreateDdl.statements(SchemaFiles.read(Path.of("examples/users/before")).catalog()).toArray(String[]::new));
        db.execute("INSERT INTO public.users (username, email) SELECT 'user' || g, 'u' || g || '@example.com'"
                + " FROM generate_series(1, 500) g");
        return db;
    }

    @Test
    void crashAfterAStepLeavesItRecordedAndTheRerunFinishes() throws Exception {
        try (TestDatabase db = users()) {
            assertEquals(137, runApply(db, "after-step:expand-1"));
            assertEquals(List.of(List.of("expand-1")), db.query("SELECT step_id FROM strata.step"));

            Strata rerun = Strata.run("apply", "--url", db.postgresUrl(), "--desired", "examples/users/after",
                    "--phase", "all", "--yes");

            assertEquals(0, rerun.exitCode(), rerun.toString());
            assertEquals(List.of(List.of("1")), db.query("SELECT count(*) FROM strata.step WHERE step_id = 'expand-1'"));
        }
    }

    @Test
    void crashAfterABackfillBatchKeepsItsPosition() throws Exception {
        try (TestDatabase db = users()) {
            assertEquals(137, runApply(db, "after-batch:backfill-1:2", "--batch-size", "100"));

            assertEquals(List.of(List.of("200", "{200}", "f")),
                    db.query("SELECT rows_done, last_key, finished FROM strata.backfill"));
        }
    }
}
