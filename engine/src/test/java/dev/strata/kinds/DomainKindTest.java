package dev.strata.kinds;

import dev.strata.catalog.CatalogReader;
import dev.strata.ddl.CreateDdl;
import dev.strata.diagnostics.InvalidInputException;
import dev.strata.expr.Equivalence;
import dev.strata.model.Catalog;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Domains and composite types, kinds managed as a whole: pulled, written, built, created, changed and dropped on real servers. */
class DomainKindTest {

    private static final String SOURCE_DDL = """
            CREATE DOMAIN custom_id AS integer DEFAULT 0 NOT NULL CONSTRAINT positive CHECK (VALUE > 0);
            ALTER DOMAIN custom_id ADD CONSTRAINT small CHECK (VALUE < 1000000) NOT VALID;
            COMMENT ON DOMAIN custom_id IS 'an order id';
            CREATE TYPE amount AS (id custom_id, label text COLLATE "C", ids custom_id[]);
            CREATE TABLE orders (id custom_id PRIMARY KEY, total amount);
            """;

    private static final String DOMAINS = """
            domains:
              custom_id:
                type: integer
                default: '0'
                not_null: true
                checks:
                  positive: (VALUE > 0)
                  small: {expression: (VALUE < 1000000), not_valid: true}
                comment: an order id
            """;

    private static final String TYPES = """
            composite_types:
              amount:
                attributes:
                  id: custom_id
                  label: {type: text, collation: C}
                  ids: custom_id[]
            """;

    private static final String ORDERS = """
            tables:
              orders:
                columns:
                  id: custom_id
                  total: amount
                primary_key: [id]
            """;

    private static Catalog yaml(String... documents) {
        Map<String, String> files = new java.util.TreeMap<>();
        for (int i = 0; i < documents.length; i++) {
            files.put("public/f" + i + ".yaml", documents[i]);
        }
        return SchemaFiles.parse(files).catalog();
    }

    private static Catalog read(TestDatabase db) throws SQLException {
        try (var c = db.connect()) {
            return CatalogReader.read(c, List.of("public")).catalog();
        }
    }

    private static Plan plan(Catalog current, Catalog desired, int major) {
        return Planner.plan(new PlanRequest(current, desired, major, Map.of(), "test", List.of(), Equivalence::same));
    }

    private static List<String> sql(List<Step> steps) {
        return steps.stream().flatMap(s -> ((DdlStep) s).sql().stream()).toList();
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void pulledDomainsAndCompositeTypesAreWrittenBuiltBeforeTheirTablesAndPulledBackByteIdentical(int major) throws SQLException {
        try (TestDatabase source = TestPostgres.newDatabase(major); TestDatabase copy = TestPostgres.newDatabase(major)) {
            source.execute(SOURCE_DDL);
            Catalog pulled = read(source);
            var files = SchemaWriter.files(pulled);
            String marker = "# strata:pulled — written by 'strata pull'; files without this line are never overwritten\nschema: public\n";
            assertEquals(marker + DOMAINS, files.get("public/_domains.yaml"));
            assertEquals(marker + TYPES, files.get("public/_composite_types.yaml"));
            assertTrue(!files.get("public/orders.yaml").contains("external_types"), files.toString());
            assertTrue(!files.containsKey("public/_types.yaml"), files.toString());
            assertEquals(pulled, SchemaFiles.parse(files).catalog());
            copy.execute(CreateDdl.script(SchemaFiles.parse(files).catalog()));
            assertEquals(files, SchemaWriter.files(read(copy)));
            assertTrue(plan(read(copy), SchemaFiles.parse(files).catalog(), major).isEmpty());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void declaredDomainCompositeTypeAndTableAreCreatedInExpandInDependencyOrderAndReplanEmpty(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            Catalog desired = yaml("""
                    domains:
                      custom_id: {type: int, default: '1', not_null: true, checks: {positive: VALUE > 0}}
                    """, TYPES, ORDERS);
            Plan plan = plan(read(db), desired, major);
            List<String> expand = sql(plan.steps(Phase.EXPAND));
            assertEquals("CREATE DOMAIN public.custom_id AS integer DEFAULT (1) NOT NULL CONSTRAINT positive CHECK (VALUE > 0)",
                    expand.get(0));
            assertTrue(expand.get(1).startsWith("CREATE TYPE public.amount AS (id public.custom_id, label text COLLATE \"C\""), expand.get(1));
            assertTrue(expand.get(2).startsWith("CREATE TABLE public.orders"), expand.get(2));
            StepRunner.runAll(db, plan);
            assertTrue(plan(read(db), desired, major).isEmpty(), () -> plan(read0(db), desired, major).toString());
        }
    }

    private static Catalog read0(TestDatabase db) {
        try {
            return read(db);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aNewDomainCheckIsAddedNotValidThenValidatedInContractAndItsUndoDropsIt(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE DOMAIN custom_id AS integer", "CREATE TABLE orders (id custom_id)", "INSERT INTO orders VALUES (5)");
            Catalog desired = yaml("domains:\n  custom_id: {type: integer, checks: {positive: VALUE > 0}}\n",
                    "tables:\n  orders:\n    columns:\n      id: custom_id\n");
            Plan plan = plan(read(db), desired, major);
            assertTrue(plan.steps(Phase.EXPAND).isEmpty());
            List<Step> contract = plan.steps(Phase.CONTRACT);
            assertEquals(List.of("ALTER DOMAIN public.custom_id ADD CONSTRAINT positive CHECK (VALUE > 0) NOT VALID",
                    "ALTER DOMAIN public.custom_id VALIDATE CONSTRAINT positive"), sql(contract));
            StepRunner.runAll(db, plan);
            assertTrue(plan(read(db), desired, major).isEmpty());
            assertThrows(IllegalStateException.class, () -> db.execute("INSERT INTO orders VALUES (-1)"));
            StepRunner.runDdl(db, ((DdlStep) contract.getFirst()).inverseSql().orElseThrow(), true);
            db.execute("INSERT INTO orders VALUES (-1)");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aChangedDomainDefaultIsSetInExpandAndItsUndoRestoresTheOldOne(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE DOMAIN custom_id AS integer DEFAULT 7", "CREATE TABLE orders (id custom_id, n int)");
            Catalog desired = yaml("domains:\n  custom_id: {type: integer, default: '42'}\n",
                    "tables:\n  orders:\n    columns:\n      id: custom_id\n      n: int\n");
            Plan plan = plan(read(db), desired, major);
            DdlStep step = (DdlStep) plan.steps(Phase.EXPAND).getFirst();
            assertEquals(List.of("ALTER DOMAIN public.custom_id SET DEFAULT (42)"), step.sql());
            assertEquals(1, plan.steps().size());
            StepRunner.runAll(db, plan);
            db.execute("INSERT INTO orders (n) VALUES (1)");
            assertEquals(List.of(List.of("42")), db.query("SELECT id FROM orders"));
            assertTrue(plan(read(db), desired, major).isEmpty());
            StepRunner.runDdl(db, step.inverseSql().orElseThrow(), true);
            assertEquals(List.of(List.of("7")), db.query("SELECT pg_get_expr(typdefaultbin, 0) FROM pg_type WHERE typname = 'custom_id'"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void anAttributeIsAddedInExpandAndOneDroppedInContractNamesTheColumnsThatLoseIt(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE TYPE amount AS (value numeric, currency text)", "CREATE TABLE orders (total amount)",
                    "INSERT INTO orders VALUES (ROW(5, 'EUR'))");
            Catalog desired = yaml("composite_types:\n  amount:\n    attributes: {value: numeric, rate: real}\n",
                    "tables:\n  orders:\n    columns:\n      total: amount\n");
            Plan plan = plan(read(db), desired, major);
            assertEquals(List.of("ALTER TYPE public.amount ADD ATTRIBUTE rate real"), sql(plan.steps(Phase.EXPAND)));
            List<Step> contract = plan.steps(Phase.CONTRACT);
            assertEquals(List.of("ALTER TYPE public.amount DROP ATTRIBUTE currency"), sql(contract));
            assertTrue(((DdlStep) contract.getFirst()).dataLoss().orElseThrow().what().contains("public.orders.total"));
            // PostgreSQL keeps the dropped attribute's place, so the added one must come after the kept ones.
            StepRunner.runAll(db, plan);
            assertEquals(List.of(java.util.Arrays.asList("5", null)), db.query("SELECT (total).value, (total).rate FROM orders"));
            assertTrue(plan(read(db), desired, major).isEmpty());
            DdlStep add = (DdlStep) plan.steps(Phase.EXPAND).getFirst();
            StepRunner.runDdl(db, add.inverseSql().orElseThrow(), true);
            assertEquals(List.of(List.of("value")), db.query("SELECT attname FROM pg_attribute WHERE attrelid = 'amount'::regclass AND attnum > 0 AND NOT attisdropped"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void domainsAndCompositeTypesNoLongerDeclaredAreDroppedInContractUsersFirstAndUndoCreatesThemAgain(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(SOURCE_DDL, "DROP TABLE orders", "CREATE TABLE other (n int)");
            Catalog desired = yaml("tables:\n  other:\n    columns:\n      n: int\n");
            Plan plan = plan(read(db), desired, major);
            List<Step> contract = plan.steps(Phase.CONTRACT);
            assertEquals(List.of("DROP TYPE public.amount", "DROP DOMAIN public.custom_id"), sql(contract));
            StepRunner.runAll(db, plan);
            assertEquals(List.of(), db.query("SELECT typname FROM pg_type WHERE typname IN ('amount', 'custom_id')"));
            assertTrue(plan(read(db), desired, major).isEmpty());
            StepRunner.runDdl(db, ((DdlStep) contract.get(1)).inverseSql().orElseThrow(), true);
            StepRunner.runDdl(db, ((DdlStep) contract.get(0)).inverseSql().orElseThrow(), true);
            assertEquals(SchemaWriter.files(yaml(DOMAINS, TYPES)).get("public/_domains.yaml"),
                    SchemaWriter.files(read(db)).get("public/_domains.yaml"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aDomainInUseRefusesItsDropRatherThanCascading(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE DOMAIN custom_id AS integer", "CREATE TABLE orders (id custom_id)");
            var drop = new dev.strata.ddl.DomainStatement.Drop(dev.strata.model.QualifiedName.of("public", "custom_id"));
            var failure = assertThrows(RuntimeException.class, () -> db.execute(drop.sql()));
            assertTrue(failure.getMessage().contains("depend"), failure.getMessage());
        }
    }

    /** What docs/locks.md#domains and #composite-types state, read from pg_locks inside an open transaction. */
    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void eachDomainAndCompositeTypeStatementTakesTheLocksDocumented(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE DOMAIN d AS integer", "CREATE DOMAIN dn AS integer NOT NULL DEFAULT 1 CONSTRAINT positive CHECK (VALUE > 0)",
                    "ALTER DOMAIN dn ADD CONSTRAINT small CHECK (VALUE < 100) NOT VALID", "CREATE DOMAIN unused AS text",
                    "CREATE TABLE t (a d, b dn)", "CREATE TYPE amount AS (x int, y text)", "CREATE TABLE u (v amount)",
                    "CREATE TYPE free AS (a int)", "CREATE DOMAIN nested AS integer", "CREATE TYPE wrap AS (n nested)",
                    "CREATE TABLE w (v wrap)", "ALTER DOMAIN nested ADD CONSTRAINT nv CHECK (VALUE > 0) NOT VALID");
            Map<String, String> statements = new java.util.LinkedHashMap<>();
            statements.put("create domain", "CREATE DOMAIN e AS integer NOT NULL CHECK (VALUE > 0)");
            statements.put("set default", "ALTER DOMAIN d SET DEFAULT 5");
            statements.put("drop default", "ALTER DOMAIN dn DROP DEFAULT");
            statements.put("drop not null", "ALTER DOMAIN dn DROP NOT NULL");
            statements.put("set not null", "ALTER DOMAIN d SET NOT NULL");
            statements.put("add check not valid", "ALTER DOMAIN d ADD CONSTRAINT c CHECK (VALUE <> 3) NOT VALID");
            statements.put("add check", "ALTER DOMAIN d ADD CONSTRAINT c CHECK (VALUE <> 3)");
            statements.put("validate", "ALTER DOMAIN dn VALIDATE CONSTRAINT small");
            statements.put("drop check", "ALTER DOMAIN dn DROP CONSTRAINT positive");
            statements.put("comment", "COMMENT ON TYPE d IS 'x'");
            statements.put("drop domain", "DROP DOMAIN unused");
            statements.put("nested set not null", "ALTER DOMAIN nested SET NOT NULL");
            statements.put("nested add check not valid", "ALTER DOMAIN nested ADD CONSTRAINT c CHECK (VALUE <> 3) NOT VALID");
            statements.put("nested add check", "ALTER DOMAIN nested ADD CONSTRAINT c CHECK (VALUE <> 3)");
            statements.put("nested validate", "ALTER DOMAIN nested VALIDATE CONSTRAINT nv");
            statements.put("create type", "CREATE TYPE g AS (a int)");
            statements.put("add attribute", "ALTER TYPE amount ADD ATTRIBUTE note text");
            statements.put("drop attribute", "ALTER TYPE amount DROP ATTRIBUTE y");
            statements.put("alter attribute", "ALTER TYPE free ALTER ATTRIBUTE a TYPE bigint");
            statements.put("alter used attribute", "ALTER TYPE amount ALTER ATTRIBUTE x TYPE bigint");
            statements.put("drop type", "DROP TYPE free");
            List<String> seen = new ArrayList<>();
            try (Connection c = db.connect()) {
                c.setAutoCommit(false);
                for (var e : statements.entrySet()) {
                    try (var st = c.createStatement()) {
                        st.execute(e.getValue());
                        var rs = st.executeQuery("""
                                SELECT string_agg(CASE WHEN l.locktype = 'relation' THEN 'table ' || l.relation::regclass::text
                                                       ELSE pg_describe_object(l.classid, l.objid, l.objsubid) END || ' ' || l.mode, ', '
                                                  ORDER BY l.locktype, l.mode)
                                FROM pg_locks l
                                WHERE l.pid = pg_backend_pid() AND l.locktype IN ('relation', 'object')
                                  AND coalesce(l.relation, 0) NOT IN (SELECT oid FROM pg_class WHERE relnamespace = 'pg_catalog'::regnamespace)
                                """);
                        rs.next();
                        seen.add(e.getKey() + ": " + rs.getString(1));
                    } catch (SQLException ex) {
                        seen.add(e.getKey() + ": fails " + ex.getMessage());
                    }
                    c.rollback();
                }
            }
            String uses = "fails ERROR: cannot alter type \"nested\" because column \"w.v\" uses it";
            assertEquals(List.of(
                    "create domain: null",
                    "set default: null",
                    "drop default: null",
                    "drop not null: null",
                    "set not null: table t ShareLock",
                    "add check not valid: null",
                    "add check: table t ShareLock",
                    "validate: table t ShareLock",
                    "drop check: null",
                    "comment: type d ShareUpdateExclusiveLock",
                    "drop domain: null",
                    "nested set not null: " + uses,
                    "nested add check not valid: null",
                    "nested add check: " + uses,
                    "nested validate: " + uses,
                    "create type: schema public AccessShareLock, table g AccessExclusiveLock",
                    "add attribute: table amount AccessExclusiveLock",
                    "drop attribute: table amount AccessExclusiveLock",
                    "alter attribute: table free AccessExclusiveLock",
                    "alter used attribute: fails ERROR: cannot alter type \"amount\" because column \"u.v\" uses it",
                    "drop type: table # AccessExclusiveLock"), seen.stream().map(l -> l.replaceAll("\\d+", "#")).toList());
        }
    }

    @Test
    void yamlErrorsInDomainsAndCompositeTypesAreLocated() {
        var failure = assertThrows(InvalidInputException.class, () -> SchemaFiles.parse(Map.of("t.yaml", """
                domains:
                  a: {type: integer, checks: {ok: (VALUE > 0}}
                  b: {type: integer, checks: {other: length(x) > 0}}
                  c: {default: '1'}
                  d: {type: 'varchar(', nullable: true}
                composite_types:
                  e: {attributes: {x: {type: int, colation: C}}}
                  f: {comment: none}
                """)));
        assertEquals(List.of(
                "t.yaml:2:35: '(' is never closed (in the check ok of domain 'a')",
                "t.yaml:3:45: unknown column 'x' (in the check other of domain 'b')",
                "t.yaml:4:6: domain 'c' needs a type",
                "t.yaml:5:13: unclosed '(' in type 'varchar('",
                "t.yaml:5:25: unknown key 'nullable' in domain 'd'",
                "t.yaml:7:35: unknown key 'colation' in attribute 'x' of composite type 'e'; did you mean 'collation'?",
                "t.yaml:8:6: composite type 'f' needs attributes"),
                failure.diagnostics().stream().map(Object::toString).toList());
    }

    @Test
    void aBaseTypeChangeOfADomainInUseIsRefusedAndOfAnUnusedOneIsADropAndCreate() {
        Catalog current = yaml("domains:\n  custom_id: integer\n", "tables:\n  orders:\n    columns:\n      id: custom_id\n");
        Catalog desired = yaml("domains:\n  custom_id: bigint\n", "tables:\n  orders:\n    columns:\n      id: custom_id\n");
        var refused = assertThrows(RuntimeException.class, () -> plan(current, desired, 18));
        assertTrue(refused.getMessage().contains("column public.orders.id"), refused.getMessage());
        Plan unused = plan(yaml("domains:\n  custom_id: integer\n"), yaml("domains:\n  custom_id: bigint\n"), 18);
        assertEquals(List.of("DROP DOMAIN public.custom_id", "CREATE DOMAIN public.custom_id AS bigint"),
                sql(unused.steps(Phase.EXPAND)));
    }

    @Test
    void anAttributeTypeChangeOfACompositeTypeInUseIsRefused() {
        String table = "tables:\n  orders:\n    columns:\n      total: amount\n";
        var refused = assertThrows(RuntimeException.class, () -> plan(
                yaml("composite_types:\n  amount: {attributes: {value: int}}\n", table),
                yaml("composite_types:\n  amount: {attributes: {value: bigint}}\n", table), 18));
        assertTrue(refused.getMessage().contains("public.orders.total"), refused.getMessage());
    }

    @Test
    void aCheckOfADomainHeldInsideACompositeColumnIsRefusedUnlessDeclaredNotValid() {
        String rest = "composite_types:\n  wrap: {attributes: {n: nested}}\ntables:\n  w:\n    columns:\n      v: wrap\n";
        Catalog current = yaml("domains:\n  nested: integer\n" + rest);
        var refused = assertThrows(RuntimeException.class, () -> plan(current,
                yaml("domains:\n  nested: {type: integer, checks: {positive: VALUE > 0}}\n" + rest), 18));
        assertTrue(refused.getMessage().contains("not_valid: true") && refused.getMessage().contains("public.w.v"),
                refused.getMessage());
        Plan notValid = plan(current, yaml("domains:\n  nested: {type: integer, checks: {positive: {expression: VALUE > 0, not_valid: true}}}\n" + rest), 18);
        assertEquals(List.of("ALTER DOMAIN public.nested ADD CONSTRAINT positive CHECK (VALUE > 0) NOT VALID"),
                sql(notValid.steps(Phase.CONTRACT)));
    }

    @Test
    void aTableOfADomainNeedsTheTypeSoTheStepCreatingTheDomainGoesFirst() {
        Catalog desired = yaml("domains:\n  custom_id: integer\n", "tables:\n  orders:\n    columns:\n      id: custom_id[]\n");
        var name = dev.strata.model.QualifiedName.of("public", "orders");
        var effects = new dev.strata.plan.Dependencies(Catalog.empty(), desired).of(List.of(
                new dev.strata.ddl.TableStatement.Create(name, desired.table(name).orElseThrow(), false)));
        assertTrue(effects.needs().contains(new dev.strata.plan.ObjectRef.Type(dev.strata.model.QualifiedName.of("public", "custom_id"))),
                effects.needs().toString());
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aDomainAnExtensionOwnsStaysOutOfTheModelAndOfTheUnmanagedList(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE EXTENSION cube", "CREATE EXTENSION earthdistance", "CREATE DOMAIN mine AS integer");
            try (var c = db.connect()) {
                var pulled = CatalogReader.read(c, List.of("public"));
                assertEquals(List.of("domain mine"), pulled.catalog().schema("public").orElseThrow().objects().stream()
                        .filter(o -> !o.kind().equals("extension")).map(o -> o.kind() + " " + o.key()).toList());
                assertTrue(pulled.unmanaged().stream().noneMatch(u -> u.kind().equals("domain")), pulled.unmanaged().toString());
            }
        }
    }

    @Test
    void aDomainDefaultOrCheckThatIsNotOneExpressionNeverReachesTheServer() {
        var failure = assertThrows(InvalidInputException.class, () -> SchemaFiles.parse(Map.of("t.yaml", """
                domains:
                  a: {type: integer, default: "0); DROP TABLE orders; SELECT (1"}
                  b: {type: integer, checks: {c: "VALUE > 0) NOT VALID; DROP TABLE orders; --"}}
                """))).diagnostics();
        assertEquals(2, failure.size(), failure.toString());
        assertTrue(failure.stream().allMatch(d -> d.file().equals("t.yaml")), failure.toString());
    }

    @Test
    void theCreateScriptBuildsAnEnumBeforeADomainOverItAndACompositeTypeAfterTheOneItUses() {
        Catalog catalog = yaml("""
                enums:
                  status: [new, done]
                domains:
                  state: status
                composite_types:
                  a_outer: {attributes: {inner: z_inner}}
                  z_inner: {attributes: {s: state}}
                """);
        assertEquals(List.of("CREATE TYPE public.status AS ENUM ('new', 'done')",
                "CREATE DOMAIN public.state AS public.status",
                "CREATE TYPE public.z_inner AS (s public.state)",
                "CREATE TYPE public.a_outer AS (\"inner\" public.z_inner)"), CreateDdl.statements(catalog));
    }
}
