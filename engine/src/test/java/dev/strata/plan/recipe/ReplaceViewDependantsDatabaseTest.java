package dev.strata.plan.recipe;

import dev.strata.catalog.CatalogReader;
import dev.strata.catalog.PulledCatalog;
import dev.strata.catalog.ServerCanonicalizer;
import dev.strata.expr.Equivalence;
import dev.strata.model.Catalog;
import dev.strata.model.Grant;
import dev.strata.model.Routine;
import dev.strata.model.Schema;
import dev.strata.model.SchemaObject;
import dev.strata.model.View;
import dev.strata.plan.DdlStep;
import dev.strata.plan.Phase;
import dev.strata.plan.Plan;
import dev.strata.plan.PlanRequest;
import dev.strata.plan.PlanningException;
import dev.strata.plan.Planner;
import dev.strata.plan.Step;
import dev.strata.testing.StepRunner;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.strata.plan.recipe.RecipeTesting.pull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A view whose columns change is dropped and created again; what PostgreSQL records as depending on it (materialized
 * views reading it, functions over its row type) goes with it in the same step, or, when the plan drops it, before it.
 */
class ReplaceViewDependantsDatabaseTest {

    private static final String BASE = """
            CREATE TABLE t (id integer PRIMARY KEY, a text, b text);
            INSERT INTO t VALUES (1, 'x', 'y');
            CREATE VIEW v AS SELECT id, a FROM t;
            """;

    /** A new column in the middle: CREATE OR REPLACE VIEW cannot do it, the view is dropped and created again. */
    private static final String NEW_QUERY = "SELECT id, b, a FROM public.t";

    private static Catalog withView(Catalog catalog, String query) {
        Schema pub = catalog.schema("public").orElseThrow();
        return new Catalog(List.of(pub.withViews(pub.views().stream()
                .map(v -> v.name().equals("v") ? new View("v", query, v.comment(), v.options()) : v).toList())));
    }

    /**
     * As {@code plan --url} plans: the declared view queries printed by the server first, and what the catalog records
     * as depending on the managed objects checked.
     */
    private static Plan plan(TestDatabase db, Catalog desired) throws SQLException {
        return plan(db, desired, Grant.OPT_IN_KINDS);
    }

    /** As {@link #plan(TestDatabase, Catalog)}, for a project managing the kinds but {@code skipped}. */
    private static Plan plan(TestDatabase db, Catalog desired, Set<String> skipped) throws SQLException {
        try (var c = db.connect()) {
            PulledCatalog current = CatalogReader.read(c, List.of("public"), skipped);
            return Planner.plan(new PlanRequest(current.catalog(), ServerCanonicalizer.canonical(c, desired), db.major(),
                    Map.of(), "test", current.unmanaged(), Equivalence::same, current.taken(), current.dependents()));
        }
    }

    private static DdlStep step(Plan plan, String summary) {
        return plan.steps().stream().filter(s -> s.summary().startsWith(summary)).map(DdlStep.class::cast).findFirst()
                .orElseThrow(() -> new AssertionError("no step " + summary + " in " + plan));
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aMaterializedViewReadingTheReplacedViewIsBuiltAgainWithItsIndexInTheSameStep(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(BASE, "CREATE MATERIALIZED VIEW m AS SELECT id, a FROM v", "CREATE UNIQUE INDEX m_id ON m (id)");
            Catalog desired = withView(pull(db), NEW_QUERY);
            Plan plan = plan(db, desired);
            List<String> sql = step(plan, "replace view public.v").sql();
            assertEquals(List.of("DROP MATERIALIZED VIEW public.m", "DROP VIEW IF EXISTS public.v"), sql.subList(0, 2));
            assertTrue(sql.get(3).startsWith("CREATE MATERIALIZED VIEW public.m AS"), sql.toString());
            assertEquals("CREATE UNIQUE INDEX m_id ON public.m USING btree (id)", sql.get(4));
            StepRunner.runAll(db, plan);
            assertEquals(List.of(List.of("1", "x")), db.query("SELECT id, a FROM m"));
            assertTrue(plan(db, desired).isEmpty(), () -> plan.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void theUndoPutsTheOldViewBackAndBuildsTheMaterializedViewAndFunctionOverItAgain(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(BASE, "CREATE MATERIALIZED VIEW m AS SELECT id, a FROM v", "CREATE UNIQUE INDEX m_id ON m (id)",
                    "CREATE FUNCTION rows_of_v() RETURNS SETOF v LANGUAGE sql AS 'SELECT * FROM v'");
            Catalog before = pull(db);
            Plan plan = plan(db, withView(before, NEW_QUERY));
            DdlStep replace = step(plan, "replace view public.v");
            StepRunner.runAll(db, plan);
            StepRunner.runDdl(db, replace.inverseSql().orElseThrow(), true);
            assertEquals(before, pull(db));
            assertEquals(List.of(List.of("1", "x")), db.query("SELECT id, a FROM rows_of_v()"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void theDeclaredGrantsOnTheViewAndTheFunctionsTakenAlongAreGivenAgainInTheSameStep(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(BASE, "CREATE FUNCTION rows_of_v() RETURNS SETOF v LANGUAGE sql AS 'SELECT * FROM v'",
                    "REVOKE EXECUTE ON FUNCTION rows_of_v() FROM PUBLIC", "GRANT SELECT ON v TO PUBLIC");
            Catalog desired;
            try (var c = db.connect()) {
                desired = withView(CatalogReader.read(c, List.of("public"), Set.of()).catalog(), NEW_QUERY);
            }
            Plan plan = plan(db, desired, Set.of());
            StepRunner.runAll(db, plan);
            assertEquals(List.of(List.of("f", "t")), db.query("SELECT has_function_privilege('public', 'rows_of_v()',"
                    + " 'execute'), has_table_privilege('public', 'v', 'select')"));
            assertTrue(plan(db, desired, Set.of()).isEmpty(), () -> plan.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aFunctionOverTheReplacedViewsRowTypeIsDroppedFirstAndCreatedAgainLastInTheSameStep(int major)
            throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(BASE, "CREATE FUNCTION rows_of_v() RETURNS SETOF v LANGUAGE sql AS 'SELECT * FROM v'");
            Catalog desired = withView(pull(db), NEW_QUERY);
            Plan plan = plan(db, desired);
            List<String> sql = step(plan, "replace view public.v").sql();
            assertEquals("DROP FUNCTION public.rows_of_v()", sql.getFirst());
            assertTrue(sql.stream().anyMatch(s -> s.startsWith("CREATE FUNCTION public.rows_of_v()")), sql.toString());
            StepRunner.runAll(db, plan);
            assertEquals(List.of(List.of("y")), db.query("SELECT b FROM rows_of_v()"));
            assertTrue(plan(db, desired).isEmpty(), () -> plan.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aFunctionWithASqlStandardBodyReadingTheViewIsDroppedFirstAndCreatedAgainLastInTheSameStep(int major)
            throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(BASE, "CREATE FUNCTION count_v() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(*) FROM v; END");
            Catalog desired = withView(pull(db), NEW_QUERY);
            Plan plan = plan(db, desired);
            List<String> sql = step(plan, "replace view public.v").sql();
            assertEquals("DROP FUNCTION public.count_v()", sql.getFirst());
            assertTrue(sql.getLast().startsWith("CREATE FUNCTION public.count_v()"), sql.toString());
            StepRunner.runAll(db, plan);
            assertEquals(List.of(List.of("1")), db.query("SELECT count_v()"));
            assertTrue(plan(db, desired).isEmpty(), () -> plan.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aFunctionWithASqlStandardBodyReadingTheViewFromASchemaThePlanDoesNotManageRefusesThePlanInOneLine(int major)
            throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(BASE, "CREATE SCHEMA other",
                    "CREATE FUNCTION other.count_v() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(*) FROM public.v; END");
            Catalog desired = withView(pull(db), NEW_QUERY);
            var refused = assertThrows(PlanningException.class, () -> plan(db, desired));
            assertEquals(List.of("function other.count_v() depends on view public.v, which this plan drops and creates"
                    + " again (its columns change): PostgreSQL would refuse the drop in CONTRACT after the earlier phases"
                    + " ran; drop the function first (or in this plan, if it is in the schema) and create it again"
                    + " afterwards"), refused.reasons());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aFunctionOverItsRowTypeThatThePlanDropsIsDroppedBeforeTheViewIsReplaced(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(BASE, "CREATE FUNCTION first_v(k text) RETURNS v LANGUAGE sql AS 'SELECT * FROM v LIMIT 1'");
            Catalog changed = withView(pull(db), NEW_QUERY);
            // The same function with a second argument: a new identity, so the old one is dropped and the new one created.
            Schema pub = changed.schema("public").orElseThrow();
            List<SchemaObject> objects = new ArrayList<>();
            for (SchemaObject o : pub.objects()) {
                if (o instanceof Routine r) {
                    List<Routine.Argument> arguments = new ArrayList<>(r.arguments());
                    arguments.add(new Routine.Argument(Routine.Mode.IN, Optional.of("j"), "text", Optional.empty()));
                    o = new Routine(r.routineKind(), r.name(), arguments, r.returns(), r.language(), r.volatility(),
                            r.strict(), r.securityDefiner(), r.leakproof(), r.parallel(), r.cost(), r.rows(), r.settings(),
                            r.body(), r.comment());
                }
                objects.add(o);
            }
            Catalog desired = new Catalog(List.of(pub.withObjects(objects)));
            Plan plan = plan(db, desired);
            List<String> contract = plan.steps(Phase.CONTRACT).stream().map(Step::summary).toList();
            assertEquals(List.of("drop function public.first_v(text)", "replace view public.v"), contract, plan.toString());
            assertTrue(step(plan, "replace view public.v").sql().contains("DROP FUNCTION public.first_v(text, text)"),
                    plan.toString());
            StepRunner.runAll(db, plan);
            assertEquals(List.of(List.of("y")), db.query("SELECT b FROM first_v('k', 'j')"));
            assertTrue(plan(db, desired).isEmpty(), () -> plan.toString());
        }
    }
}
