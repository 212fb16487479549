package dev.strata.kinds;

import dev.strata.catalog.CatalogReader;
import dev.strata.ddl.CreateDdl;
import dev.strata.diff.ExpressionEquality;
import dev.strata.expr.Equivalence;
import dev.strata.model.Catalog;
import dev.strata.model.Routine;
import dev.strata.plan.Plan;
import dev.strata.plan.PlanRequest;
import dev.strata.plan.Planner;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Objects that need each other across kinds (domains, functions, tables, views, constraints), built from nothing by
 * {@link CreateDdl} and reached by a plan, in dependency order, on real servers.
 */
class DependencyOrderTest {

    private static final ExpressionEquality SAME = (live, declared, schema) -> Equivalence.same(live, declared, schema);

    private static Catalog pull(TestDatabase db) throws SQLException {
        try (var c = db.connect()) {
            return CatalogReader.read(c, List.of("public")).catalog();
        }
    }

    private static Plan plan(Catalog current, Catalog desired, int major) {
        return Planner.plan(new PlanRequest(current, desired, major, Map.of(), "test", List.of(), SAME));
    }

    /**
     * The schema {@code sql} builds is pulled, written as YAML, read back, built by {@link CreateDdl} into an empty
     * database and pulled again unchanged; a plan from an empty database reaches it too and then plans nothing.
     */
    private static void buildsFromNothing(int major, String... sql) throws SQLException {
        try (TestDatabase source = TestPostgres.newDatabase(major); TestDatabase copy = TestPostgres.newDatabase(major);
                TestDatabase planned = TestPostgres.newDatabase(major)) {
            source.execute(sql);
            Catalog pulled = pull(source);
            Catalog declared = SchemaFiles.parse(SchemaWriter.files(pulled)).catalog();
            assertEquals(pulled, declared);
            copy.execute(CreateDdl.script(declared));
            assertEquals(pulled, pull(copy));
            StepRunner.runAll(planned, plan(pull(planned), declared, major));
            assertEquals(pulled, pull(planned));
            assertTrue(plan(pull(planned), declared, major).isEmpty());
        }
    }

    /** The schema {@code from} builds is changed into the one {@code to} builds by a plan, which then plans nothing. */
    private static void converges(int major, List<String> from, List<String> to) throws SQLException {
        try (TestDatabase current = TestPostgres.newDatabase(major); TestDatabase desired = TestPostgres.newDatabase(major)) {
            current.execute(from.toArray(String[]::new));
            desired.execute(to.toArray(String[]::new));
            Catalog target = pull(desired);
            StepRunner.runAll(current, plan(pull(current), target, major));
            assertEquals(target, pull(current));
            assertTrue(plan(pull(current), target, major).isEmpty());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aFunctionWithAnEmptySearchPathIsBuiltPlannedAndDeclaredInYaml(int major) throws SQLException {
        String function = "CREATE FUNCTION hello(p text) RETURNS void LANGUAGE plpgsql SET search_path = ''"
                + " AS $$BEGIN PERFORM p; END$$";
        buildsFromNothing(major, function);
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(function);
            Routine pulled = (Routine) pull(db).schemas().getFirst().objects("function").getFirst();
            Routine declared = (Routine) SchemaFiles.parse(Map.of("public/f.yaml", """
                    functions:
                      hello(text):
                        arguments: [{name: p, type: text}]
                        returns: void
                        language: plpgsql
                        settings: {search_path: ''}
                        body: BEGIN PERFORM p; END
                    """)).catalog().schemas().getFirst().objects("function").getFirst();
            assertEquals(pulled.settings(), declared.settings());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aDomainIsBuiltAfterTheFunctionItsCheckCallsAndTheTableItIsTheRowTypeOf(int major) throws SQLException {
        buildsFromNothing(major,
                "CREATE FUNCTION valid_id(val text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE"
                        + " AS $$BEGIN RETURN val LIKE 'id_%'; END$$",
                "CREATE DOMAIN custom_id AS text CHECK (valid_id(VALUE))",
                "CREATE TABLE example (id custom_id PRIMARY KEY)",
                "CREATE FUNCTION not_null_row(val anyelement) RETURNS boolean LANGUAGE plpgsql IMMUTABLE"
                        + " AS $$BEGIN RETURN val IS NOT NULL; END$$",
                "CREATE TABLE base (a integer)",
                "CREATE DOMAIN row_d AS base CHECK (not_null_row(VALUE))",
                "CREATE TABLE uses (d row_d)");
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void functionsOverTheRowTypesOfTablesAndViewsAreBuiltAfterThem(int major) throws SQLException {
        buildsFromNothing(major,
                "CREATE TABLE activity (id integer PRIMARY KEY, author_id integer)",
                "CREATE TABLE contact (id integer PRIMARY KEY, name text NOT NULL)",
                "CREATE VIEW actor AS SELECT id, name FROM contact",
                "CREATE VIEW actor_names AS SELECT name FROM actor",
                "CREATE FUNCTION get_actor(a activity) RETURNS SETOF actor LANGUAGE sql STABLE"
                        + " AS $$ SELECT actor.* FROM actor WHERE actor.id = a.author_id $$",
                "CREATE FUNCTION names() RETURNS SETOF actor_names LANGUAGE sql STABLE AS $$ SELECT * FROM actor_names $$",
                "CREATE TABLE base (a integer)",
                "CREATE DOMAIN d AS base",
                "CREATE TABLE uses (dcol d)",
                "CREATE FUNCTION uses_check(r uses) RETURNS boolean LANGUAGE plpgsql AS $$BEGIN RETURN r.dcol IS NOT NULL; END$$",
                "CREATE FUNCTION uses_rows() RETURNS TABLE(r uses) LANGUAGE plpgsql AS $$BEGIN RETURN; END$$");
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aUniqueConstraintReplacedByAPrimaryKeyTakesTheForeignKeysBoundToItsIndexAlong(int major) throws SQLException {
        String cases = "CREATE TABLE cases (id integer NOT NULL, name text, CONSTRAINT cases_id_key UNIQUE (id))";
        String notes = "CREATE TABLE notes (id integer PRIMARY KEY,"
                + " case_id integer CONSTRAINT notes_case_id_fkey REFERENCES cases (id) ON DELETE CASCADE)";
        String comment = "COMMENT ON CONSTRAINT notes_case_id_fkey ON notes IS 'kept'";
        converges(major, List.of(cases, notes, comment, "INSERT INTO cases VALUES (1, 'a')", "INSERT INTO notes VALUES (1, 1)"),
                List.of("CREATE TABLE cases (id integer PRIMARY KEY, name text)", notes, comment,
                        "CREATE TABLE files (id integer PRIMARY KEY, case_id integer CONSTRAINT files_case_id_fkey REFERENCES cases (id))"));
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aPrimaryKeyReplacedByAUniqueConstraintTakesTheForeignKeysBoundToItsIndexAlong(int major) throws SQLException {
        String notes = "CREATE TABLE notes (id integer PRIMARY KEY, case_id integer CONSTRAINT notes_case_id_fkey REFERENCES cases (id))";
        converges(major, List.of("CREATE TABLE cases (id integer PRIMARY KEY, name text)", notes),
                List.of("CREATE TABLE cases (id integer NOT NULL, name text, CONSTRAINT cases_id_key UNIQUE (id))", notes));
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aReplacedViewTakesTheViewsReadingItAlong(int major) throws SQLException {
        String table = "CREATE TABLE foo (id bigint PRIMARY KEY, keep_me text, drop_me text)";
        String reader = "CREATE VIEW foo_v2 AS SELECT id, keep_me FROM foo_v";
        String second = "CREATE VIEW foo_v3 AS SELECT id FROM foo_v2";
        // DROP VIEW takes a view's INSTEAD OF triggers along: they are created again with it.
        String function = "CREATE FUNCTION noop() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$";
        String trigger = "CREATE TRIGGER keep INSTEAD OF INSERT ON foo_v2 FOR EACH ROW EXECUTE FUNCTION noop()";
        converges(major, List.of(table, "CREATE VIEW foo_v AS SELECT id, keep_me, drop_me FROM foo", reader, second,
                        "COMMENT ON VIEW foo_v2 IS 'reads foo_v'", function, trigger),
                List.of(table, "CREATE VIEW foo_v AS SELECT id, keep_me FROM foo", reader, second,
                        "COMMENT ON VIEW foo_v2 IS 'reads foo_v'", function, trigger));
    }
}
