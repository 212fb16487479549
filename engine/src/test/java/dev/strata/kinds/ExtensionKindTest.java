package dev.strata.kinds;

import dev.strata.catalog.CatalogReader;
import dev.strata.ddl.CreateDdl;
import dev.strata.diff.ExpressionEquality;
import dev.strata.model.Catalog;
import dev.strata.model.Extension;
import dev.strata.plan.DdlStep;
import dev.strata.plan.Phase;
import dev.strata.plan.Plan;
import dev.strata.plan.PlanRequest;
import dev.strata.plan.Planner;
import dev.strata.plan.Step;
import dev.strata.testing.StepRunner;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.SchemaFiles;
import dev.strata.yaml.SchemaWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Extensions, the first kind managed as a whole: pulled, written, built, created, updated and dropped on real servers. */
class ExtensionKindTest {

    private static Catalog yaml(String content) {
        return SchemaFiles.parse(Map.of("public/_extensions.yaml", content)).catalog();
    }

    private static Catalog read(TestDatabase db) throws SQLException {
        try (var c = db.connect()) {
            return CatalogReader.read(c, List.of("public")).catalog();
        }
    }

    private static Plan plan(Catalog current, Catalog desired, int major) {
        return Planner.plan(new PlanRequest(current, desired, major, Map.of(), "test", List.of(), ExpressionEquality.TEXTUAL));
    }

    private static Optional<String> installed(TestDatabase db, String extension) {
        return db.query("SELECT extversion FROM pg_extension WHERE extname = '" + extension + "'").stream()
                .map(row -> row.getFirst()).findFirst();
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aPulledExtensionIsWrittenBuiltAndPulledBackByteIdentical(int major) throws SQLException {
        try (TestDatabase source = TestPostgres.newDatabase(major); TestDatabase copy = TestPostgres.newDatabase(major)) {
            source.execute("CREATE EXTENSION pg_trgm VERSION '1.4'", "CREATE TABLE words (w text)");
            Catalog pulled = read(source);
            var files = SchemaWriter.files(pulled);
            assertEquals("""
                    # strata:pulled — written by 'strata pull'; files without this line are never overwritten
                    schema: public
                    extensions:
                      pg_trgm: {version: '1.4'}
                    """, files.get("public/_extensions.yaml"));
            assertEquals(pulled, SchemaFiles.parse(files).catalog());
            copy.execute(CreateDdl.script(SchemaFiles.parse(files).catalog()));
            assertEquals(files, SchemaWriter.files(read(copy)));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aDeclaredExtensionIsCreatedInExpandAndAnyInstalledVersionSatisfiesOneWithoutVersion(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            Catalog desired = yaml("extensions:\n  pg_trgm:\n");
            Plan plan = plan(read(db), desired, major);
            assertEquals(List.of("CREATE EXTENSION pg_trgm WITH SCHEMA public"),
                    plan.steps(Phase.EXPAND).stream().flatMap(s -> ((DdlStep) s).sql().stream()).toList());
            StepRunner.runAll(db, plan);
            assertTrue(installed(db, "pg_trgm").isPresent());
            assertTrue(plan(read(db), desired, major).isEmpty());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aDeclaredVersionOtherThanTheInstalledOneIsAnUpdateThatCannotBeUndone(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE EXTENSION pg_trgm VERSION '1.4'");
            Catalog desired = yaml("extensions:\n  pg_trgm: {version: '1.5'}\n");
            Plan plan = plan(read(db), desired, major);
            DdlStep update = (DdlStep) plan.steps(Phase.EXPAND).getFirst();
            assertEquals(List.of("ALTER EXTENSION pg_trgm UPDATE TO '1.5'"), update.sql());
            assertTrue(update.inverseSql().isEmpty());
            StepRunner.runAll(db, plan);
            assertEquals(Optional.of("1.5"), installed(db, "pg_trgm"));
            assertTrue(plan(read(db), desired, major).isEmpty());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void anExtensionNoLongerDeclaredIsDroppedInContractNamingTheLossAndItsUndoCreatesItAgain(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE EXTENSION pg_trgm VERSION '1.4'", "CREATE TABLE words (w text)");
            Catalog desired = yaml("tables:\n  words:\n    columns:\n      w: text\n");
            Plan plan = plan(read(db), desired, major);
            List<Step> contract = plan.steps(Phase.CONTRACT);
            assertEquals(1, contract.size());
            DdlStep drop = (DdlStep) contract.getFirst();
            assertEquals(List.of("DROP EXTENSION pg_trgm"), drop.sql());
            assertTrue(drop.dataLoss().orElseThrow().what().contains("extension pg_trgm"));
            StepRunner.runAll(db, plan);
            assertEquals(Optional.empty(), installed(db, "pg_trgm"));
            StepRunner.runDdl(db, drop.inverseSql().orElseThrow(), true);
            assertEquals(Optional.of("1.4"), installed(db, "pg_trgm"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void anExtensionTheDatabaseStillUsesFailsItsDropRatherThanCascading(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE EXTENSION pg_trgm", "CREATE TABLE words (w text)",
                    "CREATE INDEX words_trgm ON words USING gin (w gin_trgm_ops)");
            var drop = new dev.strata.ddl.ExtensionStatement.Drop(dev.strata.model.QualifiedName.of("public", "pg_trgm"));
            var failure = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                    () -> db.execute(drop.sql()));
            assertTrue(failure.getMessage().contains("depend"), failure.getMessage());
            assertEquals(List.of(List.of("1")), db.query("SELECT count(*) FROM pg_indexes WHERE indexname = 'words_trgm'"));
        }
    }

    /** The facts docs/locks.md#extensions states, on a real server: no lock on an existing table, writes continue. */
    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void creatingUpdatingAndDroppingAnExtensionLockNoExistingTable(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE TABLE words (w text)", "INSERT INTO words VALUES ('a')");
            for (String step : List.of("CREATE EXTENSION pg_trgm VERSION '1.4'", "ALTER EXTENSION pg_trgm UPDATE TO '1.5'",
                    "DROP EXTENSION pg_trgm")) {
                try (java.sql.Connection c = db.connect(); java.sql.Connection app = db.connect();
                     java.sql.Statement st = c.createStatement(); java.sql.Statement appSt = app.createStatement()) {
                    c.setAutoCommit(false);
                    st.execute(step);
                    try (var rs = st.executeQuery("""
                            SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                            WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND c.relname = 'words'""")) {
                        rs.next();
                        assertEquals(0, rs.getInt(1), step);
                    }
                    appSt.execute("SET lock_timeout = '1s'");
                    appSt.execute("INSERT INTO words VALUES ('b')");
                    c.commit();
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aProjectThatOptsExtensionsOutLeavesThemAloneAndReportsThemUnmanaged(int major,
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("strata.yaml"), "manage:\n  extensions: false\n");
        java.nio.file.Files.createDirectories(dir.resolve("public"));
        java.nio.file.Files.writeString(dir.resolve("public/words.yaml"),
                "tables:\n  words:\n    columns:\n      w: text\nextensions:\n  citext:\n");
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE EXTENSION pg_trgm", "CREATE TABLE words (w text)");
            try (var c = db.connect()) {
                Plan plan = dev.strata.execute.PlanService.plan(c, SchemaFiles.read(dir), "test");
                assertTrue(plan.isEmpty(), () -> "planned: " + plan.changes());
                assertEquals(List.of(new dev.strata.model.UnmanagedObject("extension", "public.pg_trgm")), plan.unmanaged());
            }
        }
    }

    @org.junit.jupiter.api.Test
    void anUnknownKindUnderManageIsAnErrorAtItsKey() {
        var failure = org.junit.jupiter.api.Assertions.assertThrows(dev.strata.diagnostics.InvalidInputException.class,
                () -> dev.strata.yaml.ProjectConfig.settings("strata.yaml", "manage:\n  extension: false\n"));
        assertTrue(failure.getMessage().startsWith("strata.yaml:2:3: "), failure.getMessage());
    }

    @org.junit.jupiter.api.Test
    void anExtensionDeclaredTwiceInASchemaIsAnErrorAtTheSecond() {
        var failure = org.junit.jupiter.api.Assertions.assertThrows(dev.strata.diagnostics.InvalidInputException.class,
                () -> SchemaFiles.parse(Map.of("a.yaml", "extensions:\n  pg_trgm:\n", "b.yaml", "extensions:\n  pg_trgm: {}\n")));
        assertEquals(List.of("b.yaml:2:3: extension 'pg_trgm' is declared twice in schema 'public' (first at a.yaml:2:3)"),
                failure.diagnostics().stream().map(Object::toString).toList());
    }

    @org.junit.jupiter.api.Test
    void anExtensionWithoutVersionIsSatisfiedByAnyVersionButOneWithAVersionOnlyByThatVersion() {
        var any = new Extension("citext", Optional.empty());
        var pinned = new Extension("citext", Optional.of("1.6"));
        assertTrue(any.satisfiedBy(new Extension("citext", Optional.of("1.4")), String::equals));
        assertTrue(pinned.satisfiedBy(new Extension("citext", Optional.of("1.6")), String::equals));
        assertTrue(!pinned.satisfiedBy(new Extension("citext", Optional.of("1.4")), String::equals));
    }
}
