package dev.strata.kinds;

import dev.strata.ddl.CreateDdl;
import dev.strata.ddl.MaterializedViewStatement;
import dev.strata.diagnostics.InvalidInputException;
import dev.strata.expr.Equivalence;
import dev.strata.model.Catalog;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.MaterializedView;
import dev.strata.model.QualifiedName;
import dev.strata.plan.DdlStep;
import dev.strata.plan.Phase;
import dev.strata.plan.Plan;
import dev.strata.plan.PlanRequest;
import dev.strata.plan.Planner;
import dev.strata.yaml.SchemaFiles;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Materialized view statements, comparisons, build order and YAML errors, without a database. */
class MaterializedViewStatementTest {

    private static final QualifiedName VIEW = QualifiedName.of("App", "my stats");

    private static Index index(String name, boolean unique, IndexKey key, Optional<String> where) {
        return new Index(name, unique, false, "btree", List.of(key), List.of(), where, Map.of());
    }

    @Test
    void namesAreQuotedAndTheQueryLosesItsTrailingSemicolon() {
        assertEquals("CREATE MATERIALIZED VIEW \"App\".\"my stats\" AS\nSELECT 1 AS n\nWITH NO DATA",
                new MaterializedViewStatement.Create(VIEW, " SELECT 1 AS n;\n", false).render());
        assertEquals("REFRESH MATERIALIZED VIEW CONCURRENTLY \"App\".\"my stats\"",
                new MaterializedViewStatement.Refresh(VIEW, true, true).render());
        assertEquals("REFRESH MATERIALIZED VIEW \"App\".\"my stats\" WITH NO DATA",
                new MaterializedViewStatement.Refresh(VIEW, false, false).render());
        assertEquals("ALTER MATERIALIZED VIEW \"App\".\"my stats\" RENAME TO \"Old\"",
                new MaterializedViewStatement.Rename(VIEW, "Old").render());
        assertEquals("COMMENT ON MATERIALIZED VIEW \"App\".\"my stats\" IS 'it''s'",
                new MaterializedViewStatement.Comment(VIEW, Optional.of("it's")).render());
        assertEquals("CREATE OR REPLACE VIEW \"App\".v AS\nSELECT n FROM \"App\".\"my stats\"",
                new MaterializedViewStatement.RebindView(QualifiedName.of("App", "v"), "SELECT n FROM \"App\".\"my stats\";").render());
        assertThrows(IllegalArgumentException.class, () -> new MaterializedViewStatement.Refresh(VIEW, false, true));
    }

    @Test
    void storageParametersGoInTheCreateWithClauseAndAToastOneIsNamespaceDotName() {
        var view = new MaterializedView("my stats", "SELECT 1 AS n", true, List.of(), Optional.empty(),
                Map.of("toast.autovacuum_enabled", "false"));
        assertEquals("CREATE MATERIALIZED VIEW \"App\".\"my stats\" WITH (toast.autovacuum_enabled = 'false') AS\nSELECT 1 AS n"
                + "\nWITH DATA", ((MaterializedViewStatement.Create) MaterializedViewStatement.DDL.create(VIEW, view).getFirst()).render());
    }

    @Test
    void refreshConcurrentlyNeedsAUniqueIndexOnPlainColumnsWithoutWhere() {
        Index partial = index("a_partial", true, IndexKey.column("id"), Optional.of("id > 0"));
        Index expression = index("b_expression", true, new IndexKey(new IndexKey.ExpressionTarget("lower(name)"),
                Optional.empty(), false, false), Optional.empty());
        Index plain = index("c_plain", false, IndexKey.column("id"), Optional.empty());
        Index key = index("d_key", true, IndexKey.column("id"), Optional.empty());
        assertEquals(Optional.empty(), new MaterializedView("m", "SELECT 1", true, List.of(partial, expression, plain),
                Optional.empty()).refreshKey());
        assertEquals(Optional.of(key), new MaterializedView("m", "SELECT 1", true, List.of(partial, key, expression),
                Optional.empty()).refreshKey());
    }

    @Test
    void aViewIsSatisfiedByTheSameQueryPopulationIndexesAndComments() {
        Index key = index("k", true, IndexKey.column("id"), Optional.empty());
        MaterializedView live = new MaterializedView("m", "SELECT id FROM t", true, List.of(key), Optional.of("c"));
        assertTrue(live.satisfiedBy(live, String::equals));
        assertFalse(new MaterializedView("m", "SELECT id FROM t", false, List.of(key), Optional.of("c"))
                .satisfiedBy(live, String::equals));
        assertFalse(new MaterializedView("m", "SELECT id FROM t", true, List.of(), Optional.of("c")).satisfiedBy(live, String::equals));
        assertFalse(new MaterializedView("m", "SELECT id FROM t", true, List.of(key.withComment(Optional.of("x"))),
                Optional.of("c")).satisfiedBy(live, String::equals));
        assertFalse(new MaterializedView("m", "SELECT id, 2 FROM t", true, List.of(key), Optional.of("c")).satisfiedBy(live, String::equals));
    }

    @Test
    void viewsAndMaterializedViewsAreBuiltAfterWhatTheirQueriesRead() {
        Catalog catalog = SchemaFiles.parse(Map.of("public/a.yaml", """
                tables:
                  t: { columns: { id: int } }
                views:
                  a_view: SELECT id FROM public.z_matview
                  b_view: SELECT id FROM public.t
                materialized_views:
                  y_matview: SELECT id FROM public.b_view
                  z_matview: SELECT id FROM public.y_matview
                """)).catalog();
        List<String> creates = CreateDdl.statements(catalog).stream().filter(s -> s.startsWith("CREATE") && s.contains("VIEW"))
                .map(s -> s.substring(0, s.indexOf(" AS"))).toList();
        assertEquals(List.of("CREATE VIEW public.b_view", "CREATE MATERIALIZED VIEW public.y_matview",
                "CREATE MATERIALIZED VIEW public.z_matview", "CREATE VIEW public.a_view"), creates);
    }

    @Test
    void twoRebuiltMaterializedViewsReadByOneViewAreBothBuiltBeforeTheirSwaps() {
        String table = "tables:\n  t: { columns: { id: int, a: int } }\n";
        String view = "views:\n  both: SELECT x.id FROM public.x, public.y\n";
        Catalog current = SchemaFiles.parse(Map.of("public/a.yaml", table + view
                + "materialized_views:\n  x: SELECT id FROM public.t\n  y: SELECT id FROM public.t\n")).catalog();
        Catalog desired = SchemaFiles.parse(Map.of("public/a.yaml", table + view
                + "materialized_views:\n  x: SELECT id, a FROM public.t\n  y: SELECT id, a AS b FROM public.t\n")).catalog();
        Plan plan = Planner.plan(new PlanRequest(current, desired, 18, Map.of(), "test", List.of(), Equivalence::same));
        List<String> contract = plan.steps(Phase.CONTRACT).stream().flatMap(s -> ((DdlStep) s).sql().stream()).toList();
        int lastBuild = Math.max(contract.indexOf(contract.stream().filter(s -> s.startsWith("CREATE MATERIALIZED VIEW public.x__")).findFirst().orElseThrow()),
                contract.indexOf(contract.stream().filter(s -> s.startsWith("CREATE MATERIALIZED VIEW public.y__")).findFirst().orElseThrow()));
        int firstRename = contract.indexOf(contract.stream().filter(s -> s.startsWith("ALTER MATERIALIZED VIEW")).findFirst().orElseThrow());
        assertTrue(lastBuild < firstRename, contract.toString());
        assertTrue(contract.indexOf("DROP MATERIALIZED VIEW public.x__strata_old") > contract.lastIndexOf(
                "CREATE OR REPLACE VIEW public.both AS\nSELECT x.id FROM public.x, public.y"), contract.toString());
    }

    @Test
    void anIndexWithoutANameAndABrokenQueryAreReportedWhereTheyAre() {
        var e = assertThrows(InvalidInputException.class, () -> SchemaFiles.parse(Map.of("public/a.yaml", """
                materialized_views:
                  m:
                    definition: SELECT 1; DROP TABLE t
                    indexes:
                      - columns: [id]
                """)));
        String message = e.getMessage();
        assertTrue(message.contains("public/a.yaml:3:") && message.contains("';' may only end it"), message);
        assertTrue(message.contains("public/a.yaml:5:") && message.contains("an index of materialized view 'm' needs a name"), message);
    }
}
