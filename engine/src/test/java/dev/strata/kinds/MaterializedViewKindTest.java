package dev.strata.kinds;

import dev.strata.catalog.CatalogReader;
import dev.strata.catalog.PulledCatalog;
import dev.strata.catalog.ServerCanonicalizer;
import dev.strata.ddl.CreateDdl;
import dev.strata.expr.Equivalence;
import dev.strata.model.Catalog;
import dev.strata.model.MaterializedView;
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

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Materialized views, a kind managed as a whole: pulled, written, built, created, changed and dropped on real servers. */
class MaterializedViewKindTest {

    private static final String TABLE = """
            CREATE TABLE employees (id integer PRIMARY KEY, name text NOT NULL, salary numeric, status text);
            INSERT INTO employees VALUES (1, 'ann', 10, 'active'), (2, 'bob', 20, 'gone');
            """;

    private static final String SOURCE_DDL = TABLE + """
            CREATE MATERIALIZED VIEW active AS SELECT id, name, salary FROM employees WHERE status = 'active';
            CREATE UNIQUE INDEX active_id ON active (id);
            CREATE INDEX active_lower_name ON active (lower(name)) WHERE salary > 0;
            COMMENT ON INDEX active_id IS 'one row per employee';
            COMMENT ON MATERIALIZED VIEW active IS 'who works here';
            CREATE MATERIALIZED VIEW later AS SELECT count(*) AS n FROM active WITH NO DATA;
            CREATE VIEW active_names AS SELECT name FROM active;
            """;

    private static String matviews(int major) {
        String active = major >= 16
                ? "SELECT id,\n          name,\n          salary\n         FROM public.employees\n        WHERE status = 'active'::text"
                : "SELECT employees.id,\n          employees.name,\n          employees.salary\n         FROM public.employees\n"
                        + "        WHERE employees.status = 'active'::text";
        return """
                materialized_views:
                  active:
                    definition: |-
                      %s
                    indexes:
                      - {name: active_id, unique: true, columns: [id], comment: one row per employee}
                      - {name: active_lower_name, columns: [{expression: lower(name)}], where: 'salary > (0)::numeric'}
                    comment: who works here
                  later:
                    definition: |-
                      SELECT count(*) AS n
                         FROM public.active
                    with_data: false
                """.formatted(active);
    }

    private static Catalog yaml(String... documents) {
        Map<String, String> files = new TreeMap<>();
        for (int i = 0; i < documents.length; i++) {
            files.put("public/f" + i + ".yaml", documents[i]);
        }
        return SchemaFiles.parse(files).catalog();
    }

    private static PulledCatalog pull(TestDatabase db) throws SQLException {
        try (var c = db.connect()) {
            return CatalogReader.read(c, List.of("public"));
        }
    }

    private static Catalog read(TestDatabase db) {
        try {
            return pull(db).catalog();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Plan plan(Catalog current, Catalog desired, int major) {
        return Planner.plan(new PlanRequest(current, desired, major, Map.of(), "test", List.of(), Equivalence::same));
    }

    private static String planText(TestDatabase db, Catalog desired, int major) {
        try {
            return plan(db, desired, major).toString();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** As {@code plan --url} plans: the declared queries printed by the server first. */
    private static Plan plan(TestDatabase db, Catalog desired, int major) throws SQLException {
        try (var c = db.connect()) {
            return plan(read(db), ServerCanonicalizer.canonical(c, desired), major);
        }
    }

    private static List<String> sql(List<Step> steps) {
        return steps.stream().flatMap(s -> ((DdlStep) s).sql().stream()).toList();
    }

    private static String employees(String extra) {
        return """
                tables:
                  employees:
                    columns:
                      id: integer
                      name: {type: text, nullable: false}
                      salary: numeric
                      status: text
                """ + extra + """
                    primary_key: [id]
                """;
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void pulledMaterializedViewsAreWrittenWithTheirIndexesBuiltInReadingOrderAndPulledBackByteIdentical(int major) throws SQLException {
        try (TestDatabase source = TestPostgres.newDatabase(major); TestDatabase copy = TestPostgres.newDatabase(major)) {
            source.execute(SOURCE_DDL);
            PulledCatalog pulled = pull(source);
            assertTrue(pulled.unmanaged().stream().noneMatch(u -> u.kind().equals("materialized view")), pulled.unmanaged().toString());
            var files = SchemaWriter.files(pulled.catalog());
            String marker = "# strata:pulled — written by 'strata pull'; files without this line are never overwritten\nschema: public\n";
            assertEquals(marker + matviews(major), files.get("public/_materialized_views.yaml"));
            assertEquals(pulled.catalog(), SchemaFiles.parse(files).catalog());
            // The view reads a materialized view and a materialized view reads another: built in that order.
            String script = CreateDdl.script(SchemaFiles.parse(files).catalog());
            assertTrue(script.indexOf("MATERIALIZED VIEW public.active AS") < script.indexOf("VIEW public.active_names")
                    && script.indexOf("MATERIALIZED VIEW public.active AS") < script.indexOf("MATERIALIZED VIEW public.later"), script);
            copy.execute(script);
            assertEquals(files, SchemaWriter.files(read(copy)));
            assertTrue(plan(read(copy), SchemaFiles.parse(files).catalog(), major).isEmpty());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aDeclaredMaterializedViewIsCreatedInExpandWithItsIndexesAndReplansEmpty(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(TABLE);
            Catalog desired = yaml(employees(""), """
                    materialized_views:
                      active:
                        definition: SELECT id, name FROM employees WHERE status = 'active'
                        indexes:
                          - {name: active_id, unique: true, columns: [id], comment: by id}
                    views:
                      active_names: SELECT name FROM active
                    """);
            Plan plan = plan(db, desired, major);
            List<String> expand = sql(plan.steps(Phase.EXPAND));
            assertTrue(expand.get(0).startsWith("CREATE MATERIALIZED VIEW public.active AS\n")
                    && expand.get(0).endsWith("\nWITH DATA"), expand.toString());
            assertEquals(List.of("CREATE UNIQUE INDEX active_id ON public.active USING btree (id)",
                    "COMMENT ON INDEX public.active_id IS 'by id'"), expand.subList(1, 3));
            assertTrue(expand.get(3).startsWith("CREATE VIEW public.active_names"), expand.toString());
            DdlStep create = (DdlStep) plan.steps(Phase.EXPAND).getFirst();
            assertTrue(create.facts().stream().anyMatch(f -> f.contains("unique index active_id")), create.facts().toString());
            assertTrue(plan.steps(Phase.CONTRACT).isEmpty());
            StepRunner.runAll(db, plan);
            assertTrue(plan(db, desired, major).isEmpty(), () -> planText(db, desired, major));
            assertEquals(List.of(List.of("ann")), db.query("SELECT name FROM active_names"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aChangedQueryIsBuiltBesideSwappedInWithItsReadersAndTheOldDroppedUndoSwapsBack(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(TABLE, "CREATE MATERIALIZED VIEW active AS SELECT id, name FROM employees WHERE status = 'active'",
                    "CREATE UNIQUE INDEX active_id ON active (id)", "CREATE VIEW active_names AS SELECT name FROM active");
            Catalog desired = yaml(employees(""), """
                    materialized_views:
                      active:
                        definition: SELECT id, name, salary FROM employees WHERE status = 'active'
                        indexes:
                          - {name: active_id, unique: true, columns: [id]}
                    views:
                      active_names: SELECT active.name FROM public.active
                    """);
            Plan plan = plan(db, desired, major);
            assertTrue(plan.steps(Phase.EXPAND).isEmpty(), plan.toString());
            List<Step> contract = plan.steps(Phase.CONTRACT);
            assertEquals(3, contract.size(), plan.toString());
            List<String> build = ((DdlStep) contract.get(0)).sql();
            assertTrue(build.get(0).startsWith("CREATE MATERIALIZED VIEW public.active__strata_new AS\n")
                    && build.get(0).endsWith("\nWITH DATA"), build.toString());
            assertEquals("CREATE UNIQUE INDEX active_id__strata_new ON public.active__strata_new USING btree (id)", build.get(1));
            List<String> swap = ((DdlStep) contract.get(1)).sql();
            assertEquals(List.of("ALTER MATERIALIZED VIEW public.active RENAME TO active__strata_old",
                    "ALTER INDEX public.active_id RENAME TO active_id__strata_old",
                    "ALTER MATERIALIZED VIEW public.active__strata_new RENAME TO active",
                    "ALTER INDEX public.active_id__strata_new RENAME TO active_id"), swap.subList(0, 4));
            assertTrue(swap.get(4).startsWith("CREATE OR REPLACE VIEW public.active_names AS\n"), swap.toString());
            assertEquals(List.of("DROP MATERIALIZED VIEW public.active__strata_old"), ((DdlStep) contract.get(2)).sql());
            StepRunner.run(db, contract.get(0));
            StepRunner.run(db, contract.get(1));
            // Undo before the drop: the swap back.
            StepRunner.runDdl(db, ((DdlStep) contract.get(1)).inverseSql().orElseThrow(), true);
            assertEquals(List.of(List.of("2")), db.query("SELECT count(*) FROM pg_attribute WHERE attrelid = 'active'::regclass AND attnum > 0"));
            StepRunner.run(db, contract.get(1));
            StepRunner.run(db, contract.get(2));
            assertEquals(List.of(List.of("ann", "10")), db.query("SELECT name, salary FROM active"));
            assertEquals(List.of(List.of("ann")), db.query("SELECT name FROM active_names"));
            assertTrue(plan(db, desired, major).isEmpty(), () -> planText(db, desired, major));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void indexesOnAnUnchangedQueryAreBuiltAndDroppedConcurrentlyAndCommentsSetInPlace(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(TABLE, "CREATE MATERIALIZED VIEW active AS SELECT id, name, status FROM employees",
                    "CREATE INDEX active_name ON active (name)", "CREATE INDEX active_status ON active (status)");
            Catalog current = read(db);
            String query = ((MaterializedView) current.schema("public").orElseThrow()
                    .object("materialized view", "active").orElseThrow()).query();
            Catalog desired = yaml(employees(""), """
                    materialized_views:
                      active:
                        definition: "%s"
                        indexes:
                          - {name: active_id, unique: true, columns: [id]}
                          - {name: active_name, columns: [name, status]}
                        comment: all of them
                    """.formatted(query.replace("\n", "\\n")));
            Plan plan = plan(db, desired, major);
            List<String> expand = sql(plan.steps(Phase.EXPAND));
            assertTrue(expand.contains("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS active_id ON public.active USING btree (id)"), expand.toString());
            assertTrue(expand.contains("CREATE INDEX CONCURRENTLY IF NOT EXISTS active_name__strata_new ON public.active USING btree (name, status)"), expand.toString());
            assertTrue(expand.contains("COMMENT ON MATERIALIZED VIEW public.active IS 'all of them'"), expand.toString());
            List<String> contract = sql(plan.steps(Phase.CONTRACT));
            assertTrue(contract.contains("DROP INDEX CONCURRENTLY IF EXISTS public.active_status"), contract.toString());
            assertTrue(contract.contains("DROP INDEX CONCURRENTLY IF EXISTS public.active_name"), contract.toString());
            assertTrue(contract.contains("ALTER INDEX public.active_name__strata_new RENAME TO active_name"), contract.toString());
            StepRunner.runAll(db, plan);
            assertTrue(plan(db, desired, major).isEmpty(), () -> planText(db, desired, major));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aDroppedMaterializedViewGoesInContractAfterTheViewReadingItAndItsUndoRebuildsIt(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(TABLE, "CREATE MATERIALIZED VIEW active AS SELECT id, name FROM employees WHERE status = 'active'",
                    "CREATE UNIQUE INDEX active_id ON active (id)", "CREATE VIEW active_names AS SELECT name FROM active");
            Catalog desired = yaml(employees(""));
            Plan plan = plan(db, desired, major);
            List<Step> contract = plan.steps(Phase.CONTRACT);
            assertEquals(List.of("DROP VIEW IF EXISTS public.active_names", "DROP MATERIALIZED VIEW public.active"),
                    sql(contract).stream().filter(s -> s.startsWith("DROP")).toList());
            DdlStep drop = (DdlStep) contract.getLast();
            assertTrue(drop.summary().contains("active_id"), drop.summary());
            assertTrue(drop.dataLoss().isEmpty());
            StepRunner.runAll(db, plan);
            assertTrue(plan(db, desired, major).isEmpty());
            StepRunner.runDdl(db, drop.inverseSql().orElseThrow(), true);
            assertEquals(List.of(List.of("ann")), db.query("SELECT name FROM active"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void populationChangesByRefresh(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(TABLE, "CREATE MATERIALIZED VIEW active AS SELECT id FROM employees WITH NO DATA");
            Catalog current = read(db);
            var live = (MaterializedView) current.schema("public").orElseThrow()
                    .object("materialized view", "active").orElseThrow();
            Catalog desired = yaml(employees(""), "materialized_views:\n  active: \"" + live.query().replace("\n", "\\n") + "\"\n");
            Plan plan = plan(db, desired, major);
            assertEquals(List.of("REFRESH MATERIALIZED VIEW public.active"), sql(plan.steps(Phase.EXPAND)));
            StepRunner.runAll(db, plan);
            assertEquals(List.of(List.of("2")), db.query("SELECT count(*) FROM active"));
            assertTrue(plan(db, desired, major).isEmpty());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void storageParametersArePulledWrittenAndChangedInPlaceBySetAndReset(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(TABLE, "CREATE MATERIALIZED VIEW active WITH (fillfactor = 70, autovacuum_enabled = false)"
                    + " AS SELECT id, name FROM employees");
            Catalog current = read(db);
            var live = (MaterializedView) current.schema("public").orElseThrow()
                    .object("materialized view", "active").orElseThrow();
            assertEquals(Map.of("fillfactor", "70", "autovacuum_enabled", "false"), live.storageParameters());
            String written = SchemaWriter.files(current).get("public/_materialized_views.yaml");
            assertTrue(written.contains("with:"), written);
            assertEquals(current, SchemaFiles.parse(SchemaWriter.files(current)).catalog());
            Catalog desired = yaml(employees(""), """
                    materialized_views:
                      active:
                        definition: "%s"
                        with: { fillfactor: 80, toast.autovacuum_enabled: false }
                    """.formatted(live.query().replace("\n", "\\n")));
            Plan plan = plan(db, desired, major);
            assertEquals(List.of("ALTER MATERIALIZED VIEW public.active SET (fillfactor = '80', toast.autovacuum_enabled"
                    + " = 'false'), RESET (autovacuum_enabled)"), sql(plan.steps(Phase.EXPAND)), plan.toString());
            DdlStep step = (DdlStep) plan.steps(Phase.EXPAND).getFirst();
            assertEquals("SHARE UPDATE EXCLUSIVE", step.locks().getFirst().mode().sql(), step.locks().toString());
            StepRunner.runAll(db, plan);
            assertTrue(plan(db, desired, major).isEmpty(), () -> planText(db, desired, major));
            StepRunner.runDdl(db, step.inverseSql().orElseThrow(), true);
            assertEquals(List.of(List.of("{fillfactor=70,autovacuum_enabled=false}")),
                    db.query("SELECT reloptions::text FROM pg_class WHERE relname = 'active'"));
        }
    }

    /** What docs/locks.md#materialized-views states, read from pg_locks inside an open transaction. */
    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void eachMaterializedViewStatementTakesTheLocksDocumented(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(TABLE, "CREATE MATERIALIZED VIEW m AS SELECT id, name FROM employees",
                    "CREATE UNIQUE INDEX m_id ON m (id)", "CREATE MATERIALIZED VIEW n AS SELECT id FROM employees",
                    "CREATE VIEW v AS SELECT name FROM m");
            Map<String, String> statements = new LinkedHashMap<>();
            statements.put("create with data", "CREATE MATERIALIZED VIEW x AS SELECT id FROM employees WITH DATA");
            statements.put("create with no data", "CREATE MATERIALIZED VIEW x AS SELECT id FROM employees WITH NO DATA");
            statements.put("refresh", "REFRESH MATERIALIZED VIEW n");
            statements.put("refresh with no data", "REFRESH MATERIALIZED VIEW n WITH NO DATA");
            statements.put("refresh concurrently", "REFRESH MATERIALIZED VIEW CONCURRENTLY m");
            statements.put("rename", "ALTER MATERIALIZED VIEW n RENAME TO n2");
            statements.put("rename index", "ALTER INDEX m_id RENAME TO m_id2");
            statements.put("replace view", "CREATE OR REPLACE VIEW v AS SELECT name FROM m");
            statements.put("comment", "COMMENT ON MATERIALIZED VIEW m IS 'x'");
            statements.put("set fillfactor", "ALTER MATERIALIZED VIEW n SET (fillfactor = '80', autovacuum_enabled = 'false',"
                    + " toast.autovacuum_enabled = 'false')");
            statements.put("reset fillfactor", "ALTER MATERIALIZED VIEW n RESET (fillfactor)");
            statements.put("drop", "DROP MATERIALIZED VIEW n");
            statements.put("create index concurrently", "CREATE INDEX CONCURRENTLY m_name ON m (name)");
            statements.put("drop read by a view", "DROP MATERIALIZED VIEW m");
            List<String> seen = new ArrayList<>();
            try (Connection c = db.connect()) {
                c.setAutoCommit(false);
                for (var e : statements.entrySet()) {
                    try (var st = c.createStatement()) {
                        // Oids first: a dropped or renamed relation is still reported by the name it had.
                        Map<Long, String> names = new TreeMap<>();
                        try (var rs = st.executeQuery("SELECT oid::bigint, relname::text FROM pg_class WHERE relname IN ('employees', 'm', 'n', 'v', 'm_id')")) {
                            while (rs.next()) {
                                names.put(rs.getLong(1), rs.getString(2));
                            }
                        }
                        st.execute(e.getValue());
                        // The strongest mode held on each relation (PostgreSQL 14 and 18 take weaker ones on the way).
                        Map<String, String> held = new TreeMap<>();
                        try (var rs = st.executeQuery("""
                                SELECT l.relation::bigint, l.mode FROM pg_locks l
                                WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation'
                                ORDER BY array_position(ARRAY['AccessShareLock', 'RowShareLock', 'RowExclusiveLock',
                                    'ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock',
                                    'AccessExclusiveLock'], l.mode::text)
                                """)) {
                            while (rs.next()) {
                                String name = names.get(rs.getLong(1));
                                if (name != null) {
                                    held.put(name, rs.getString(2));
                                }
                            }
                        }
                        seen.add(e.getKey() + ": " + held);
                    } catch (SQLException ex) {
                        seen.add(e.getKey() + ": fails " + ex.getMessage().lines().findFirst().orElse(""));
                    }
                    c.rollback();
                }
            }
            assertEquals(List.of(
                    "create with data: {employees=AccessShareLock}",
                    "create with no data: {employees=AccessShareLock}",
                    "refresh: {employees=AccessShareLock, n=AccessExclusiveLock}",
                    "refresh with no data: {n=AccessExclusiveLock}",
                    "refresh concurrently: {employees=AccessShareLock, m=ExclusiveLock, m_id=RowExclusiveLock}",
                    "rename: {n=AccessExclusiveLock}",
                    "rename index: {m_id=ShareUpdateExclusiveLock}",
                    "replace view: {m=AccessShareLock, v=AccessExclusiveLock}",
                    "comment: {m=ShareUpdateExclusiveLock}",
                    "set fillfactor: {n=ShareUpdateExclusiveLock}",
                    "reset fillfactor: {n=ShareUpdateExclusiveLock}",
                    "drop: {n=AccessExclusiveLock}",
                    "create index concurrently: fails ERROR: CREATE INDEX CONCURRENTLY cannot run inside a transaction block",
                    "drop read by a view: fails ERROR: cannot drop materialized view m because other objects depend on it"),
                    seen);
        }
    }
}
