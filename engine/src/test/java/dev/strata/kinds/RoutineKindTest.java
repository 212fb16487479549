package dev.strata.kinds;

import dev.strata.catalog.CatalogReader;
import dev.strata.connect.ConnectionSettings;
import dev.strata.ddl.CreateDdl;
import dev.strata.diagnostics.Diagnostic;
import dev.strata.diagnostics.InvalidInputException;
import dev.strata.diff.ExpressionEquality;
import dev.strata.model.Catalog;
import dev.strata.plan.DdlStep;
import dev.strata.plan.Phase;
import dev.strata.plan.Plan;
import dev.strata.plan.PlanRequest;
import dev.strata.plan.Planner;
import dev.strata.plan.PlanningException;
import dev.strata.plan.Step;
import dev.strata.scratch.ScratchDatabase;
import dev.strata.scratch.ServerCheck;
import dev.strata.testing.StepRunner;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.SchemaFiles;
import dev.strata.yaml.SchemaWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Functions and procedures, managed as a whole: pulled, written, built, created, replaced and dropped on real servers. */
class RoutineKindTest {

    private static Catalog yaml(String content) {
        return SchemaFiles.parse(Map.of("public/s.yaml", content)).catalog();
    }

    private static Catalog read(TestDatabase db) throws SQLException {
        try (var c = db.connect()) {
            return CatalogReader.read(c, List.of("public")).catalog();
        }
    }

    private static Plan plan(Catalog current, Catalog desired, int major) {
        return Planner.plan(new PlanRequest(current, desired, major, Map.of(), "test", List.of(), ExpressionEquality.TEXTUAL));
    }

    private static List<String> sql(Plan plan, Phase phase) {
        return plan.steps(phase).stream().flatMap(s -> ((DdlStep) s).sql().stream()).toList();
    }

    private static String value(TestDatabase db, String query) {
        return db.query(query).getFirst().getFirst();
    }

    private static final String[] ROUTINES = {
            "CREATE TABLE items (id integer PRIMARY KEY, name text, active boolean NOT NULL DEFAULT true,"
                    + " updated timestamptz)",
            """
            CREATE FUNCTION add_tax(amount numeric, rate numeric DEFAULT 0.2, label text DEFAULT 'net')
            RETURNS numeric LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
            BEGIN
              RETURN amount * (1 + rate);
            END
            $$""",
            "CREATE FUNCTION split_name(full_name text, OUT first text, OUT last text) LANGUAGE sql IMMUTABLE"
                    + " AS $$ SELECT split_part(full_name, ' ', 1), split_part(full_name, ' ', 2) $$",
            "CREATE FUNCTION active_ids() RETURNS SETOF integer LANGUAGE sql STABLE ROWS 50"
                    + " AS $$ SELECT id FROM public.items WHERE active $$",
            "CREATE FUNCTION item_names(min_id integer DEFAULT 1) RETURNS TABLE(id integer, \"Name\" text)"
                    + " LANGUAGE sql AS $$ SELECT i.id, i.name FROM public.items i WHERE i.id >= min_id $$",
            "CREATE FUNCTION whoami() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER COST 5"
                    + " SET search_path = public, pg_temp SET work_mem = '8MB' AS 'SELECT current_user::text'",
            "CREATE FUNCTION total(VARIADIC parts integer[]) RETURNS integer LANGUAGE sql"
                    + " AS 'SELECT sum(p)::integer FROM unnest(parts) p'",
            "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.updated := now(); RETURN NEW; END$$",
            "COMMENT ON FUNCTION touch() IS 'sets updated'",
            """
            CREATE PROCEDURE archive_items(before_id integer, INOUT moved integer DEFAULT 0) LANGUAGE plpgsql AS $$
            BEGIN
              DELETE FROM public.items WHERE id < before_id;
              GET DIAGNOSTICS moved = ROW_COUNT;
            END
            $$""",
            "CREATE AGGREGATE longest(text) (SFUNC = textcat, STYPE = text)"
    };

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void pulledFunctionsAndProceduresAreWrittenBuiltAndPulledBackByteIdentical(int major) throws SQLException {
        try (TestDatabase source = TestPostgres.newDatabase(major); TestDatabase copy = TestPostgres.newDatabase(major)) {
            source.execute(ROUTINES);
            Catalog pulled = read(source);
            var files = SchemaWriter.files(pulled);
            assertTrue(files.get("public/_functions.yaml").contains("""
                      whoami():
                        returns: text
                        language: sql
                        volatility: stable
                        security_definer: true
                        cost: 5
                        settings: {search_path: 'public, pg_temp', work_mem: 8MB}
                        body: SELECT current_user::text
                    """), files.get("public/_functions.yaml"));
            assertTrue(files.get("public/_procedures.yaml").contains("""
                      archive_items(integer, integer):
                        arguments:
                          - {name: before_id, type: integer}
                          - {mode: inout, name: moved, type: integer, default: '0'}
                        language: plpgsql
                    """), files.get("public/_procedures.yaml"));
            try (var c = source.connect()) {
                assertEquals(List.of(), CatalogReader.read(c, List.of("public")).unmanaged()
                        .stream().map(u -> u.kind() + " " + u.identity()).toList());
            }
            assertEquals(pulled, SchemaFiles.parse(files).catalog());
            copy.execute(CreateDdl.script(SchemaFiles.parse(files).catalog()));
            assertEquals(files, SchemaWriter.files(read(copy)));
            assertTrue(plan(read(source), SchemaFiles.parse(files).catalog(), major).isEmpty());
        }
    }

    /**
     * SQL-standard bodies (PostgreSQL 14+): parsed at creation, so each must follow what it reads. The names run against
     * the order a name sort would give: a_total reads the table z_orders, a_label's default calls z_base.
     */
    private static final String[] STANDARD_BODIES = {
            "CREATE TABLE z_orders (id integer PRIMARY KEY, amount numeric NOT NULL)",
            "CREATE FUNCTION z_base() RETURNS integer LANGUAGE sql RETURN 42",
            "CREATE FUNCTION a_label(val integer DEFAULT z_base()) RETURNS text LANGUAGE sql IMMUTABLE"
                    + " RETURN 'Processed: ' || val::text",
            """
            CREATE FUNCTION a_total(tax_rate numeric DEFAULT 0.1) RETURNS numeric LANGUAGE SQL STABLE
            BEGIN ATOMIC
                SELECT sum(amount + amount * tax_rate) FROM z_orders;
            END""",
            """
            CREATE PROCEDURE a_clear(below integer) LANGUAGE SQL
            BEGIN ATOMIC
                DELETE FROM z_orders WHERE id < below;
            END"""
    };

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void sqlStandardBodiesArePulledAsPrintedAndBuiltAfterWhatTheyReadIntoAnEmptyDatabase(int major) throws SQLException {
        try (TestDatabase source = TestPostgres.newDatabase(major); TestDatabase copy = TestPostgres.newDatabase(major)) {
            source.execute(STANDARD_BODIES);
            Catalog pulled = read(source);
            var files = SchemaWriter.files(pulled);
            assertTrue(files.get("public/_functions.yaml").contains("""
                      z_base():
                        returns: integer
                        language: sql
                        sql_body: RETURN 42
                    """), files.get("public/_functions.yaml"));
            assertTrue(files.get("public/_procedures.yaml").contains("sql_body: |-\n      BEGIN ATOMIC\n"),
                    files.get("public/_procedures.yaml"));
            try (var c = source.connect()) {
                assertEquals(List.of(), CatalogReader.read(c, List.of("public")).unmanaged());
            }
            assertEquals(pulled, SchemaFiles.parse(files).catalog());
            // One statement at a time, as the executor runs them: the driver cannot split a script at a body's semicolons.
            copy.execute(CreateDdl.statements(SchemaFiles.parse(files).catalog()).toArray(String[]::new));
            assertEquals(files, SchemaWriter.files(read(copy)));
            copy.execute("INSERT INTO z_orders VALUES (1, 10)");
            assertEquals("11.0", value(copy, "SELECT a_total()"));
            assertEquals("Processed: 42", value(copy, "SELECT a_label()"));
            assertTrue(plan(read(source), SchemaFiles.parse(files).catalog(), major).isEmpty());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aPlanCreatesSqlStandardBodiesAfterTheTablesAndFunctionsTheyNameAndReplansEmpty(int major) throws SQLException {
        try (TestDatabase source = TestPostgres.newDatabase(major); TestDatabase db = TestPostgres.newDatabase(major)) {
            source.execute(STANDARD_BODIES);
            Catalog desired = read(source);
            Plan plan = plan(read(db), desired, major);
            List<String> expand = sql(plan, Phase.EXPAND);
            java.util.function.Function<String, Integer> at = prefix -> expand.indexOf(expand.stream()
                    .filter(s -> s.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError(prefix + " in " + expand)));
            assertTrue(at.apply("CREATE TABLE public.z_orders") < at.apply("CREATE FUNCTION public.a_total("), expand.toString());
            assertTrue(at.apply("CREATE TABLE public.z_orders") < at.apply("CREATE PROCEDURE public.a_clear("), expand.toString());
            assertTrue(at.apply("CREATE FUNCTION public.z_base(") < at.apply("CREATE FUNCTION public.a_label("), expand.toString());
            StepRunner.runAll(db, plan);
            assertTrue(plan(read(db), desired, major).isEmpty());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aDeclaredSqlStandardBodyIsComparedAsTheServerPrintsItSoAnUnchangedOnePlansNothing(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(STANDARD_BODIES);
            Catalog declared = yaml("""
                    tables:
                      z_orders:
                        columns:
                          id: integer
                          amount: {type: numeric, nullable: false}
                        primary_key: [id]
                    functions:
                      z_base():
                        returns: integer
                        language: sql
                        sql_body: return 42
                      a_label(integer):
                        arguments: [{name: val, type: integer, default: public.z_base()}]
                        returns: text
                        language: sql
                        volatility: immutable
                        sql_body: "RETURN 'Processed: ' || val::text"
                      a_total(numeric):
                        arguments: [{name: tax_rate, type: numeric, default: '0.1'}]
                        returns: numeric
                        language: sql
                        volatility: stable
                        sql_body: BEGIN ATOMIC SELECT sum(amount + amount * tax_rate) FROM z_orders; END
                    procedures:
                      a_clear(integer):
                        arguments: [{name: below, type: integer}]
                        language: sql
                        sql_body: |
                          begin atomic
                            delete from z_orders where id < below;
                          end
                    """);
            assertFalse(plan(read(db), declared, major).isEmpty(), "as written, the bodies differ from the printed ones");
            Catalog printed;
            try (var c = db.connect()) {
                printed = dev.strata.catalog.ServerCanonicalizer.canonical(c, declared);
            }
            Plan plan = plan(read(db), printed, major);
            assertTrue(plan.isEmpty(), plan.changes().toString());
            assertEquals(List.of("a_clear", "a_label", "a_total", "z_base", "z_orders"),
                    db.query("SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'"
                            + " UNION ALL SELECT proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace ORDER BY 1")
                            .stream().map(List::getFirst).toList(), "nothing temporary is left behind");
        }
    }

    @Test
    void aSqlBodyMustBeOneStandardBodyInLanguageSql() {
        var failure = assertThrows(InvalidInputException.class, () -> SchemaFiles.parse(Map.of("public/f.yaml", """
                functions:
                  a():
                    returns: integer
                    language: sql
                    sql_body: RETURN 1; DROP TABLE t
                  b():
                    returns: integer
                    language: sql
                    sql_body: BEGIN ATOMIC SELECT 1; END; COMMIT
                  c():
                    returns: integer
                    language: plpgsql
                    sql_body: RETURN 1
                  d():
                    returns: integer
                    language: sql
                    body: SELECT 1
                    sql_body: RETURN 1
                """)));
        assertEquals(List.of(
                "public/f.yaml:5:15: expected one SQL-standard body: RETURN expression, or BEGIN ATOMIC statements; END, and nothing after it",
                "public/f.yaml:9:15: expected one SQL-standard body: RETURN expression, or BEGIN ATOMIC statements; END, and nothing after it",
                "public/f.yaml:12:15: function 'c()': a SQL-standard body (sql_body:) needs language: sql",
                "public/f.yaml:17:11: function 'd()' has body: (a string body) and sql_body: (a SQL-standard body); keep one"),
                failure.diagnostics().stream().map(Object::toString).toList());
    }

    private static final String CALLED_BY_A_TABLE = """
            enums:
              mood: [happy, sad]
            functions:
              item_label():
                returns: text
                language: sql
                volatility: stable
                body: SELECT 'item-' || count(*)::text FROM public.items
              positive(numeric):
                arguments:
                  - {name: n, type: numeric}
                returns: boolean
                language: plpgsql
                volatility: immutable
                body: BEGIN RETURN n > 0; END
              cheerful(public.mood):
                arguments: [{name: m, type: public.mood}]
                returns: boolean
                language: sql
                body: SELECT m = 'happy'
            tables:
              items:
                columns:
                  id: integer
                  label: {type: text, default: public.item_label()}
                  price: numeric
                checks:
                  - {name: items_price_check, expression: public.positive(price)}
            """;

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aTableWhoseDefaultAndCheckCallDeclaredFunctionsBuildsFromCreateDdlIntoAnEmptyDatabase(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            Catalog declared = yaml(CALLED_BY_A_TABLE);
            db.execute(CreateDdl.script(declared));
            db.execute("INSERT INTO items (id, price) VALUES (1, 2)");
            assertEquals("item-0", value(db, "SELECT label FROM items"));
            assertEquals("on", value(db, "SHOW check_function_bodies"));
            assertThrows(RuntimeException.class, () -> db.execute("INSERT INTO items (id, price) VALUES (2, -1)"));
            assertEquals(SchemaWriter.files(read(db)), SchemaWriter.files(SchemaFiles.parse(SchemaWriter.files(read(db))).catalog()));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void theScratchCheckBuildsFunctionsAndLocatesABodyThePlpgsqlParserRefuses(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major);
                ScratchDatabase scratch = new ScratchDatabase(ConnectionSettings.resolve(Optional.of(db.postgresUrl()),
                        Map.of(), db.user()), db.major(), "test", () -> { })) {
            assertEquals(List.of(), ServerCheck.check(scratch, SchemaFiles.parse(Map.of("s.yaml", CALLED_BY_A_TABLE)), "dir"));
            var broken = SchemaFiles.parse(Map.of("s.yaml", """
                    functions:
                      broken():
                        returns: integer
                        language: plpgsql
                        body: BEGIN RETURN 1 END
                    """));
            List<String> lines = ServerCheck.check(scratch, broken, "dir").stream().map(Diagnostic::toString).toList();
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.getFirst().startsWith("s.yaml:2:3: "), lines.toString());
            assertTrue(lines.getFirst().contains("syntax error"), lines.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aNewFunctionIsCreatedInExpandBeforeTheTableWhoseDefaultCallsItAndReplansEmpty(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            Catalog desired = yaml(CALLED_BY_A_TABLE);
            Plan plan = plan(read(db), desired, major);
            List<String> expand = sql(plan, Phase.EXPAND);
            int function = expand.indexOf(expand.stream().filter(s -> s.startsWith("CREATE FUNCTION public.item_label()")).findFirst().orElseThrow());
            int table = expand.indexOf(expand.stream().filter(s -> s.startsWith("CREATE TABLE")).findFirst().orElseThrow());
            assertTrue(function < table, expand.toString());
            assertEquals("SET check_function_bodies = off", expand.get(function - 1));
            assertEquals("RESET check_function_bodies", expand.get(function + 1));
            StepRunner.runAll(db, plan);
            assertTrue(plan(read(db), desired, major).isEmpty());
        }
    }

    private static final String ANSWER = """
            functions:
              answer():
                returns: integer
                language: sql
                body: SELECT %s
            """;

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aChangedBodyIsReplacedInExpandSayingTheOldApplicationRunsItAndItsUndoRestoresTheOldBody(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE FUNCTION answer() RETURNS integer LANGUAGE sql AS $$SELECT 41$$",
                    "COMMENT ON FUNCTION answer() IS 'kept'");
            Catalog desired = yaml(ANSWER.formatted("42") + "    comment: kept\n");
            Plan plan = plan(read(db), desired, major);
            assertTrue(plan.steps(Phase.CONTRACT).isEmpty());
            DdlStep replace = (DdlStep) plan.steps(Phase.EXPAND).getFirst();
            assertEquals(List.of("SET check_function_bodies = off",
                    "CREATE OR REPLACE FUNCTION public.answer() RETURNS integer LANGUAGE sql AS $strata$SELECT 42$strata$",
                    "RESET check_function_bodies"), replace.sql());
            assertTrue(replace.facts().stream().anyMatch(f -> f.contains("the old application's next call")),
                    replace.facts().toString());
            StepRunner.runAll(db, plan);
            assertEquals("42", value(db, "SELECT answer()"));
            assertTrue(plan(read(db), desired, major).isEmpty());
            StepRunner.runDdl(db, replace.inverseSql().orElseThrow(), true);
            assertEquals("41", value(db, "SELECT answer()"));
            assertEquals("kept", value(db, "SELECT obj_description('answer'::regproc, 'pg_proc')"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aChangedResultTypeIsADropAndCreateInOneStepAndIsRefusedWhileATableDefaultCallsIt(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE FUNCTION answer() RETURNS integer LANGUAGE sql AS $$SELECT 41$$");
            Catalog desired = yaml(ANSWER.formatted("42::bigint").replace("returns: integer", "returns: bigint"));
            Plan plan = plan(read(db), desired, major);
            DdlStep rebuild = (DdlStep) plan.steps(Phase.EXPAND).getFirst();
            assertEquals(1, plan.steps(Phase.EXPAND).size());
            assertEquals("DROP FUNCTION public.answer()", rebuild.sql().getFirst());
            StepRunner.runAll(db, plan);
            assertEquals("bigint", value(db, "SELECT pg_typeof(answer())::text"));
            assertTrue(plan(read(db), desired, major).isEmpty());

            db.execute("CREATE TABLE t (x bigint DEFAULT public.answer())");
            Catalog back = yaml(ANSWER.formatted("41") + """
                    tables:
                      t:
                        columns:
                          x: {type: bigint, default: public.answer()}
                    """);
            var refused = assertThrows(PlanningException.class, () -> plan(read(db), back, major));
            assertTrue(refused.getMessage().contains("the default of column public.t.x calls it"), refused.getMessage());
            assertTrue(refused.getMessage().contains("DROP FUNCTION would fail"), refused.getMessage());
        }
    }

    /** PostgreSQL records what a SQL-standard body and a policy call, so DROP FUNCTION fails while they do. */
    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aChangedResultTypeIsRefusedWhileASqlStandardBodyOrAPolicyCallsIt(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE FUNCTION answer() RETURNS integer LANGUAGE sql AS $$SELECT 41$$",
                    "CREATE FUNCTION caller() RETURNS integer LANGUAGE sql RETURN public.answer() + 1",
                    "CREATE TABLE t (x integer)",
                    "CREATE POLICY small ON t USING (x < public.answer())");
            Catalog desired = yaml(ANSWER.formatted("42::bigint").replace("returns: integer", "returns: bigint") + """
                      caller():
                        returns: integer
                        language: sql
                        sql_body: RETURN public.answer() + 1
                    tables:
                      t:
                        columns:
                          x: integer
                    policies:
                      t.small: {using: x < public.answer()}
                    """);
            var refused = assertThrows(PlanningException.class, () -> plan(read(db), desired, major));
            assertTrue(refused.getMessage().contains("DROP FUNCTION would fail: function public.caller(), policy small on"
                    + " public.t calls it"), refused.getMessage());
            assertThrows(IllegalStateException.class, () -> db.execute("DROP FUNCTION answer()"),
                    "PostgreSQL refuses the drop the plan would run");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void routinesNoLongerDeclaredAreDroppedInContractAndTheirUndoCreatesThemAgain(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE TABLE kept (id integer)",
                    "CREATE FUNCTION twice(n integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT n * 2'",
                    "COMMENT ON FUNCTION twice(integer) IS 'doubles'",
                    "CREATE PROCEDURE noop(OUT done integer) LANGUAGE plpgsql AS $$BEGIN done := 1; END$$");
            Catalog before = read(db);
            Catalog desired = yaml("tables:\n  kept:\n    columns:\n      id: integer\n");
            Plan plan = plan(before, desired, major);
            assertTrue(plan.steps(Phase.EXPAND).isEmpty());
            List<Step> contract = plan.steps(Phase.CONTRACT);
            assertEquals(List.of("DROP FUNCTION public.twice(integer)", "DROP PROCEDURE public.noop(integer)"), sql(plan, Phase.CONTRACT));
            StepRunner.runAll(db, plan);
            assertTrue(plan(read(db), desired, major).isEmpty());
            for (Step step : contract) {
                StepRunner.runDdl(db, ((DdlStep) step).inverseSql().orElseThrow(), true);
            }
            assertEquals(before, read(db));
        }
    }

    /** The facts docs/locks.md#functions-and-procedures states, read from pg_locks inside the open transaction. */
    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void createAndReplaceLockNothingCommentAndDropLockOnlyTheFunctionItself(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major); var c = db.connect(); var st = c.createStatement()) {
            db.execute("CREATE FUNCTION answer() RETURNS integer LANGUAGE sql AS $$SELECT 41$$",
                    "CREATE FUNCTION unused() RETURNS integer LANGUAGE sql AS $$SELECT 0$$",
                    "CREATE TABLE t (x integer DEFAULT public.answer())");
            c.setAutoCommit(false);
            String locks = "SELECT coalesce(string_agg(l, '; ' ORDER BY l), 'none') FROM (SELECT locktype || ' '"
                    + " || coalesce(relation::regclass::text, classid::regclass::text) || ' ' || mode AS l FROM pg_locks"
                    + " WHERE pid = pg_backend_pid() AND locktype NOT IN ('virtualxid', 'transactionid')"
                    + " AND coalesce(relation, 0) <> 'pg_locks'::regclass) held";
            java.util.function.Function<String, String> held = statement -> {
                try {
                    st.execute(statement);
                    var rs = st.executeQuery(locks);
                    rs.next();
                    String result = rs.getString(1);
                    c.rollback();
                    return result;
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            };
            assertEquals("none", held.apply("CREATE FUNCTION other() RETURNS integer LANGUAGE sql AS $$SELECT 42$$"));
            assertEquals("none", held.apply("CREATE OR REPLACE FUNCTION answer() RETURNS integer LANGUAGE sql AS $$SELECT 42$$"));
            assertEquals("object pg_proc ShareUpdateExclusiveLock; relation pg_description RowExclusiveLock",
                    held.apply("COMMENT ON FUNCTION answer() IS 'x'"));
            assertEquals("object pg_proc AccessExclusiveLock", held.apply("DROP FUNCTION unused()"));
        }
    }

    @Test
    void yamlErrorsAreLocated() {
        var failure = assertThrows(InvalidInputException.class, () -> SchemaFiles.parse(Map.of("public/f.yaml", """
                functions:
                  add(int, int):
                    arguments: [{name: a, type: int}, {name: b, type: int}]
                    returns: int
                    language: sql
                    body: SELECT a + b
                  evil(integer):
                    arguments:
                      - {name: a, type: integer, default: "0) RETURNS int AS 'x'; DROP TABLE t"}
                    returns: integer
                    language: sql
                    body: SELECT a
                  moody(mood):
                    arguments: [{name: m, type: mood}]
                    returns: boolean
                    language: sql
                    volatile: stable
                  bare:
                    language: plpgsql
                    body: BEGIN END
                procedures:
                  p():
                    returns: integer
                    language: sql
                    body: SELECT 1
                """)));
        assertEquals(List.of(
                "public/f.yaml:2:3: function 'add(int, int)' does not match its arguments: its key is add(integer, integer)",
                "public/f.yaml:9:43: expected one SQL expression as the default",
                "public/f.yaml:14:5: function 'moody(mood)' needs body:",
                "public/f.yaml:14:33: unknown type 'mood'; write a type of your own schema-qualified here, e.g. public.mood",
                "public/f.yaml:17:5: unknown key 'volatile' in function 'moody(mood)'",
                "public/f.yaml:19:5: function 'bare' needs returns: (its result type, e.g. integer, void or trigger)",
                "public/f.yaml:23:5: unknown key 'returns' in procedure 'p()'"),
                failure.diagnostics().stream().map(Object::toString).toList());
    }

    @Test
    void aFunctionDeclaredByNameAndBySignatureIsDeclaredTwice() {
        var failure = assertThrows(InvalidInputException.class, () -> SchemaFiles.parse(Map.of(
                "a.yaml", "functions:\n  f:\n    returns: void\n    language: sql\n    body: SELECT\n",
                "b.yaml", "functions:\n  f():\n    returns: void\n    language: sql\n    body: SELECT\n")));
        assertEquals(List.of("b.yaml:2:3: function 'f()' is declared twice in schema 'public' (first at a.yaml:2:3)"),
                failure.diagnostics().stream().map(Object::toString).toList());
    }
}
