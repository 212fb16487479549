package dev.strata.cli;

import dev.strata.catalog.CatalogReader;
import dev.strata.catalog.PulledCatalog;
import dev.strata.ddl.CreateDdl;
import dev.strata.model.Catalog;
import dev.strata.model.Schema;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.SchemaFiles;
import liquibase.Scope;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.command.core.helpers.ShowSummaryArgument;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.ui.LoggerUIService;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * plan --format flyway and --format liquibase, run by the real tools: from the same start they reach the catalog and
 * the data strata apply reaches, stopping at the gates where the output says they stop. The users rename of
 * examples/users has every kind of script: EXPAND DDL and a sync trigger, a backfill of several batches and a
 * concurrent index (not transactional), and CONTRACT steps.
 */
class MigrationToolOutputTest {

    private static final String BEFORE = "examples/users/before";
    private static final String AFTER = "examples/users/after";
    /** The tools' own bookkeeping tables, which they keep in the default schema. */
    private static final Set<String> TOOL_TABLES = Set.of("flyway_schema_history", "databasechangelog", "databasechangeloglock");

    @TempDir
    Path dir;

    /** Held, so the levels set stay set (the logging framework keeps its loggers only weakly). */
    private static final List<Logger> QUIET = List.of(Logger.getLogger("liquibase"), Logger.getLogger("org.flywaydb"));

    @BeforeAll
    static void quietTools() {
        // Liquibase 4.30+ would otherwise try to send usage data from the test.
        System.setProperty("liquibase.analytics.enabled", "false");
        QUIET.forEach(l -> l.setLevel(Level.WARNING));
    }

    /** What strata apply reaches from the users table before the rename, per major: the catalog and the rows. */
    private record Reached(PulledCatalog catalog, List<List<String>> rows) {}

    private static final Map<Integer, Reached> APPLIED = new ConcurrentHashMap<>();

    /** The users table before the rename, with 300 rows: three backfill batches of 100. */
    private static TestDatabase users(int major) {
        TestDatabase db = TestPostgres.newDatabase(major);
        db.execute(CreateDdl.statements(SchemaFiles.read(Path.of(BEFORE)).catalog()).toArray(String[]::new));
        db.execute("INSERT INTO public.users (username, email) SELECT 'user' || g, 'u' || g || '@example.com'"
                + " FROM generate_series(1, 300) g");
        return db;
    }

    private Path plan(TestDatabase db, String format, String... more) {
        Path out = dir.resolve(format + db.name());
        List<String> args = new java.util.ArrayList<>(List.of("plan", "--url", db.postgresUrl(), "--desired", AFTER,
                "--format", format, "--out", out.toString(), "--batch-size", "100", "--batch-pause", "0"));
        args.addAll(List.of(more));
        Strata plan = Strata.run(args.toArray(String[]::new));
        assertEquals(PlanCommand.CHANGES, plan.exitCode(), plan.toString());
        return out;
    }

    /** The catalog of public and what Strata does not manage there, without the tools' bookkeeping tables. */
    private static PulledCatalog pulled(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            PulledCatalog read = CatalogReader.read(c, List.of("public"));
            List<Schema> schemas = read.catalog().schemas().stream()
                    .map(s -> s.withTables(s.tables().stream().filter(t -> !TOOL_TABLES.contains(t.name())).toList()))
                    .toList();
            return new PulledCatalog(new Catalog(schemas), read.unmanaged(), read.version(), read.taken(),
                    read.dependents(), read.everySchema());
        }
    }

    private static List<List<String>> rows(TestDatabase db) {
        return db.query("SELECT id, handle, email FROM public.users ORDER BY id");
    }

    private static void assertSameAsApply(TestDatabase tool) throws Exception {
        Reached expected = APPLIED.computeIfAbsent(tool.major(), MigrationToolOutputTest::applied);
        PulledCatalog actual = pulled(tool);
        assertEquals(expected.catalog().catalog(), actual.catalog());
        assertEquals(expected.catalog().unmanaged(), actual.unmanaged(), "a sync trigger or function left behind");
        assertEquals(300, expected.rows().size());
        assertTrue(expected.rows().stream().allMatch(r -> r.get(1).equals("user" + r.get(0))), expected.rows().toString());
        assertEquals(expected.rows(), rows(tool));
    }

    private static Reached applied(int major) {
        try (TestDatabase db = users(major)) {
            Strata apply = Strata.run("apply", "--url", db.postgresUrl(), "--desired", AFTER, "--phase", "all", "--yes",
                    "--batch-size", "100");
            assertEquals(0, apply.exitCode(), apply.toString());
            return new Reached(pulled(db), rows(db));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Flyway flyway(TestDatabase db, Path scripts, String target) {
        quietTools();
        FluentConfiguration configuration = Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password())
                .locations("filesystem:" + scripts).target(target)
                // The database predates Flyway here, as it does where a team adopts it: its history starts empty.
                .baselineOnMigrate(true).baselineVersion("0");
        // postgresql.transactional.lock=false, as the README says: otherwise Flyway's lock is a transaction that
        // CREATE INDEX CONCURRENTLY waits for.
        configuration.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        return configuration.load();
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void flywayRunsTheScriptsToTheCatalogAndDataApplyReachesStoppingAtEachGateWithTarget(int major) throws Exception {
        try (TestDatabase db = users(major)) {
            Path scripts = plan(db, "flyway", "--version-prefix", "7");
            List<String> names = names(scripts);
            String lastExpand = names.stream().filter(n -> n.contains("__expand_") && n.endsWith(".sql")).reduce((a, b) -> b).orElseThrow();
            String version = lastExpand.substring(1, lastExpand.indexOf("__"));
            assertTrue(Files.readString(scripts.resolve(lastExpand)).contains("flyway migrate -target=" + version + " stops after this script"),
                    lastExpand);

            flyway(db, scripts, version).migrate();
            // Stopped at the dual-write gate: the new column is there, nothing is backfilled yet.
            assertEquals(List.of(List.of("0")), db.query("SELECT count(*) FROM public.users WHERE handle IS NOT NULL"));

            String lastBackfill = names.stream().filter(n -> n.contains("__backfill_") && n.endsWith(".sql")).reduce((a, b) -> b).orElseThrow();
            flyway(db, scripts, lastBackfill.substring(1, lastBackfill.indexOf("__"))).migrate();
            // Stopped at the read-switch gate: every row backfilled, the old column still there for the old code.
            assertEquals(List.of(List.of("300", "300")), db.query("SELECT count(handle), count(username) FROM public.users"));

            var result = flyway(db, scripts, "latest").migrate();
            assertTrue(result.success);
            assertSameAsApply(db);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void liquibaseRunsTheChangelogToTheCatalogAndDataApplyReachesPhaseByPhaseWithLabels(int major) throws Exception {
        try (TestDatabase db = users(major)) {
            Path changelog = plan(db, "liquibase");

            liquibaseUpdate(db, changelog, "expand");
            assertEquals(List.of(List.of("0")), db.query("SELECT count(*) FROM public.users WHERE handle IS NOT NULL"));
            liquibaseUpdate(db, changelog, "backfill");
            assertEquals(List.of(List.of("300")), db.query("SELECT count(*) FROM public.users WHERE handle IS NOT NULL"));
            liquibaseUpdate(db, changelog, "contract");

            assertSameAsApply(db);
            // Each gate is a changeset of its own, recorded with what it needed.
            assertEquals(List.of(List.of("gate-dual-write", "backfill"), List.of("gate-read-switch", "contract")),
                    db.query("SELECT id, labels FROM public.databasechangelog WHERE id LIKE 'gate-%' ORDER BY orderexecuted"));
        }
    }

    /** liquibase update of {@code changelog.sql} in {@code changelogDir}; {@code labels} may be null (every changeset). */
    static void liquibaseUpdate(TestDatabase db, Path changelogDir, String labels) throws Exception {
        quietTools();
        try (Connection c = db.connect()) {
            var database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
            // Its progress goes to the (quieted) log rather than the test's standard output.
            Scope.child(Map.of(Scope.Attr.resourceAccessor.name(), new DirectoryResourceAccessor(changelogDir),
                    Scope.Attr.ui.name(), new LoggerUIService()), () -> {
                var update = new CommandScope(UpdateCommandStep.COMMAND_NAME)
                        .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                        .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, "changelog.sql")
                        .addArgumentValue(ShowSummaryArgument.SHOW_SUMMARY_OUTPUT, UpdateSummaryOutputEnum.LOG);
                if (labels != null) {
                    update.addArgumentValue(UpdateCommandStep.LABEL_FILTER_ARG, labels);
                }
                update.execute();
            });
        }
    }

    @Test
    void scriptsOfAPlanForANewerServerRefuseToRunOnAnOlderOneBeforeTheirFirstStatement() throws Exception {
        try (TestDatabase flyway = users(14); TestDatabase liquibase = users(14)) {
            Path scripts = dir.resolve("flyway18");
            Path changelog = dir.resolve("liquibase18");
            for (var format : Map.of("flyway", scripts, "liquibase", changelog).entrySet()) {
                Strata plan = Strata.run("plan", "--from", BEFORE, "--desired", AFTER, "--pg-version", "18", "--format",
                        format.getKey(), "--version-prefix", "1", "--out", format.getValue().toString());
                assertEquals(PlanCommand.CHANGES, plan.exitCode(), plan.toString());
            }

            var byFlyway = assertThrows(FlywayException.class, () -> flyway(flyway, scripts, "latest").migrate());
            var byLiquibase = assertThrows(Exception.class, () -> liquibaseUpdate(liquibase, changelog, "expand"));

            for (var refused : List.of(byFlyway, byLiquibase)) {
                assertTrue(refused.getMessage().contains("this plan is for PostgreSQL 18 or later (server: 14."), refused.getMessage());
            }
            for (TestDatabase db : List.of(flyway, liquibase)) {
                assertEquals(List.of(), db.query("SELECT attname FROM pg_attribute WHERE attrelid = 'public.users'::regclass"
                        + " AND attname = 'handle'"));
            }
        }
    }

    @Test
    void flywayScriptsAreNamedInExecutionOrderWithAConfForEveryScriptOutsideATransactionAndTheSameEveryRun() throws IOException {
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        for (Path out : List.of(first, second)) {
            Strata plan = Strata.run("plan", "--from", BEFORE, "--desired", AFTER, "--format", "flyway", "--version-prefix", "2.1",
                    "--out", out.toString());
            assertEquals(PlanCommand.CHANGES, plan.exitCode(), plan.toString());
        }

        List<String> names = names(first);
        assertEquals(List.of(
                "V2.1.001__expand_add_column_public_users_handle_new_shape_of_public_users.sql",
                "V2.1.002__expand_sync_trigger_keeping_public_users_handle_in_step_with.sql",
                "V2.1.003__backfill_public_users_handle_from_username.sql",
                "V2.1.003__backfill_public_users_handle_from_username.sql.conf",
                "V2.1.004__backfill_build_index_users_handle_key_on_public_users_for_the_new.sql",
                "V2.1.004__backfill_build_index_users_handle_key_on_public_users_for_the_new.sql.conf",
                "V2.1.005__contract_add_not_valid_check_that_public_users_handle_is_not_null.sql",
                "V2.1.006__contract_validate_check_that_public_users_handle_is_not_null.sql",
                "V2.1.007__contract_set_not_null_on_public_users_handle.sql",
                "V2.1.008__contract_retire_public_users_username_drop_the_sync_trigger_and_the.sql"), names);
        assertEquals(names, names(second));
        for (String name : names) {
            assertEquals(Files.readString(first.resolve(name)), Files.readString(second.resolve(name)), name);
        }
        assertTrue(Files.readString(first.resolve(names.get(3))).contains("executeInTransaction=false"));
        String index = Files.readString(first.resolve(names.get(4)));
        assertTrue(index.contains("\nCREATE UNIQUE INDEX CONCURRENTLY"), index);
        assertTrue(!index.contains("BEGIN;") && !index.contains("COMMIT;"), index);
        String afterGate = Files.readString(first.resolve(names.get(6)));
        assertTrue(afterGate.startsWith("-- Strata plan for examples/users/before/ (PostgreSQL 14): Contract, script 5 of 8\n"
                + "-- Gate gate-read-switch (deploy read switch): before this runs, all of this must be true:\n"), afterGate);
    }

    @Test
    void withoutAVersionPrefixTheScriptsAreVersionedByTheCurrentUtcTime() throws IOException {
        Path out = dir.resolve("timestamped");
        String before = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        Strata plan = Strata.run("plan", "--from", BEFORE, "--desired", AFTER, "--format", "flyway", "--out", out.toString());
        String after = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC).format(Instant.now());

        assertEquals(PlanCommand.CHANGES, plan.exitCode(), plan.toString());
        String first = names(out).get(0);
        assertTrue(first.matches("V[0-9]{14}\\.001__expand_.*\\.sql"), first);
        String version = first.substring(1, 15);
        assertTrue(version.compareTo(before) >= 0 && version.compareTo(after) <= 0, version);
    }

    @Test
    void liquibaseChangelogRunsOutsideATransactionExactlyWhereNeededAndIsTheSameEveryRun() {
        Strata first = Strata.run("plan", "--from", BEFORE, "--desired", AFTER, "--format", "liquibase");
        Strata second = Strata.run("plan", "--from", BEFORE, "--desired", AFTER, "--format", "liquibase");
        assertEquals(first.out(), second.out());

        List<String> changesets = first.outLines().stream().filter(l -> l.startsWith("--changeset ")).toList();
        assertEquals(List.of(
                "--changeset strata:expand-1 endDelimiter:\\n/ labels:expand",
                "--changeset strata:expand-2 endDelimiter:\\n/ labels:expand",
                "--changeset strata:gate-dual-write labels:backfill",
                "--changeset strata:backfill-1 runInTransaction:false endDelimiter:\\n/ labels:backfill",
                "--changeset strata:backfill-2 runInTransaction:false endDelimiter:\\n/ labels:backfill",
                "--changeset strata:gate-read-switch labels:contract",
                "--changeset strata:contract-1 endDelimiter:\\n/ labels:contract",
                "--changeset strata:contract-2 endDelimiter:\\n/ labels:contract",
                "--changeset strata:contract-3 endDelimiter:\\n/ labels:contract",
                "--changeset strata:contract-4 endDelimiter:\\n/ labels:contract"), changesets);
        assertTrue(first.out().startsWith("--liquibase formatted sql\n"), first.out());
    }

    @Test
    void aVersionPrefixFlywayCannotReadIsAUsageError() {
        Strata r = Strata.run("plan", "--from", BEFORE, "--desired", AFTER, "--format", "flyway", "--version-prefix", "v1");
        assertEquals(64, r.exitCode(), r.toString());
        assertTrue(r.err().contains("--version-prefix must be a Flyway version"), r.toString());
    }
}
