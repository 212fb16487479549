package dev.strata.execute;

import dev.strata.catalog.CatalogReader;
import dev.strata.ddl.CreateDdl;
import dev.strata.diagnostics.StrataException;
import dev.strata.model.Catalog;
import dev.strata.plan.Plan;
import dev.strata.testing.StepRunner;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.LoadedSchema;
import dev.strata.yaml.SchemaFiles;
import dev.strata.yaml.SchemaWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

import static dev.strata.execute.ExecutorFixture.desired;
import static dev.strata.execute.ExecutorFixture.yaml;
import static dev.strata.execute.ExecutorFixture.yes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks and foreign keys that are NOT VALID on a real server (issue 8): pulled as they are, rebuilt as they are, kept
 * NOT VALID when declared so (a legacy table may hold rows that fail them), and validated, never dropped and re-added,
 * when declared valid; preflight refuses that validation while rows violate it.
 */
class NotValidConstraintsDatabaseTest {

    /** A legacy table: a negative total and an order of an account that does not exist, under NOT VALID constraints. */
    private static final String[] LEGACY = {
            "CREATE TABLE public.accounts (id bigint PRIMARY KEY)",
            "CREATE TABLE public.orders (id bigint PRIMARY KEY, account_id bigint, total integer)",
            "INSERT INTO public.accounts VALUES (1), (2)",
            "INSERT INTO public.orders VALUES (10, 1, 5), (11, 99, -3), (12, 2, 7)",
            "ALTER TABLE public.orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID",
            "ALTER TABLE public.orders ADD CONSTRAINT orders_account_fk FOREIGN KEY (account_id)"
                    + " REFERENCES public.accounts (id) NOT VALID"};

    private static final String ACCOUNTS = """
            schema: public
            tables:
              accounts:
                columns: { id: { type: bigint, nullable: false } }
                primary_key: [id]
            """;

    private static LoadedSchema orders(String notValid) {
        return yaml(ACCOUNTS + """
                  orders:
                    columns: { id: { type: bigint, nullable: false }, account_id: bigint, total: integer }
                    primary_key: [id]
                    checks: [{ expression: "total >= 0", name: orders_total_check%1$s }]
                    foreign_keys: [{ columns: [account_id], references: { table: accounts }, name: orders_account_fk%1$s }]
                """.formatted(notValid));
    }

    private static final LoadedSchema DECLARED_NOT_VALID = orders(", not_valid: true");
    private static final LoadedSchema DECLARED_VALID = orders("");

    private static Catalog pull(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            return CatalogReader.read(c, List.of("public")).catalog();
        }
    }

    private static List<List<String>> validity(TestDatabase db) {
        return db.query("SELECT conname::text, convalidated::text FROM pg_constraint"
                + " WHERE conrelid = 'public.orders'::regclass AND contype IN ('c', 'f') ORDER BY conname");
    }

    private static Plan plan(TestDatabase db, LoadedSchema schema) throws SQLException {
        try (Connection c = db.connect()) {
            return PlanService.plan(c, schema, "test database");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void pullReadsNotValidAndDdlAndApplyRebuildItByteForByte(int major) throws SQLException {
        try (TestDatabase source = TestPostgres.newDatabase(major); TestDatabase rebuilt = TestPostgres.newDatabase(major)) {
            source.execute(LEGACY);
            Catalog pulled = pull(source);
            SortedMap<String, String> files = SchemaWriter.files(pulled);
            String orders = files.get("public/orders.yaml");
            assertTrue(orders.endsWith("""
                        foreign_keys: [{columns: [account_id], references: {table: accounts}, not_valid: true, name: orders_account_fk}]
                        checks: [{expression: total >= 0, not_valid: true}]
                    """), orders);
            assertEquals(pulled, SchemaFiles.parse(files).catalog());

            rebuilt.execute(CreateDdl.statements(SchemaFiles.parse(files).catalog()).toArray(String[]::new));
            assertEquals(files, SchemaWriter.files(pull(rebuilt)));
            assertEquals(List.of(List.of("orders_account_fk", "false"), List.of("orders_total_check", "false")), validity(rebuilt));
            assertTrue(plan(rebuilt, SchemaFiles.parse(files)).isEmpty());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void constraintsDeclaredNotValidAreAddedNotValidOverViolatingRowsAndThePlanConverges(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(LEGACY[0], LEGACY[1], LEGACY[2], LEGACY[3]);
            try (Connection c = db.connect()) {
                new Executor(c, yes(), s -> { }).withProgress(Progress.NONE).withPreflight(Duration.ofSeconds(30), Optional.empty())
                        .apply(desired(DECLARED_NOT_VALID), PhaseSelection.ALL);
            }
            assertEquals(List.of(List.of("orders_account_fk", "false"), List.of("orders_total_check", "false")), validity(db));
            assertTrue(plan(db, DECLARED_NOT_VALID).isEmpty());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void validConstraintsDeclaredNotValidAreLeftAlone(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.statements(DECLARED_VALID.catalog()).toArray(String[]::new));
            assertEquals(List.of(List.of("orders_account_fk", "true"), List.of("orders_total_check", "true")), validity(db));
            assertTrue(plan(db, DECLARED_NOT_VALID).isEmpty());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void declaredValidTheyAreValidatedNeverReAddedAndPreflightRefusesWhileRowsViolate(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(LEGACY);
            // Outside the managed schema: the constraints' oids, to tell a validation from a drop and re-add.
            db.execute("CREATE SCHEMA side", "CREATE TABLE side.keep (oid_of oid)", "INSERT INTO side.keep SELECT oid FROM pg_constraint"
                    + " WHERE conrelid = 'public.orders'::regclass AND contype IN ('c', 'f')");
            Plan plan = plan(db, DECLARED_VALID);
            assertEquals(List.of("ALTER TABLE public.orders VALIDATE CONSTRAINT orders_account_fk",
                    "ALTER TABLE public.orders VALIDATE CONSTRAINT orders_total_check"),
                    plan.steps().stream().flatMap(s -> ((dev.strata.plan.DdlStep) s).sql().stream()).sorted().toList());

            List<String> log = new ArrayList<>();
            try (Connection c = db.connect()) {
                StrataException refused = assertThrows(StrataException.class, () -> new Executor(c, yes(), log::add)
                        .withProgress(Progress.NONE).withPreflight(Duration.ofSeconds(30), Optional.empty())
                        .apply(desired(DECLARED_VALID), PhaseSelection.ALL));
                assertTrue(refused.getMessage().contains("CONTRACT would fail: 1 row of public.orders"), refused.getMessage());
                assertTrue(refused.getMessage().contains("id 11"), refused.getMessage());
            }
            assertEquals(List.of(List.of("orders_account_fk", "false"), List.of("orders_total_check", "false")), validity(db));

            db.execute("UPDATE public.orders SET account_id = 1, total = 3 WHERE id = 11");
            try (Connection c = db.connect()) {
                new Executor(c, yes(), log::add).withProgress(Progress.NONE).withPreflight(Duration.ofSeconds(30), Optional.empty())
                        .apply(desired(DECLARED_VALID), PhaseSelection.ALL);
            }
            assertEquals(List.of(List.of("orders_account_fk", "true"), List.of("orders_total_check", "true")), validity(db));
            assertEquals(List.of(List.of("2")), db.query("SELECT count(*) FROM side.keep k JOIN pg_constraint con"
                    + " ON con.oid = k.oid_of"), "the same constraints, validated, not re-added");
            assertTrue(plan(db, DECLARED_VALID).isEmpty());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void withoutPreflightTheValidateStepFailsOnTheViolatingRow(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(LEGACY);
            Plan plan = plan(db, DECLARED_VALID);
            var failure = assertThrows(IllegalStateException.class, () -> StepRunner.runAll(db, plan));
            assertTrue(failure.getMessage().contains("validate") && failure.getMessage().contains("violat"),
                    failure.getMessage());
        }
    }

    /** What the validate step states (docs/locks.md#row-38), seen in pg_locks inside its transaction. */
    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void validateTakesShareUpdateExclusiveOnTheTableAndRowShareOnTheReferencedTable(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(LEGACY);
            db.execute("UPDATE public.orders SET account_id = 1, total = 3 WHERE id = 11");
            assertEquals(List.of(List.of("accounts", "RowShareLock"), List.of("orders", "ShareUpdateExclusiveLock")),
                    locksOf(db, "ALTER TABLE public.orders VALIDATE CONSTRAINT orders_account_fk"));
            assertEquals(List.of(List.of("orders", "ShareUpdateExclusiveLock")),
                    locksOf(db, "ALTER TABLE public.orders VALIDATE CONSTRAINT orders_total_check"));
        }
    }

    /** The strongest lock {@code statement} holds on each table, read in its own transaction before it ends. */
    private static List<List<String>> locksOf(TestDatabase db, String statement) throws SQLException {
        List<List<String>> locks = new ArrayList<>();
        try (Connection c = db.connect(); var st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute(statement);
            try (var rs = st.executeQuery("""
                    SELECT DISTINCT ON (c.relname) c.relname::text, l.mode FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                    WHERE l.pid = pg_backend_pid() AND c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace
                    ORDER BY c.relname, array_position(ARRAY['AccessExclusiveLock', 'ExclusiveLock', 'ShareRowExclusiveLock',
                        'ShareLock', 'ShareUpdateExclusiveLock', 'RowExclusiveLock', 'RowShareLock', 'AccessShareLock'], l.mode)
                    """)) {
                while (rs.next()) {
                    locks.add(List.of(rs.getString(1), rs.getString(2)));
                }
            }
            c.rollback();
        }
        return locks;
    }
}
