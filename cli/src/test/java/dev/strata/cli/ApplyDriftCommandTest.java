package dev.strata.cli;

import dev.strata.ddl.CreateDdl;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.SchemaFiles;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** strata apply on an open migration whose tables or desired schema changed: one line per change, exit code 4. */
class ApplyDriftCommandTest {

    private static final String AFTER = "examples/users/after";
    private static final int DRIFT = 4;

    @TempDir
    Path dir;

    private static TestDatabase users(int major) {
        TestDatabase db = TestPostgres.newDatabase(major);
        db.execute(CreateDdl.statements(SchemaFiles.read(Path.of("examples/users/before")).catalog()).toArray(String[]::new));
        db.execute("INSERT INTO public.users (username, email) SELECT 'user' || g, 'u' || g || '@example.com'"
                + " FROM generate_series(1, 100) g");
        return db;
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void handChangesBetweenPhasesAreRefusedWithOneLinePerChangeAndExitCodeFour(int major) throws Exception {
        try (TestDatabase db = users(major)) {
            String url = db.postgresUrl();
            assertEquals(0, Strata.run("apply", "--url", url, "--desired", AFTER, "--phase", "expand").exitCode());
            db.execute("ALTER TABLE public.users ADD COLUMN note text",
                    "ALTER TABLE public.users ALTER COLUMN created_at DROP DEFAULT");

            Strata refused = Strata.run("apply", "--url", url, "--desired", AFTER, "--phase", "backfill", "--yes");

            assertEquals(DRIFT, refused.exitCode(), refused.toString());
            List<String> lines = refused.errLines();
            assertEquals(4, lines.size(), refused.toString());
            assertEquals("the tables of migration 1 were changed outside Strata since its step expand-2, so nothing was"
                    + " run:", lines.get(0));
            assertEquals(List.of("  add column public.users.note text", "  drop default of column public.users.created_at"),
                    lines.subList(1, 3).stream().sorted().toList());
            assertTrue(lines.get(3).startsWith("either undo these changes and rerun strata apply to continue the"
                    + " migration, or run strata abandon"), refused.toString());
            assertFalse(refused.toString().contains("\tat "), refused.toString());
            assertEquals(List.of(List.of("0")), db.query("SELECT count(*) FROM strata.backfill"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aChangedDesiredSchemaIsRefusedNamingWhatItAddsWithExitCodeFour(int major) throws Exception {
        try (TestDatabase db = users(major)) {
            String url = db.postgresUrl();
            assertEquals(0, Strata.run("apply", "--url", url, "--desired", AFTER, "--phase", "expand").exitCode());
            Path changed = Files.createDirectories(dir.resolve("after"));
            try (var files = Files.list(Path.of(AFTER))) {
                for (Path file : files.toList()) {
                    Files.writeString(changed.resolve(file.getFileName()), Files.readString(file)
                            .replace("      email: { type: text, nullable: false }\n",
                                    "      email: { type: text, nullable: false }\n      note: text\n"));
                }
            }

            Strata refused = Strata.run("apply", "--url", url, "--desired", changed.toString(), "--phase", "backfill",
                    "--yes");

            assertEquals(DRIFT, refused.exitCode(), refused.toString());
            List<String> lines = refused.errLines();
            assertEquals(3, lines.size(), refused.toString());
            assertTrue(lines.get(0).startsWith("migration 1 (started "), refused.toString());
            assertTrue(lines.get(0).endsWith(") is applying another desired schema, so nothing was run; compared with"
                    + " the one it was started with, this desired schema would also:"), refused.toString());
            assertEquals("  add column public.users.note text", lines.get(1));
            assertTrue(lines.get(2).startsWith("either finish migration 1 first"), refused.toString());
        }
    }
}
