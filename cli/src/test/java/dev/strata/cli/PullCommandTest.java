package dev.strata.cli;

import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.SchemaWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pull against real PostgreSQL. The assertions do not assume how the schema writer lays out its
 * files beyond one file per table whose path names the table.
 */
class PullCommandTest {

    @TempDir
    Path out;

    private static Strata pull(TestDatabase db, Path out, String... extra) {
        String[] args = Stream.concat(Stream.of("pull", "--url", db.postgresUrl(), "--out", out.toString()),
                Stream.of(extra)).toArray(String[]::new);
        return Strata.run(args);
    }

    private static List<String> linesStartingWith(Strata r, String prefix) {
        return r.outLines().stream().filter(l -> l.startsWith(prefix)).toList();
    }

    private static String pathOf(Strata r, String action, String table) {
        return linesStartingWith(r, action + " ").stream().map(l -> l.substring(action.length() + 1))
                .filter(p -> p.contains(table)).findFirst()
                .orElseThrow(() -> new AssertionError("no '" + action + "' line for " + table + " in\n" + r));
    }

    @Test
    void writesOneOwnedFilePerTableAndSaysSo() throws IOException {
        try (TestDatabase db = TestPostgres.newDatabase()) {
            db.execute("CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL)");
            var r = pull(db, out);
            assertEquals(0, r.exitCode(), r.toString());
            String users = pathOf(r, "wrote", "users");
            assertTrue(Files.readString(out.resolve(users)).startsWith(SchemaWriter.OWNERSHIP_MARKER), users);
            for (String line : r.outLines()) {
                assertTrue(line.matches("(wrote|unchanged|removed) \\S.*"), line);
            }
        }
    }

    @Test
    void pullingTwiceChangesNothing() {
        try (TestDatabase db = TestPostgres.newDatabase()) {
            db.execute("CREATE TABLE users (id bigint PRIMARY KEY)");
            var first = pull(db, out);
            var second = pull(db, out);
            assertEquals(0, second.exitCode(), second.toString());
            assertEquals(first.outLines().stream().map(l -> l.replaceFirst("^wrote ", "unchanged ")).toList(),
                    second.outLines());
        }
    }

    @Test
    void fileOfADroppedTableIsRemoved() {
        try (TestDatabase db = TestPostgres.newDatabase()) {
            db.execute("CREATE TABLE users (id bigint PRIMARY KEY)", "CREATE TABLE orders (id bigint PRIMARY KEY)");
            String orders = pathOf(pull(db, out), "wrote", "orders");
            db.execute("DROP TABLE orders");
            var r = pull(db, out);
            assertEquals(0, r.exitCode(), r.toString());
            assertEquals(orders, pathOf(r, "removed", "orders"));
            assertFalse(Files.exists(out.resolve(orders)));
        }
    }

    @Test
    void refusesToOverwriteAFileItDidNotWrite() throws IOException {
        try (TestDatabase db = TestPostgres.newDatabase()) {
            db.execute("CREATE TABLE users (id bigint PRIMARY KEY)");
            String users = pathOf(pull(db, out), "wrote", "users");
            Files.writeString(out.resolve(users), "# written by hand\n");
            var r = pull(db, out);
            assertEquals(1, r.exitCode(), r.toString());
            assertEquals(1, r.errLines().size(), r.toString());
            assertTrue(r.err().startsWith("refusing to overwrite") && r.err().contains(users), r.toString());
            assertEquals("# written by hand\n", Files.readString(out.resolve(users)));
        }
    }

    @Test
    void handWrittenFilesAreNotRemoved() throws IOException {
        try (TestDatabase db = TestPostgres.newDatabase()) {
            db.execute("CREATE TABLE users (id bigint PRIMARY KEY)");
            Path notes = Files.writeString(out.resolve("notes.yaml"), "# mine\n");
            var r = pull(db, out);
            assertEquals(0, r.exitCode(), r.toString());
            assertTrue(Files.exists(notes));
            assertFalse(r.out().contains("notes.yaml"), r.toString());
        }
    }

    @Test
    void onlyTheNamedSchemasArePulled() {
        try (TestDatabase db = TestPostgres.newDatabase()) {
            db.execute("CREATE SCHEMA app", "CREATE TABLE app.in_app (id int)", "CREATE TABLE public.in_public (id int)");
            var r = pull(db, out, "--schema", "app");
            assertEquals(0, r.exitCode(), r.toString());
            pathOf(r, "wrote", "in_app");
            assertFalse(r.out().contains("in_public"), r.toString());
        }
    }

    @Test
    void unmanagedObjectsAreNotesOnStderr() {
        try (TestDatabase db = TestPostgres.newDatabase()) {
            db.execute("CREATE TABLE users (id bigint PRIMARY KEY)",
                    "CREATE AGGREGATE median(float8 ORDER BY float8) (SFUNC = ordered_set_transition, STYPE = internal,"
                            + " FINALFUNC = percentile_cont_float8_final)");
            var r = pull(db, out);
            assertEquals(0, r.exitCode(), r.toString());
            assertTrue(r.errLines().stream().anyMatch(l -> l.startsWith("note: unmanaged ordered-set aggregate ")
                    && l.contains("median(")), r.toString());
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {14, 18})
    void grantsArePulledOnlyWhenTheProjectsStrataYamlOptsIn(int major) throws IOException {
        String role = "strata_pull_grants_" + major;
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("DROP ROLE IF EXISTS " + role, "CREATE ROLE " + role,
                    "CREATE TABLE users (id bigint PRIMARY KEY)", "GRANT SELECT ON users TO " + role);
            try {
                var off = pull(db, out);
                assertEquals(0, off.exitCode(), off.toString());
                assertFalse(Files.exists(out.resolve("public/_grants.yaml")), off.toString());
                assertTrue(off.errLines().stream().anyMatch(l -> l.startsWith("note: unmanaged privileges public.users")), off.toString());
                Files.writeString(out.resolve("strata.yaml"), "manage:\n  grants: true\n");
                var on = pull(db, out);
                assertEquals(0, on.exitCode(), on.toString());
                assertTrue(Files.readString(out.resolve("public/_grants.yaml")).endsWith("grants:\n  table users: {"
                        + role + ": [select]}\n"), Files.readString(out.resolve("public/_grants.yaml")));
                assertTrue(on.errLines().stream().noneMatch(l -> l.contains("privileges")), on.toString());
            } finally {
                db.execute("DROP OWNED BY " + role, "DROP ROLE " + role);
            }
        }
    }
}
