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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A type change with {@code using:} may lose information (here text → its length), so CONTRACT keeps the values
 * before the conversion in strata_archive, by key, before it drops the old copy.
 */
class RetainedTypeChangeCommandTest {

    private static final String ORIGINAL = "SELECT md5(string_agg(id || ':' || v, ',' ORDER BY id)) FROM ";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void theValuesBeforeAUsingConversionAreKeptByKeyAndRestoreNeverOverwritesTheNewColumn(int major) throws IOException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE TABLE public.t (id bigint PRIMARY KEY, v text NOT NULL)",
                    "INSERT INTO public.t SELECT g, repeat('x', g % 7) || g FROM generate_series(1, 2500) g", "ANALYZE public.t");
            String before = db.query(ORIGINAL + "public.t").get(0).get(0);
            Path desired = dir.resolve("desired");
            Files.createDirectories(desired);
            Files.writeString(desired.resolve("t.yaml"), "tables:\n  t:\n    columns:\n      id: { type: bigint, nullable: false }\n"
                    + "      v: { type: integer, nullable: false, using: \"length(v)\" }\n    primary_key: [id]\n");

            Strata apply = Strata.run("apply", "--url", db.postgresUrl(), "--desired", desired.toString(), "--phase", "all",
                    "--yes", "--allow-data-loss");

            assertEquals(0, apply.exitCode(), apply.toString());
            List<List<String>> archives = db.query("SELECT relname FROM pg_class WHERE relnamespace ="
                    + " 'strata_archive'::regnamespace AND relkind = 'r'");
            assertEquals(1, archives.size(), archives.toString());
            String archive = "strata_archive.\"" + archives.get(0).get(0) + "\"";
            assertEquals(before, db.query(ORIGINAL + archive).get(0).get(0));
            assertEquals(List.of(List.of("integer")), db.query("SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
                    + " WHERE attrelid = 'public.t'::regclass AND attname = 'v'"));

            Strata restore = Strata.run("restore", "--url", db.postgresUrl(), "--migration", "1");
            assertEquals(1, restore.exitCode(), restore.toString());
            assertTrue(restore.err().contains("public.t.v exists again"), restore.toString());
            assertEquals(List.of(List.of("integer")), db.query("SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
                    + " WHERE attrelid = 'public.t'::regclass AND attname = 'v'"));
        }
    }
}
