package dev.strata.kinds;

import dev.strata.catalog.CatalogReader;
import dev.strata.ddl.CreateDdl;
import dev.strata.diagnostics.StrataException;
import dev.strata.execute.PlanService;
import dev.strata.model.Catalog;
import dev.strata.plan.DdlStep;
import dev.strata.plan.Phase;
import dev.strata.plan.Plan;
import dev.strata.plan.Step;
import dev.strata.testing.StepRunner;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.SchemaFiles;
import dev.strata.yaml.SchemaWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Grants and default privileges on real servers, in a project that manages them: pulled, written, built and pulled
 * back byte-identical (the owner's own privileges and PUBLIC's defaults are no part of it); grants added in EXPAND and
 * revoked in CONTRACT, applied, re-planned empty and undone; default privileges likewise; a role that does not exist
 * refused at plan time in one line. Roles are cluster-wide: each test creates its own, named per test and major, and
 * drops them afterwards.
 */
class GrantKindTest {

    /** The table the tests grant on, as YAML; each test appends its own sections. */
    private static final String ORDERS = """
            tables:
              orders:
                columns:
                  id: integer
                  total: numeric
            """;

    private static Catalog read(TestDatabase db) throws SQLException {
        try (var c = db.connect()) {
            return CatalogReader.read(c, List.of("public"), Set.of()).catalog();
        }
    }

    /** As {@code strata plan --url} in a project with {@code manage: { grants: true }}. */
    private static Plan plan(TestDatabase db, Map<String, String> files) throws SQLException {
        try (var c = db.connect()) {
            return PlanService.plan(c, SchemaFiles.parse(files), "test");
        }
    }

    private static List<String> sql(List<Step> steps) {
        return steps.stream().flatMap(s -> ((DdlStep) s).sql().stream()).toList();
    }

    private static void undo(TestDatabase db, Plan plan) {
        List<Step> steps = new ArrayList<>(plan.steps());
        Collections.reverse(steps);
        for (Step step : steps) {
            StepRunner.runDdl(db, ((DdlStep) step).inverseSql().orElseThrow(), true);
        }
    }

    private static List<List<String>> acl(TestDatabase db, String relation) {
        return db.query("SELECT coalesce(array_to_string(ARRAY(SELECT x::text FROM unnest(relacl) x ORDER BY 1), ' '), 'NULL')"
                + " FROM pg_class WHERE relname = '" + relation + "'");
    }

    private static void roles(TestDatabase db, String... names) {
        for (String name : names) {
            db.execute("DROP ROLE IF EXISTS " + name, "CREATE ROLE " + name);
        }
    }

    private static void dropRoles(int major, String... roles) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            for (String role : roles) {
                db.execute("DROP ROLE IF EXISTS " + role);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void pulledGrantsAndDefaultPrivilegesAreWrittenBuiltAndPulledBackByteIdentical(int major) throws SQLException {
        String reader = "strata_gr_rt_reader_" + major;
        String writer = "strata_gr_rt_writer_" + major;
        try (TestDatabase source = TestPostgres.newDatabase(major); TestDatabase copy = TestPostgres.newDatabase(major)) {
            roles(source, reader, writer);
            source.execute("CREATE TABLE orders (id serial PRIMARY KEY, total numeric)",
                    "CREATE VIEW big_orders AS SELECT id FROM orders WHERE total > 100",
                    "CREATE MATERIALIZED VIEW order_totals AS SELECT sum(total) AS total FROM orders",
                    "CREATE TYPE mood AS ENUM ('ok')",
                    "CREATE FUNCTION add_tax(amount numeric, rate numeric) RETURNS numeric LANGUAGE sql AS 'SELECT amount * rate'",
                    "CREATE FUNCTION open_to_all() RETURNS integer LANGUAGE sql AS 'SELECT 1'",
                    "GRANT SELECT ON orders TO " + reader,
                    "GRANT INSERT, UPDATE ON orders TO " + writer,
                    "GRANT SELECT ON orders TO " + writer + " WITH GRANT OPTION",
                    "GRANT UPDATE (total) ON orders TO " + reader,
                    "GRANT SELECT ON big_orders TO PUBLIC",
                    "GRANT SELECT ON order_totals TO " + reader,
                    "GRANT USAGE ON SEQUENCE orders_id_seq TO " + writer,
                    "REVOKE EXECUTE ON FUNCTION add_tax(numeric, numeric) FROM PUBLIC",
                    "GRANT EXECUTE ON FUNCTION add_tax(numeric, numeric) TO " + reader,
                    // Granted and revoked again: an ACL that is no longer NULL but holds only the defaults reads as nothing.
                    "GRANT EXECUTE ON FUNCTION open_to_all() TO " + reader,
                    "REVOKE EXECUTE ON FUNCTION open_to_all() FROM " + reader,
                    "GRANT USAGE ON TYPE mood TO " + writer,
                    "GRANT USAGE ON SCHEMA public TO " + reader,
                    "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO " + reader,
                    "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO " + writer + " WITH GRANT OPTION");
            Catalog pulled = read(source);
            var files = SchemaWriter.files(pulled);
            String owner = source.user();
            assertEquals("""
                    # strata:pulled — written by 'strata pull'; files without this line are never overwritten
                    schema: public
                    grants:
                      column orders.total: {READER: [update]}
                      function add_tax(numeric, numeric): {public: [], READER: [execute]}
                      materialized view order_totals: {READER: [select]}
                      schema public: {READER: [usage]}
                      sequence orders_id_seq: {WRITER: [usage]}
                      table orders:
                        READER: [select]
                        WRITER: {privileges: [insert, update], with_grant_option: [select]}
                      type mood: {WRITER: [usage]}
                      view big_orders: {public: [select]}
                    """.replace("READER", reader).replace("WRITER", writer), files.get("public/_grants.yaml"));
            assertEquals("""
                    # strata:pulled — written by 'strata pull'; files without this line are never overwritten
                    schema: public
                    default_privileges:
                      OWNER:
                        tables: {READER: [select]}
                        sequences: {WRITER: {with_grant_option: [usage]}}
                    """.replace("OWNER", owner).replace("READER", reader).replace("WRITER", writer),
                    files.get("public/_default_privileges.yaml"));
            assertEquals(pulled, SchemaFiles.parse(files).catalog());
            copy.execute(CreateDdl.script(SchemaFiles.parse(files).catalog()));
            assertEquals(files, SchemaWriter.files(read(copy)));
            assertTrue(plan(source, files).isEmpty(), "a pulled schema plans nothing against its own database");
            try (var c = source.connect()) {
                assertTrue(CatalogReader.read(c, List.of("public")).catalog().schemas().getFirst().objects().stream()
                        .noneMatch(o -> o.kind().equals("grant")), "grants are read only when asked for");
            }
        } finally {
            dropRoles(major, reader, writer);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void grantsAreAddedInExpandAndRevokedInContractAndUndone(int major) throws SQLException {
        String reader = "strata_gr_alter_reader_" + major;
        String writer = "strata_gr_alter_writer_" + major;
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            roles(db, reader, writer);
            db.execute("CREATE TABLE orders (id integer, total numeric)",
                    "CREATE FUNCTION f() RETURNS integer LANGUAGE sql AS 'SELECT 1'",
                    "GRANT SELECT, DELETE ON orders TO " + reader,
                    "GRANT SELECT ON orders TO " + writer + " WITH GRANT OPTION");
            List<List<String>> before = acl(db, "orders");
            Map<String, String> desired = Map.of("public/orders.yaml", ORDERS + """
                    functions:
                      f():
                        returns: integer
                        language: sql
                        body: SELECT 1
                    grants:
                      table orders:
                        READER: [select, insert]
                        WRITER: [select]
                      function f(): {public: []}
                    """.replace("READER", reader).replace("WRITER", writer));
            Plan plan = plan(db, desired);
            assertEquals(List.of("GRANT INSERT ON TABLE public.orders TO " + reader), sql(plan.steps(Phase.EXPAND)));
            assertEquals(List.of("REVOKE EXECUTE ON FUNCTION public.f() FROM PUBLIC",
                    "REVOKE DELETE ON TABLE public.orders FROM " + reader,
                    "REVOKE GRANT OPTION FOR SELECT ON TABLE public.orders FROM " + writer), sql(plan.steps(Phase.CONTRACT)));
            DdlStep revoke = (DdlStep) plan.steps(Phase.CONTRACT).getLast();
            assertTrue(revoke.summary().contains(reader + " (delete)") && revoke.summary().contains(writer
                    + " (grant option for select)"), revoke.summary());
            StepRunner.runAll(db, plan);
            assertTrue(plan(db, desired).isEmpty(), "re-planned empty");
            undo(db, plan);
            assertEquals(before, acl(db, "orders"));
            // EXECUTE is back for PUBLIC (the ACL now spells out the defaults, which reads as no grant).
            assertEquals(List.of(List.of("{" + db.user() + "=X/" + db.user() + ",=X/" + db.user() + "}")),
                    db.query("SELECT proacl::text FROM pg_proc WHERE proname = 'f'"));
        } finally {
            dropRoles(major, reader, writer);
        }
    }

    /** A table's privileges go along with its rename: only what changed in them is planned (ReversibilityProperties). */
    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aRenamedTableKeepsItsGrantsSoOnlyWhatChangedInThemIsPlanned(int major) throws SQLException {
        String reader = "strata_gr_ren_reader_" + major;
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            roles(db, reader);
            db.execute("CREATE TABLE orders (id integer, total numeric)",
                    "GRANT SELECT ON orders TO " + reader,
                    "GRANT UPDATE (total) ON orders TO " + reader);
            List<List<String>> before = acl(db, "orders");
            Map<String, String> desired = Map.of("public/orders.yaml", """
                    tables:
                      purchases:
                        renamed_from: orders
                        columns:
                          id: integer
                          total: numeric
                    grants:
                      table purchases: {READER: [select, insert]}
                      column purchases.total: {READER: [update]}
                    """.replace("READER", reader));
            Plan plan = plan(db, desired);
            assertEquals(List.of("GRANT INSERT ON TABLE public.purchases TO " + reader),
                    sql(plan.steps()).stream().filter(s -> s.contains("GRANT")).toList());
            StepRunner.runAll(db, plan);
            assertTrue(plan(db, desired).isEmpty(), "re-planned empty");
            undo(db, plan);
            assertEquals(before, acl(db, "orders"));
        } finally {
            dropRoles(major, reader);
        }
    }

    /**
     * A materialized view whose query changed is built beside and swapped in: the new one starts with no grants, so the
     * build grants what the schema declares, and the undo gives the old one back its own.
     */
    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aMaterializedViewBuiltAgainForANewQueryKeepsItsDeclaredGrants(int major) throws SQLException {
        String reader = "strata_gr_mv_reader_" + major;
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            roles(db, reader);
            db.execute("CREATE TABLE orders (id integer, total numeric)",
                    "CREATE MATERIALIZED VIEW order_totals AS SELECT sum(total) AS total FROM orders",
                    "GRANT SELECT ON order_totals TO " + reader);
            List<List<String>> before = acl(db, "order_totals");
            Map<String, String> desired = Map.of("public/orders.yaml", ORDERS + """
                    materialized_views:
                      order_totals: SELECT count(*) AS orders, sum(total) AS total FROM public.orders
                    grants:
                      materialized view order_totals: {READER: [select]}
                    """.replace("READER", reader));
            Plan plan = plan(db, desired);
            assertTrue(sql(plan.steps(Phase.CONTRACT)).contains("GRANT SELECT ON TABLE public.order_totals__strata_new TO "
                    + reader), sql(plan.steps()).toString());
            StepRunner.runAll(db, plan);
            assertEquals(before, acl(db, "order_totals"));
            assertTrue(plan(db, desired).isEmpty(), "re-planned empty");
            undo(db, plan);
            assertEquals(before, acl(db, "order_totals"));
        } finally {
            dropRoles(major, reader);
        }
    }

    /** DROP VIEW takes along the materialized view reading it; created again in the same step, it gets its grants. */
    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aMaterializedViewOverAReplacedViewGetsItsDeclaredGrantsAgain(int major) throws SQLException {
        String reader = "strata_gr_mvr_reader_" + major;
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            roles(db, reader);
            db.execute("CREATE TABLE orders (id integer, total numeric)",
                    "CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100",
                    "CREATE MATERIALIZED VIEW big_count AS SELECT count(*) AS n FROM big_orders",
                    "GRANT SELECT ON big_count TO " + reader);
            List<List<String>> before = acl(db, "big_count");
            Map<String, String> desired = Map.of("public/orders.yaml", ORDERS + """
                    views:
                      big_orders: SELECT id, total FROM public.orders WHERE total > 1000
                    materialized_views:
                      big_count: SELECT count(*) AS n FROM public.big_orders
                    grants:
                      materialized view big_count: {READER: [select]}
                    """.replace("READER", reader));
            Plan plan = plan(db, desired);
            StepRunner.runAll(db, plan);
            assertEquals(before, acl(db, "big_count"));
            assertTrue(plan(db, desired).isEmpty(), "re-planned empty");
        } finally {
            dropRoles(major, reader);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aNewTableGetsItsGrantsAndNotWhatTheNewDefaultPrivilegesWouldGive(int major) throws SQLException {
        String reader = "strata_gr_new_reader_" + major;
        String auditor = "strata_gr_new_auditor_" + major;
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            roles(db, reader, auditor);
            db.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT ON TABLES TO " + auditor);
            String owner = db.user();
            Map<String, String> desired = Map.of("public/orders.yaml", """
                    tables:
                      orders:
                        columns:
                          id: integer
                    grants:
                      table orders: {READER: [select]}
                    default_privileges:
                      OWNER:
                        tables: {READER: [select], AUDITOR: [select]}
                    """.replace("OWNER", owner).replace("READER", reader).replace("AUDITOR", auditor));
            Plan plan = plan(db, desired);
            // The current defaults give auditor SELECT, INSERT on the new table: revoked at once, in EXPAND.
            assertTrue(sql(plan.steps(Phase.EXPAND)).contains("REVOKE INSERT, SELECT ON TABLE public.orders FROM " + auditor),
                    sql(plan.steps(Phase.EXPAND)).toString());
            assertEquals(List.of("ALTER DEFAULT PRIVILEGES FOR ROLE " + owner + " IN SCHEMA public REVOKE INSERT ON TABLES FROM "
                    + auditor), sql(plan.steps(Phase.CONTRACT)));
            StepRunner.runAll(db, plan);
            assertTrue(plan(db, desired).isEmpty(), "re-planned empty");
            undo(db, plan);
            assertEquals(List.of(List.of("0")), db.query("SELECT count(*) FROM pg_class WHERE relname = 'orders'"));
            assertEquals(List.of(List.of(auditor + "=ar/" + owner)), db.query(
                    "SELECT array_to_string(defaclacl, ' ') FROM pg_default_acl"));
        } finally {
            dropRoles(major, reader, auditor);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aRoleTheDatabaseLacksIsRefusedAtPlanTimeInOneLine(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE TABLE orders (id integer)");
            var e = assertThrows(StrataException.class, () -> plan(db, Map.of("public/orders.yaml", """
                    tables:
                      orders:
                        columns:
                          id: integer
                    grants:
                      table orders: {strata_no_such_role: [select]}
                    """)));
            assertEquals("role \"strata_no_such_role\" does not exist on the database (grants on table public.orders):"
                    + " Strata references roles but never creates them; create them first", e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void withoutTheSettingGrantsAreNeitherReadNorPlannedAndWithItUndeclaredOnesAreRevoked(int major,
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String reader = "strata_gr_opt_reader_" + major;
        java.nio.file.Files.createDirectories(dir.resolve("public"));
        java.nio.file.Files.writeString(dir.resolve("public/orders.yaml"), "tables:\n  orders:\n    columns:\n      id: integer\n");
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            roles(db, reader);
            db.execute("CREATE TABLE orders (id integer)", "GRANT SELECT ON orders TO " + reader,
                    "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO " + reader);
            try (var c = db.connect()) {
                Plan off = PlanService.plan(c, SchemaFiles.read(dir), "test");
                assertTrue(off.isEmpty(), () -> "planned: " + off.changes());
                // Reported as they always were: one line each, never touched.
                assertEquals(List.of("default privileges", "privileges"),
                        off.unmanaged().stream().map(dev.strata.model.UnmanagedObject::kind).toList());
                java.nio.file.Files.writeString(dir.resolve("strata.yaml"), "manage:\n  grants: true\n");
                Plan on = PlanService.plan(c, SchemaFiles.read(dir), "test");
                assertEquals(List.of(), on.unmanaged());
                assertEquals(List.of("ALTER DEFAULT PRIVILEGES FOR ROLE " + db.user() + " IN SCHEMA public REVOKE SELECT"
                        + " ON TABLES FROM " + reader, "REVOKE SELECT ON TABLE public.orders FROM " + reader),
                        sql(on.steps(Phase.CONTRACT)));
            }
        } finally {
            dropRoles(major, reader);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void revokingATablePrivilegeGivesBackTheColumnPrivilegeTheSchemaDeclares(int major) throws SQLException {
        String user = "strata_gr_col_user_" + major;
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            roles(db, user);
            db.execute("CREATE TABLE sometable (id integer, somecolumn text)", "GRANT SELECT, UPDATE ON sometable TO " + user);
            Map<String, String> desired = Map.of("public/sometable.yaml", """
                    tables:
                      sometable:
                        columns:
                          id: integer
                          somecolumn: text
                    grants:
                      table sometable: {USER: [select]}
                      column sometable.somecolumn: {USER: [update]}
                    """.replace("USER", user));
            Plan plan = plan(db, desired);
            // REVOKE UPDATE ON the table takes UPDATE (somecolumn) along: it is granted again after it.
            assertEquals(List.of("REVOKE UPDATE ON TABLE public.sometable FROM " + user,
                    "GRANT UPDATE (somecolumn) ON TABLE public.sometable TO " + user), sql(plan.steps(Phase.CONTRACT)));
            StepRunner.runAll(db, plan);
            assertTrue(plan(db, desired).isEmpty(), "re-planned empty");
        } finally {
            dropRoles(major, user);
        }
    }

    @org.junit.jupiter.api.Test
    void grantsAreOffUnlessTheProjectSaysSoAndOneSwitchCoversDefaultPrivileges() {
        assertEquals(dev.strata.model.Grant.OPT_IN_KINDS, dev.strata.yaml.ProjectConfig.Settings.DEFAULT.unmanagedKinds());
        assertEquals(dev.strata.model.Grant.OPT_IN_KINDS,
                dev.strata.yaml.ProjectConfig.settings("strata.yaml", "manage:\n  extensions: true\n").unmanagedKinds());
        assertEquals(Set.of(), dev.strata.yaml.ProjectConfig.settings("strata.yaml", "manage:\n  grants: true\n").unmanagedKinds());
        var e = assertThrows(dev.strata.diagnostics.InvalidInputException.class,
                () -> dev.strata.yaml.ProjectConfig.settings("strata.yaml", "manage:\n  default_privileges: true\n"));
        assertTrue(e.getMessage().startsWith("strata.yaml:2:3: "), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void declaredGrantsWithoutTheSettingAreAnErrorAtTheirKey(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("public"));
        java.nio.file.Files.writeString(dir.resolve("public/orders.yaml"),
                "tables:\n  orders:\n    columns:\n      id: integer\ngrants:\n  table orders: {app: [select]}\n");
        var e = assertThrows(dev.strata.diagnostics.InvalidInputException.class, () -> SchemaFiles.read(dir));
        assertEquals(List.of(dir.resolve("public/orders.yaml") + ":6:3: grants are managed only with"
                + " 'manage: { grants: true }' in strata.yaml"), e.diagnostics().stream().map(Object::toString).toList());
    }

    @org.junit.jupiter.api.Test
    void privilegesAndKeysAreCheckedAndARoutineKeyIsReadAsItsTypes() {
        var e = assertThrows(dev.strata.diagnostics.InvalidInputException.class, () -> SchemaFiles.parse(Map.of("a.yaml", """
                grants:
                  table orders: {app: [select, execute]}
                  sequence s: {app: [all]}
                  index i: {app: [select]}
                  column orders: {app: [select]}
                """)));
        assertEquals(List.of(
                "a.yaml:2:32: 'execute' is not a privilege of table orders; expected insert, select, update, delete,"
                        + " truncate, references, trigger, maintain",
                "a.yaml:3:22: 'all' is not a privilege of sequence s; expected select, update, usage (list them: what"
                        + " ALL means depends on the PostgreSQL version)",
                "a.yaml:4:3: expected '<kind> <name>' (kind one of table, view, materialized view, column, sequence, function, procedure,"
                        + " type, schema), e.g. 'table orders', not 'index i'",
                "a.yaml:5:3: a column grant is keyed 'column <table>.<column>', not 'column orders'"),
                e.diagnostics().stream().map(Object::toString).toList());
        var grant = SchemaFiles.parse(Map.of("a.yaml", "grants:\n  function f(INT4, character varying): {PUBLIC: []}\n"))
                .catalog().schemas().getFirst().objects().getFirst();
        assertEquals("function f(integer, character varying)", grant.key());
        assertEquals(Set.of("public"), ((dev.strata.model.Grant) grant).roles().keySet());
    }

    /** Found by YamlRoundTripProperties: the key's name was stripped, so a table named '  padded ' lost its spaces. */
    @org.junit.jupiter.api.Test
    void aGrantKeyKeepsTheSpacesAroundItsName() {
        var grant = SchemaFiles.parse(Map.of("a.yaml", "grants:\n  'table   padded ': {app: [select]}\n"))
                .catalog().schemas().getFirst().objects().getFirst();
        assertEquals("table   padded ", grant.key());
    }
}
