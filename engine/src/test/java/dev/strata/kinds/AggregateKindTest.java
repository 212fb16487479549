package dev.strata.kinds;

import dev.strata.catalog.CatalogReader;
import dev.strata.ddl.CreateDdl;
import dev.strata.diagnostics.InvalidInputException;
import dev.strata.diff.ExpressionEquality;
import dev.strata.model.Catalog;
import dev.strata.plan.DdlStep;
import dev.strata.plan.Phase;
import dev.strata.plan.Plan;
import dev.strata.plan.PlanRequest;
import dev.strata.plan.Planner;
import dev.strata.plan.PlanningException;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Aggregates, managed as a whole: pulled, written, built, created, replaced and dropped on real servers. */
class AggregateKindTest {

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

    private static final String[] AGGREGATES = {
            "CREATE FUNCTION num_add(numeric, numeric) RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE"
                    + " AS $$ SELECT $1 + $2 $$",
            "CREATE FUNCTION num_sub(numeric, numeric) RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE"
                    + " AS $$ SELECT $1 - $2 $$",
            "CREATE FUNCTION num_half(numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT $1 / 2 $$",
            """
            CREATE AGGREGATE my_sum(numeric) (SFUNC = num_add, STYPE = numeric, COMBINEFUNC = num_add, INITCOND = '0',
                MSFUNC = num_add, MINVFUNC = num_sub, MSTYPE = numeric, MINITCOND = '0', MFINALFUNC = num_half,
                PARALLEL = SAFE)""",
            "CREATE FUNCTION str_append(text, text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT $1 || $2 $$",
            "CREATE AGGREGATE str_concat(\"Part\" text) (SFUNC = str_append, STYPE = text, INITCOND = '', SSPACE = 64)",
            "COMMENT ON AGGREGATE str_concat(text) IS 'joins'",
            "CREATE AGGREGATE longest(text) (SFUNC = pg_catalog.textcat, STYPE = text, SORTOP = >)",
            "CREATE FUNCTION count_step(bigint) RETURNS bigint LANGUAGE sql AS $$ SELECT $1 + 1 $$",
            "CREATE AGGREGATE count_all(*) (SFUNC = count_step, STYPE = bigint, INITCOND = '0')",
    };

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void pulledAggregatesAreWrittenBuiltAndPulledBackByteIdenticalAndOrderedSetOnesStayUnmanaged(int major) throws SQLException {
        try (TestDatabase source = TestPostgres.newDatabase(major); TestDatabase copy = TestPostgres.newDatabase(major)) {
            source.execute(AGGREGATES);
            source.execute("CREATE AGGREGATE my_percentile(double precision ORDER BY double precision)"
                    + " (SFUNC = pg_catalog.ordered_set_transition, STYPE = internal,"
                    + " FINALFUNC = pg_catalog.percentile_cont_float8_final)");
            Catalog pulled = read(source);
            var files = SchemaWriter.files(pulled);
            assertEquals("""
                    # strata:pulled — written by 'strata pull'; files without this line are never overwritten
                    schema: public
                    aggregates:
                      count_all(*):
                        sfunc: public.count_step
                        stype: bigint
                        initcond: '0'
                      longest(text):
                        sfunc: pg_catalog.textcat
                        stype: text
                        sortop: '>'
                      my_sum(numeric):
                        sfunc: public.num_add
                        stype: numeric
                        initcond: '0'
                        combinefunc: public.num_add
                        msfunc: public.num_add
                        mstype: numeric
                        minitcond: '0'
                        minvfunc: public.num_sub
                        mfinalfunc: public.num_half
                        parallel: safe
                      str_concat(text):
                        arguments:
                          - {name: Part, type: text}
                        sfunc: public.str_append
                        stype: text
                        sspace: 64
                        initcond: ''
                        comment: joins
                    """, files.get("public/_aggregates.yaml"));
            assertTrue(files.get("public/_functions.yaml").contains("num_add(numeric, numeric):"), files.toString());
            try (var c = source.connect()) {
                assertEquals(List.of("ordered-set aggregate public.my_percentile(double precision,double precision)"),
                        CatalogReader.read(c, List.of("public")).unmanaged().stream()
                                .map(u -> u.kind() + " " + u.identity()).sorted().toList());
            }
            assertEquals(pulled, SchemaFiles.parse(files).catalog());
            copy.execute(CreateDdl.script(SchemaFiles.parse(files).catalog()));
            assertEquals(files, SchemaWriter.files(read(copy)));
            assertEquals("", value(copy, "SELECT str_concat(x) FROM (VALUES ('a')) v(x) WHERE false"));
            assertEquals("joins", value(copy, "SELECT obj_description('str_concat'::regproc, 'pg_proc')"));
            assertTrue(plan(read(source), SchemaFiles.parse(files).catalog(), major).isEmpty());
        }
    }

    private static final String GROUP_CONCAT = """
            functions:
              _group_concat(text, text):
                arguments: [{type: text}, {type: text}]
                returns: text
                language: sql
                volatility: immutable
                body: SELECT CASE WHEN $2 IS NULL THEN $1 WHEN $1 IS NULL THEN $2 ELSE $1 || ',' || $2 END
            aggregates:
              group_concat(text):
                sfunc: _group_concat
                stype: text
            """;

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aNewAggregateIsCreatedInExpandAfterItsFunctionAndReplansEmpty(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            Catalog desired = yaml(GROUP_CONCAT + "    comment: commas\n");
            Plan plan = plan(read(db), desired, major);
            List<String> expand = sql(plan, Phase.EXPAND);
            assertEquals(List.of("SET check_function_bodies = off",
                    "CREATE FUNCTION public._group_concat(text, text) RETURNS text LANGUAGE sql IMMUTABLE AS"
                            + " $strata$SELECT CASE WHEN $2 IS NULL THEN $1 WHEN $1 IS NULL THEN $2 ELSE $1 || ',' || $2 END$strata$",
                    "RESET check_function_bodies",
                    "CREATE AGGREGATE public.group_concat(text) (SFUNC = public._group_concat, STYPE = text)",
                    "COMMENT ON AGGREGATE public.group_concat(text) IS 'commas'"), expand);
            StepRunner.runAll(db, plan);
            assertEquals("a,b", value(db, "SELECT group_concat(x ORDER BY x) FROM (VALUES ('a'), ('b')) v(x)"));
            assertTrue(plan(read(db), desired, major).isEmpty());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aChangedInitialConditionIsReplacedInPlaceAndItsUndoRestoresTheOldOne(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(yaml(GROUP_CONCAT)));
            Catalog desired = yaml(GROUP_CONCAT + "    initcond: start\n");
            Plan plan = plan(read(db), desired, major);
            assertTrue(plan.steps(Phase.CONTRACT).isEmpty());
            DdlStep replace = (DdlStep) plan.steps(Phase.EXPAND).getFirst();
            assertEquals(List.of("CREATE OR REPLACE AGGREGATE public.group_concat(text) (SFUNC = public._group_concat,"
                    + " STYPE = text, INITCOND = 'start')"), replace.sql());
            assertTrue(replace.facts().stream().anyMatch(f -> f.contains("the old application's next call")),
                    replace.facts().toString());
            StepRunner.runAll(db, plan);
            assertEquals("start,a", value(db, "SELECT group_concat(x) FROM (VALUES ('a')) v(x)"));
            assertTrue(plan(read(db), desired, major).isEmpty());
            StepRunner.runDdl(db, replace.inverseSql().orElseThrow(), true);
            assertEquals("a", value(db, "SELECT group_concat(x) FROM (VALUES ('a')) v(x)"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aChangedResultTypeIsADropAndCreateInOneStepAndIsRefusedWhileAViewCallsIt(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(yaml(GROUP_CONCAT)));
            String withLength = GROUP_CONCAT.replace("aggregates:", """
                      text_length(text):
                        arguments: [{type: text}]
                        returns: integer
                        language: sql
                        volatility: immutable
                        body: SELECT length($1)
                    aggregates:""") + "    finalfunc: text_length\n";
            Catalog desired = yaml(withLength);
            Plan plan = plan(read(db), desired, major);
            List<String> expand = sql(plan, Phase.EXPAND);
            assertEquals(List.of("DROP AGGREGATE public.group_concat(text)",
                    "CREATE AGGREGATE public.group_concat(text) (SFUNC = public._group_concat, STYPE = text,"
                            + " FINALFUNC = public.text_length)"), expand.subList(expand.size() - 2, expand.size()));
            StepRunner.runAll(db, plan);
            assertEquals("3", value(db, "SELECT group_concat(x) FROM (VALUES ('a'), ('b')) v(x)"));
            assertTrue(plan(read(db), desired, major).isEmpty());

            db.execute("CREATE VIEW joined AS SELECT public.group_concat(x) AS n FROM (VALUES ('a')) v(x)");
            Catalog back = yaml(withLength.replace("    finalfunc: text_length\n", "") + """
                    views:
                      joined:
                        definition: SELECT public.group_concat(x) AS n FROM (VALUES ('a')) v(x)
                    """);
            var refused = assertThrows(PlanningException.class, () -> plan(read(db), back, major));
            assertTrue(refused.getMessage().contains("DROP AGGREGATE would fail: view public.joined calls it"),
                    refused.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aFunctionAnAggregateIsBuiltFromIsNotDroppedAndCreatedUnderIt(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(yaml(GROUP_CONCAT)));
            Catalog desired = yaml(GROUP_CONCAT.replace("arguments: [{type: text}, {type: text}]",
                    "arguments: [{name: a, type: text}, {name: b, type: text}]"));
            var refused = assertThrows(PlanningException.class, () -> plan(read(db), desired, major));
            assertTrue(refused.getMessage().contains("DROP FUNCTION would fail: aggregate public.group_concat(text) calls it"),
                    refused.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void anAggregateNoLongerDeclaredIsDroppedInContractBeforeItsFunctionAndItsUndoCreatesItAgain(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(yaml(GROUP_CONCAT + "    comment: commas\n")));
            Catalog before = read(db);
            Plan plan = plan(before, yaml("tables: {}\n"), major);
            assertTrue(plan.steps(Phase.EXPAND).isEmpty());
            assertEquals(List.of("DROP AGGREGATE public.group_concat(text)", "DROP FUNCTION public._group_concat(text, text)"),
                    sql(plan, Phase.CONTRACT));
            StepRunner.runAll(db, plan);
            assertTrue(plan(read(db), yaml("tables: {}\n"), major).isEmpty());
            var steps = plan.steps(Phase.CONTRACT);
            for (int i = steps.size() - 1; i >= 0; i--) {
                StepRunner.runDdl(db, ((DdlStep) steps.get(i)).inverseSql().orElseThrow(), true);
            }
            assertEquals(before, read(db));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aChangedCommentIsOneCommentStatement(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(yaml(GROUP_CONCAT)));
            Catalog desired = yaml(GROUP_CONCAT + "    comment: Concatenates text values with commas\n");
            Plan plan = plan(read(db), desired, major);
            assertEquals(List.of("COMMENT ON AGGREGATE public.group_concat(text) IS 'Concatenates text values with commas'"),
                    sql(plan, Phase.EXPAND));
            StepRunner.runAll(db, plan);
            assertTrue(plan(read(db), desired, major).isEmpty());
        }
    }

    /** The facts docs/locks.md#aggregates states, read from pg_locks inside the open transaction. */
    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void createReplaceCommentAndDropLockNoTableOnlyTheAggregateItself(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major); var c = db.connect(); var st = c.createStatement()) {
            db.execute(CreateDdl.script(yaml(GROUP_CONCAT)));
            db.execute("CREATE TABLE t (x text)", "CREATE VIEW v AS SELECT public.group_concat(x) FROM t");
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
            assertEquals("none", held.apply("CREATE AGGREGATE other(text) (SFUNC = public._group_concat, STYPE = text)"));
            assertEquals("none", held.apply("CREATE OR REPLACE AGGREGATE group_concat(text) (SFUNC = public._group_concat,"
                    + " STYPE = text, INITCOND = 'x')"));
            assertEquals("object pg_proc ShareUpdateExclusiveLock; relation pg_description RowExclusiveLock",
                    held.apply("COMMENT ON AGGREGATE group_concat(text) IS 'x'"));
            st.execute("DROP VIEW v");
            c.commit();
            assertEquals("object pg_proc AccessExclusiveLock", held.apply("DROP AGGREGATE group_concat(text)"));
        }
    }

    @Test
    void yamlErrorsAreLocated() {
        var failure = assertThrows(InvalidInputException.class, () -> SchemaFiles.parse(Map.of("public/a.yaml", """
                aggregates:
                  total:
                    sfunc: add
                    stype: integer
                  sum2(int):
                    sfunc: public.add
                    stype: int
                    arguments: [{name: a, type: text}]
                  tally(integer):
                    stype: integer
                    finalfunc_extra: true
                    minitcond: '0'
                  pick(integer):
                    sfunc: pick_step
                    stype: integer
                    sortop: "> ; DROP TABLE t"
                    initcond: {}
                """)));
        assertEquals(List.of(
                "public/a.yaml:2:3: expected an aggregate's name and argument types: group_concat(text), or count_all(*)"
                        + " without arguments (a name has at most 63 bytes)",
                "public/a.yaml:5:3: aggregate 'sum2(int)' does not match its arguments: its key is sum2(text)",
                "public/a.yaml:10:5: aggregate 'tally(integer)' needs sfunc:",
                "public/a.yaml:11:22: finalfunc_extra needs finalfunc:",
                "public/a.yaml:12:16: minitcond needs the moving-aggregate mode: msfunc:, minvfunc: and mstype:",
                "public/a.yaml:16:13: expected an operator such as = or && (characters +-*/<>=~!@#%^&|`?, without -- or /*),"
                        + " optionally schema-qualified",
                "public/a.yaml:17:15: expected the initial condition as text, e.g. '0' or '{}'"),
                failure.diagnostics().stream().map(Object::toString).toList());
    }
}
