package dev.strata.cli;

import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code retain: false} in strata.yaml makes --drop-now the default of plan and apply; --no-drop-now keeps all the same. */
class RetainSettingCommandTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {TestPostgres.OLDEST_MAJOR, TestPostgres.NEWEST_MAJOR})
    void retainFalseDropsForGoodAndNeedsAllowDataLoss(int major) throws IOException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE TABLE public.users (id bigint PRIMARY KEY)", "CREATE TABLE public.sessions (id bigint PRIMARY KEY)",
                    "INSERT INTO public.sessions SELECT g FROM generate_series(1, 10) g");
            Files.writeString(dir.resolve("users.yaml"), """
                    tables:
                      users:
                        columns:
                          id: { type: bigint, nullable: false }
                        primary_key: [id]
                    """);
            Files.writeString(dir.resolve("strata.yaml"), "retain: false\n");
            String url = db.postgresUrl();

            Strata plan = Strata.run("plan", "--url", url, "--desired", dir.toString());
            assertEquals(2, plan.exitCode(), plan.toString());
            assertTrue(plan.out().contains("DROP TABLE IF EXISTS public.sessions"), plan.out());
            assertTrue(plan.out().contains("--drop-now asks for the table to be destroyed now"), plan.out());
            assertFalse(plan.out().contains("recoverable until purged"), plan.out());
            Strata kept = Strata.run("plan", "--url", url, "--desired", dir.toString(), "--no-drop-now");
            assertTrue(kept.out().contains("recoverable until purged"), kept.out());

            Strata refused = Strata.run("apply", "--url", url, "--desired", dir.toString(), "--phase", "all", "--yes");
            assertEquals(1, refused.exitCode(), refused.toString());
            assertTrue(refused.err().startsWith("refusing to run steps that can lose data (nothing was run):"), refused.err());
            assertEquals(List.of(List.of("10")), db.query("SELECT count(*) FROM public.sessions"), "nothing ran");

            Strata apply = Strata.run("apply", "--url", url, "--desired", dir.toString(), "--phase", "all", "--yes",
                    "--allow-data-loss");
            assertEquals(0, apply.exitCode(), apply.toString());
            assertEquals(List.of(), db.query("SELECT 1 FROM pg_class WHERE relname = 'sessions'"));
            assertEquals(List.of(), db.query("SELECT 1 FROM pg_namespace WHERE nspname = 'strata_archive'"));
            assertEquals(List.of(), db.query("SELECT 1 FROM strata.retained"), "nothing kept, nothing recorded");
        }
    }
}
