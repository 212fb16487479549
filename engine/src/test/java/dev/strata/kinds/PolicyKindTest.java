package dev.strata.kinds;

import dev.strata.catalog.CatalogReader;
import dev.strata.ddl.CreateDdl;
import dev.strata.diagnostics.InvalidInputException;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Row-level security policies and a table's ENABLE / FORCE ROW LEVEL SECURITY on real servers: pulled, written,
 * built and pulled back byte-identical; enabled with a first policy, a policy's USING altered, its command changed
 * (drop and create in one step), dropped before the column it reads; each applied, re-planned empty and undone.
 * Roles are cluster-wide: each test creates its own and drops it afterwards.
 */
class PolicyKindTest {

    private static final String TABLE = """
            tables:
              notes:
                columns:
                  id: integer
                  owner_id: integer
                  body: text
            """;

    private static Catalog read(TestDatabase db) throws SQLException {
        try (var c = db.connect()) {
            return CatalogReader.read(c, List.of("public")).catalog();
        }
    }

    /** As {@code strata plan --url}: the declared expressions printed by the server, dependents checked. */
    private static Plan plan(TestDatabase db, String yaml) throws SQLException {
        try (var c = db.connect()) {
            return PlanService.plan(c, SchemaFiles.parse(Map.of("public/notes.yaml", yaml)), "test");
        }
    }

    private static List<String> sql(List<Step> steps) {
        return steps.stream().flatMap(s -> ((DdlStep) s).sql().stream()).toList();
    }

    /** Undoes the plan's steps, last first, as their inverses say. */
    private static void undo(TestDatabase db, Plan plan) {
        List<Step> steps = new ArrayList<>(plan.steps());
        Collections.reverse(steps);
        for (Step step : steps) {
            StepRunner.runDdl(db, ((DdlStep) step).inverseSql().orElseThrow(), true);
        }
    }

    private static List<List<String>> policies(TestDatabase db) {
        return db.query("SELECT polname, polcmd::text, polpermissive::text, coalesce(pg_get_expr(polqual, polrelid), ''),"
                + " coalesce(pg_get_expr(polwithcheck, polrelid), '') FROM pg_policy ORDER BY polname");
    }

    private static List<List<String>> rowSecurity(TestDatabase db) {
        return db.query("SELECT relrowsecurity::text, relforcerowsecurity::text FROM pg_class WHERE relname = 'notes'");
    }

    /** A role of this test's own; dropped by the caller once its databases are gone. */
    private static String role(TestDatabase db, String name) {
        db.execute("DROP ROLE IF EXISTS " + name, "CREATE ROLE " + name);
        return name;
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
    void pulledPoliciesAndForcedRowSecurityAreWrittenBuiltAndPulledBackByteIdentical(int major) throws SQLException {
        String reader = "strata_pol_rt_reader_" + major;
        String writer = "strata_pol_rt_writer_" + major;
        try (TestDatabase source = TestPostgres.newDatabase(major); TestDatabase copy = TestPostgres.newDatabase(major)) {
            role(source, reader);
            role(source, writer);
            source.execute("CREATE FUNCTION current_owner() RETURNS integer LANGUAGE sql STABLE AS 'SELECT 1'",
                    "CREATE TABLE notes (id integer, owner_id integer, body text)",
                    "ALTER TABLE notes ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY",
                    "CREATE POLICY own ON notes USING (owner_id = current_owner()) WITH CHECK (owner_id = current_owner())",
                    "CREATE POLICY readers ON notes FOR SELECT TO " + writer + ", " + reader + " USING (body IS NOT NULL)",
                    "CREATE POLICY adds ON notes FOR INSERT TO " + writer + " WITH CHECK (id > 0 AND body <> '')",
                    "CREATE POLICY edits ON notes AS RESTRICTIVE FOR UPDATE USING (id IN (1, 2)) WITH CHECK (true)",
                    "CREATE POLICY removes ON notes AS RESTRICTIVE FOR DELETE TO " + writer + " USING (owner_id IS NULL)",
                    "COMMENT ON POLICY own ON notes IS 'each owner sees their notes'");
            Catalog pulled = read(source);
            var files = SchemaWriter.files(pulled);
            assertEquals("""
                    # strata:pulled — written by 'strata pull'; files without this line are never overwritten
                    schema: public
                    policies:
                      notes.adds: {command: insert, roles: [WRITER], with_check: '(id > 0) AND (body <> ''''::text)'}
                      notes.edits: {command: update, as: restrictive, using: 'id = ANY (ARRAY[1, 2])', with_check: 'true'}
                      notes.own:
                        using: owner_id = public.current_owner()
                        with_check: owner_id = public.current_owner()
                        comment: each owner sees their notes
                      notes.readers:
                        command: select
                        roles: [READER, WRITER]
                        using: body IS NOT NULL
                      notes.removes: {command: delete, as: restrictive, roles: [WRITER], using: owner_id IS NULL}
                    """.replace("READER", reader).replace("WRITER", writer), files.get("public/_policies.yaml"));
            assertTrue(files.get("public/notes.yaml").contains("row_level_security: forced"), files.get("public/notes.yaml"));
            assertEquals(pulled, SchemaFiles.parse(files).catalog());
            // current_owner() is pulled too (functions are managed): CreateDdl makes it.
            copy.execute(CreateDdl.script(SchemaFiles.parse(files).catalog()));
            assertEquals(files, SchemaWriter.files(read(copy)));
            try (var c = source.connect()) {
                assertTrue(PlanService.plan(c, SchemaFiles.parse(files), "test").isEmpty(), "a pulled schema plans nothing");
            }
        } finally {
            dropRoles(major, reader, writer);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void enablingRowSecurityWithAFirstPolicyCreatesThePolicyFirstAndSaysRowsAreHidden(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE TABLE notes (id integer, owner_id integer, body text)",
                    "INSERT INTO notes VALUES (1, 1, 'a'), (2, 2, 'b')");
            String desired = TABLE + "    row_level_security: enabled\n"
                    + "policies:\n  notes.own:\n    using: owner_id = 1\n";
            Plan plan = plan(db, desired);
            assertEquals(List.of("CREATE POLICY own ON public.notes USING (owner_id = 1)",
                    "ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY"), sql(plan.steps(Phase.EXPAND)));
            DdlStep enable = (DdlStep) plan.steps(Phase.EXPAND).get(1);
            assertTrue(enable.facts().stream().anyMatch(f -> f.contains("none at all")), enable.facts().toString());
            assertTrue(enable.facts().stream().anyMatch(f -> f.contains("ACCESS EXCLUSIVE")), enable.facts().toString());
            StepRunner.runAll(db, plan);
            assertEquals(List.of(List.of("true", "false")), rowSecurity(db));
            assertTrue(plan(db, desired).isEmpty());
            undo(db, plan);
            assertEquals(List.of(List.of("false", "false")), rowSecurity(db));
            assertEquals(List.of(), policies(db));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void enablingRowSecurityWithNoPolicyIsAWarning(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE TABLE notes (id integer, owner_id integer, body text)");
            Plan plan = plan(db, TABLE + "    row_level_security: forced\n");
            assertEquals(List.of("ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY"),
                    sql(plan.steps(Phase.EXPAND)));
            assertTrue(plan.warnings().stream().anyMatch(w -> w.contains("no policy declared")), plan.warnings().toString());
            StepRunner.runAll(db, plan);
            assertEquals(List.of(List.of("true", "true")), rowSecurity(db));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aChangedUsingIsAlterPolicyAndItsUndoPutsTheOldOneBack(int major) throws SQLException {
        String role = "strata_pol_alter_" + major;
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            role(db, role);
            db.execute("CREATE TABLE notes (id integer, owner_id integer, body text)",
                    "CREATE POLICY own ON notes USING (owner_id = 1)");
            String desired = TABLE + "policies:\n  notes.own:\n    roles: [" + role + "]\n"
                    + "    using: owner_id   = 2 and body is not null\n";
            Plan plan = plan(db, desired);
            // The server printed the declared USING (ServerCanonicalizer), so it compares with the pulled one.
            assertEquals(List.of("ALTER POLICY own ON public.notes TO " + role
                    + " USING ((owner_id = 2) AND (body IS NOT NULL))"), sql(plan.steps(Phase.EXPAND)));
            assertTrue(((DdlStep) plan.steps().getFirst()).facts().stream().anyMatch(f -> f.contains("at once")));
            StepRunner.runAll(db, plan);
            assertEquals(List.of(List.of("own", "*", "true", "((owner_id = 2) AND (body IS NOT NULL))", "")), policies(db));
            assertTrue(plan(db, desired).isEmpty(), "the server's print of the declared USING equals the pulled one");
            undo(db, plan);
            assertEquals(List.of(List.of("own", "*", "true", "(owner_id = 1)", "")), policies(db));
        } finally {
            dropRoles(major, role);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aChangedCommandOrKindDropsAndCreatesThePolicyInOneStep(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE TABLE notes (id integer, owner_id integer, body text)",
                    "CREATE POLICY own ON notes USING (owner_id = 1)");
            String desired = TABLE + "policies:\n  notes.own:\n    command: select\n    as: restrictive\n"
                    + "    using: owner_id = 1\n";
            Plan plan = plan(db, desired);
            assertEquals(1, plan.steps().size());
            assertEquals(List.of("DROP POLICY own ON public.notes",
                    "CREATE POLICY own ON public.notes AS RESTRICTIVE FOR SELECT USING (owner_id = 1)"),
                    sql(plan.steps(Phase.EXPAND)));
            assertTrue(((DdlStep) plan.steps().getFirst()).transactional());
            StepRunner.runAll(db, plan);
            assertEquals(List.of(List.of("own", "r", "false", "(owner_id = 1)", "")), policies(db));
            assertTrue(plan(db, desired).isEmpty());
            undo(db, plan);
            assertEquals(List.of(List.of("own", "*", "true", "(owner_id = 1)", "")), policies(db));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aPolicyNoLongerDeclaredIsDroppedInContractBeforeTheColumnItReads(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE TABLE notes (id integer, owner_id integer, body text)",
                    "ALTER TABLE notes ENABLE ROW LEVEL SECURITY",
                    "CREATE POLICY own ON notes FOR UPDATE USING (owner_id = 1) WITH CHECK (owner_id > 0)",
                    "COMMENT ON POLICY own ON notes IS 'mine'");
            String desired = "tables:\n  notes:\n    row_level_security: enabled\n    columns:\n      id: integer\n      body: text\n";
            Plan plan = plan(db, desired);
            assertEquals(List.of("DROP POLICY own ON public.notes", "ALTER TABLE public.notes DROP COLUMN IF EXISTS owner_id"),
                    sql(plan.steps(Phase.CONTRACT)).stream().filter(s -> s.contains("POLICY") || s.contains("DROP COLUMN")).toList());
            StepRunner.runAll(db, plan);
            assertEquals(List.of(), policies(db));
            assertTrue(plan(db, desired).isEmpty());
            DdlStep drop = (DdlStep) plan.steps(Phase.CONTRACT).stream()
                    .filter(s -> ((DdlStep) s).sql().getFirst().startsWith("DROP POLICY")).findFirst().orElseThrow();
            assertEquals(List.of("CREATE POLICY own ON public.notes FOR UPDATE USING (owner_id = 1) WITH CHECK (owner_id > 0)",
                    "COMMENT ON POLICY own ON public.notes IS 'mine'"), drop.inverseSql().orElseThrow());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aPolicyAlteredToStopReadingAColumnLetsThatColumnBeDropped(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE TABLE notes (id integer, owner_id integer, body text)",
                    "CREATE POLICY own ON notes USING (owner_id = 1)");
            String desired = "tables:\n  notes:\n    columns:\n      id: integer\n      body: text\n"
                    + "policies:\n  notes.own:\n    using: id > 0\n";
            Plan plan = plan(db, desired);
            assertEquals(List.of("ALTER POLICY own ON public.notes TO PUBLIC USING (id > 0)"), sql(plan.steps(Phase.EXPAND)));
            assertTrue(sql(plan.steps(Phase.CONTRACT)).contains("ALTER TABLE public.notes DROP COLUMN IF EXISTS owner_id"));
            StepRunner.runAll(db, plan);
            assertTrue(plan(db, desired).isEmpty());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aRenamedTableKeepsItsPoliciesSoOnlyWhatChangedInThemIsPlanned(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE TABLE notes (id integer, owner_id integer, body text)",
                    "CREATE POLICY own ON notes USING (owner_id = 1)",
                    "CREATE POLICY mine ON notes USING (owner_id = 2)");
            String desired = "tables:\n  memos:\n    renamed_from: notes\n    columns:\n      id: integer\n"
                    + "      owner_id: integer\n      body: text\n"
                    + "policies:\n  memos.own:\n    using: owner_id = 1\n  memos.mine:\n    using: owner_id = 3\n";
            Plan plan = plan(db, desired);
            assertEquals(List.of("ALTER POLICY mine ON public.memos TO PUBLIC USING (owner_id = 3)"),
                    sql(plan.steps()).stream().filter(s -> s.contains("POLICY")).toList());
            StepRunner.runAll(db, plan);
            assertEquals(List.of(List.of("mine", "*", "true", "(owner_id = 3)", ""), List.of("own", "*", "true", "(owner_id = 1)", "")),
                    policies(db));
            assertTrue(plan(db, desired).isEmpty());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aRoleThatDoesNotExistFailsTheStepWithTheServersMessage(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE TABLE notes (id integer, owner_id integer, body text)");
            Plan plan = plan(db, TABLE + "policies:\n  notes.own:\n    roles: [strata_pol_nobody]\n    using: 'true'\n");
            var failure = assertThrows(IllegalStateException.class, () -> StepRunner.runAll(db, plan));
            assertTrue(failure.getMessage().contains("role \"strata_pol_nobody\" does not exist"), failure.getMessage());
        }
    }

    @Test
    void aPolicyKeyLongerThanOneNameReadsBackAsWrittenAndEachOfItsNamesIsChecked() {
        String table = "t".repeat(63);
        String policy = "p".repeat(63);
        var read = SchemaFiles.parse(Map.of("p.yaml", "tables:\n  " + table + ":\n    columns:\n      a: integer\n"
                + "policies:\n  " + table + "." + policy + ":\n    using: a > 0\n")).catalog();
        assertEquals(List.of(table + "." + policy), read.schemas().getFirst().objects("policy").stream()
                .map(o -> o.key()).toList());
        var failure = assertThrows(InvalidInputException.class, () -> SchemaFiles.parse(Map.of("q.yaml",
                "policies:\n  " + table + "." + policy + "p:\n    using: 'true'\n")));
        assertTrue(failure.getMessage().startsWith("q.yaml:2:3: "), failure.getMessage());
    }

    @Test
    void policyMistakesAreReportedAtTheirPlaceInTheYaml() {
        var failure = assertThrows(InvalidInputException.class, () -> SchemaFiles.parse(Map.of("p.yaml", """
                policies:
                  own:
                    using: 'true'
                  notes.a:
                    command: select
                    using: 'true'
                    with_check: 'true'
                  notes.b:
                    command: insert
                    using: 'true'
                  notes.c:
                    command: everything
                    as: lenient
                    using: 'true'
                  notes.d:
                    roles: [public, app]
                    using: owner_id = (1
                  notes.e:
                    comment: nothing else
                """)));
        assertEquals(List.of(
                "p.yaml:2:3: expected a policy key '<table>.<policy>', e.g. 'orders.own_rows', not 'own'",
                "p.yaml:7:17: a SELECT policy has no with_check (PostgreSQL checks only new rows: all, insert and update)",
                "p.yaml:10:12: an INSERT policy has no using (PostgreSQL filters only existing rows: all, select, update and delete); use with_check",
                "p.yaml:12:14: unknown policy command 'everything'; expected one of: all, select, insert, update, delete",
                "p.yaml:13:9: unknown policy kind 'lenient'; expected one of: permissive, restrictive",
                "p.yaml:16:12: public is every role: list it alone, or leave roles out",
                "p.yaml:17:23: '(' is never closed (in the USING expression of policy 'notes.d')",
                "p.yaml:19:5: policy 'notes.e' needs using or with_check"),
                failure.diagnostics().stream().map(Object::toString).toList());
    }
}
