package dev.strata.cli;

import dev.strata.plan.PlanJson;
import dev.strata.plan.PreflightFinding;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code plan --preflight} shows what the live data would fail, and {@code apply} refuses such a migration. */
class PreflightCommandTest {

    private static final String LINE = "CONTRACT would fail: 2 rows of public.users have NULL handle, e.g. id 17, 204";

    @TempDir
    Path dir;

    private Path desired() throws Exception {
        Files.writeString(dir.resolve("users.yaml"), """
                schema: public
                tables:
                  users:
                    columns: { id: { type: bigint, nullable: false }, handle: { type: text, nullable: false } }
                    primary_key: [id]
                """);
        return dir;
    }

    private static TestDatabase users(int major) {
        TestDatabase db = TestPostgres.newDatabase(major);
        db.execute("CREATE TABLE public.users (id bigint PRIMARY KEY, handle text)",
                "INSERT INTO public.users VALUES (1, 'a'), (17, NULL), (204, NULL)");
        return db;
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void planPreflightShowsTheFailingRowsExitsOneAndSavesThemInJson(int major) throws Exception {
        try (TestDatabase db = users(major)) {
            String desired = desired().toString();
            Strata text = Strata.run("plan", "--url", db.postgresUrl(), "--desired", desired, "--preflight",
                    "--preflight-url", db.postgresUrl());
            assertEquals(1, text.exitCode(), text.toString());
            assertTrue(text.out().contains("Preflight (the live data, read-only, when the plan was made)\n  " + LINE + "\n"),
                    text.toString());
            assertEquals(List.of("strata: preflight says this plan would fail on the live data:", "  " + LINE), text.errLines());

            Strata markdown = Strata.run("plan", "--url", db.postgresUrl(), "--desired", desired, "--preflight",
                    "--format", "markdown");
            assertTrue(markdown.out().contains("### Preflight\n\nCounted in the live data, read-only, when the plan was made.\n\n- "
                    + LINE + "\n"), markdown.toString());

            Strata json = Strata.run("plan", "--url", db.postgresUrl(), "--desired", desired, "--preflight", "--format", "json");
            List<PreflightFinding> saved = PlanJson.read(json.out()).preflight().findings().orElseThrow();
            assertEquals(LINE, saved.getFirst().line());
            assertTrue(json.out().contains("\"clean\": false"), json.out());

            Strata without = Strata.run("plan", "--url", db.postgresUrl(), "--desired", desired, "--format", "json");
            assertEquals(2, without.exitCode(), without.toString());
            assertTrue(!without.out().contains("\"preflight\""), without.out());

            db.execute("UPDATE public.users SET handle = 'h' || id WHERE handle IS NULL");
            Strata clean = Strata.run("plan", "--url", db.postgresUrl(), "--desired", desired, "--preflight");
            assertEquals(2, clean.exitCode(), clean.toString());
            assertTrue(clean.out().contains("  clean: no existing row fails any of the 1 check (public.users NOT NULL handle)\n"),
                    clean.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void applyRefusesAMigrationPreflightSaysWouldFailUnlessSkipped(int major) throws Exception {
        try (TestDatabase db = users(major)) {
            String desired = desired().toString();
            Strata refused = Strata.run("apply", "--url", db.postgresUrl(), "--desired", desired, "--phase", "expand");
            assertEquals(1, refused.exitCode(), refused.toString());
            assertEquals(List.of("preflight: this migration would fail on the live data, so nothing was run:", "  " + LINE,
                    "correct those rows (or the schema) and rerun, or rerun with --skip-preflight to start it anyway"),
                    refused.errLines());

            Strata skipped = Strata.run("apply", "--url", db.postgresUrl(), "--desired", desired, "--phase", "expand",
                    "--skip-preflight");
            assertEquals(0, skipped.exitCode(), skipped.toString());

            // Resumed past EXPAND: no preflight again; CONTRACT's own validation meets the NULLs.
            Strata resumed = Strata.run("apply", "--url", db.postgresUrl(), "--desired", desired, "--phase", "all", "--yes");
            assertEquals(1, resumed.exitCode(), resumed.toString());
            assertTrue(!(resumed.out() + resumed.err()).contains("preflight"), resumed.toString());
            assertTrue(resumed.out().contains("continuing migration"), resumed.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void applyOfASavedPlanRefusesAMigrationPreflightSaysWouldFailUnlessSkipped(int major) throws Exception {
        try (TestDatabase db = users(major)) {
            String desired = desired().toString();
            Strata json = Strata.run("plan", "--url", db.postgresUrl(), "--desired", desired, "--format", "json");
            assertEquals(2, json.exitCode(), json.toString());
            Path saved = Files.writeString(Files.createTempDirectory(dir, "plan").resolve("plan.json"), json.out());

            Strata refused = Strata.run("apply", "--url", db.postgresUrl(), "--plan", saved.toString(), "--phase", "expand",
                    "--preflight-url", db.postgresUrl());
            assertEquals(1, refused.exitCode(), refused.toString());
            assertEquals(List.of("preflight: this migration would fail on the live data, so nothing was run:", "  " + LINE,
                    "correct those rows (or the schema) and rerun, or rerun with --skip-preflight to start it anyway"),
                    refused.errLines());

            Strata skipped = Strata.run("apply", "--url", db.postgresUrl(), "--plan", saved.toString(), "--phase", "expand",
                    "--skip-preflight");
            assertEquals(0, skipped.exitCode(), skipped.toString());
        }
    }
}
