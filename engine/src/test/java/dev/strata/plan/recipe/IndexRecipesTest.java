package dev.strata.plan.recipe;

import dev.strata.diff.ExpressionEquality;
import dev.strata.diff.IndexChange.CreateIndex;
import dev.strata.model.Column;
import dev.strata.model.Index;
import dev.strata.model.QualifiedName;
import dev.strata.plan.DdlStep;
import dev.strata.plan.LockMode;
import dev.strata.plan.Phase;
import dev.strata.plan.PlanningException;
import dev.strata.plan.RecipeRun;
import dev.strata.plan.Stage;
import dev.strata.plan.TableWork;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.strata.testing.TestCatalogs.*;
import static dev.strata.plan.recipe.RecipeFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IndexRecipesTest {

    @Test
    void indexIsBuiltConcurrentlyInExpand() {
        List<DdlStep> steps = ddl(plan(catalog(orders()), catalog(orders().withIndexes(List.of(index("orders_total_idx", false, "total"))))));
        assertEquals(1, steps.size());
        DdlStep step = steps.get(0);
        assertEquals("expand-1", step.id());
        assertEquals(List.of("CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_total_idx ON public.orders USING btree (total)"), step.sql());
        assertFalse(step.transactional());
        assertEquals(List.of(lock(ORDERS, LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.SCAN)), step.locks());
        assertEquals(List.of("DROP INDEX CONCURRENTLY IF EXISTS public.orders_total_idx"), step.inverseSql().orElseThrow());
    }

    @Test
    void uniqueIndexOnExistingColumnsWaitsForContract() {
        DdlStep step = ddl(plan(catalog(orders()), catalog(orders().withIndexes(List.of(index("orders_total_key", true, "total")))))).get(0);
        assertEquals(Phase.CONTRACT, step.phase());
        assertEquals(List.of("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS orders_total_key ON public.orders USING btree (total)"),
                step.sql());
    }

    @Test
    void uniqueIndexOnANullableColumnThisPlanAddsStaysInExpand() {
        var current = orders();
        var desired = orders().withColumns(List.of(orders().columns().get(0), orders().columns().get(1), orders().columns().get(2),
                Column.of("reference", TEXT))).withIndexes(List.of(index("orders_reference_key", true, "reference")));
        var change = new CreateIndex(ORDERS, desired.indexes().get(0));
        assertEquals(Stage.CREATE_INDEX, RecipeRun.stageOf(catalog(current), catalog(desired),
                (ctx, out) -> CreateIndexRecipe.INSTANCE.plan(change, ctx, out), 0));
    }

    @Test
    void uniqueIndexOnANewColumnWithADefaultWaitsForContract() {
        var desired = orders().withColumns(List.of(orders().columns().get(0), orders().columns().get(1), orders().columns().get(2),
                Column.of("reference", TEXT).withDefault(Optional.of("'none'")))).withIndexes(List.of(index("orders_reference_key", true, "reference")));
        var change = new CreateIndex(ORDERS, desired.indexes().get(0));
        assertEquals(Stage.TIGHTEN, RecipeRun.stageOf(catalog(orders()), catalog(desired),
                (ctx, out) -> CreateIndexRecipe.INSTANCE.plan(change, ctx, out), 0));
    }

    @Test
    void nullsNotDistinctIndexIsRefusedOnPostgres14() {
        var nnd = new Index("orders_total_key", true, true, "btree", List.of(dev.strata.model.IndexKey.column("total")), List.of(),
                Optional.empty(), Map.of());
        var e = assertThrows(PlanningException.class, () -> plan(catalog(orders()), catalog(orders().withIndexes(List.of(nnd))), 14,
                ExpressionEquality.TEXTUAL));
        assertTrue(e.reasons().get(0).contains("NULLS NOT DISTINCT needs PostgreSQL 15"));
    }

    @Test
    void droppedIndexGoesConcurrentlyInContract() {
        DdlStep step = ddl(plan(catalog(orders().withIndexes(List.of(index("orders_total_idx", false, "total")))), catalog(orders()))).get(0);
        assertEquals(Phase.CONTRACT, step.phase());
        assertEquals(List.of("DROP INDEX CONCURRENTLY IF EXISTS public.orders_total_idx"), step.sql());
        assertFalse(step.transactional());
        assertEquals(List.of(lock(ORDERS, LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.CATALOG_ONLY),
                lock(QualifiedName.of("public", "orders_total_idx"), LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.CATALOG_ONLY)), step.locks());
        assertEquals(List.of("CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_total_idx ON public.orders USING btree (total)"),
                step.inverseSql().orElseThrow());
    }

    @Test
    void renamedIndexTakesShareUpdateExclusiveOnTheIndexOnly() {
        DdlStep step = ddl(plan(catalog(orders().withIndexes(List.of(index("orders_total_idx", false, "total")))),
                catalog(orders().withIndexes(List.of(index("orders_by_total", false, "total")))))).get(0);
        assertEquals(Phase.EXPAND, step.phase());
        assertEquals(List.of("ALTER INDEX public.orders_total_idx RENAME TO orders_by_total"), step.sql());
        assertEquals(List.of(lock(QualifiedName.of("public", "orders_by_total"), LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.CATALOG_ONLY)),
                step.locks());
        assertEquals(List.of("ALTER INDEX public.orders_by_total RENAME TO orders_total_idx"), step.inverseSql().orElseThrow());
    }

    @Test
    void replacedIndexIsBuiltAsideThenTheOldDroppedThenRenamed() {
        List<DdlStep> steps = ddl(plan(catalog(orders().withIndexes(List.of(index("orders_total_idx", false, "total")))),
                catalog(orders().withIndexes(List.of(index("orders_total_idx", false, "total", "id"))))));
        assertEquals(List.of(
                List.of("CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_total_idx__strata_new ON public.orders USING btree (total, id)"),
                List.of("DROP INDEX CONCURRENTLY IF EXISTS public.orders_total_idx"),
                List.of("ALTER INDEX public.orders_total_idx__strata_new RENAME TO orders_total_idx")),
                steps.stream().map(DdlStep::sql).toList());
        assertTrue(steps.stream().allMatch(s -> s.phase() == Phase.EXPAND));
    }

    @Test
    void replacedUniqueIndexWaitsForContract() {
        List<DdlStep> steps = ddl(plan(catalog(orders().withIndexes(List.of(index("orders_total_key", true, "total")))),
                catalog(orders().withIndexes(List.of(index("orders_total_key", true, "total", "id"))))));
        assertEquals(3, steps.size());
        assertTrue(steps.stream().allMatch(s -> s.phase() == Phase.CONTRACT));
    }

    @Test
    void temporaryNameOfALongIndexNameStaysWithin63Bytes() {
        String name = "é".repeat(40);
        String built = IndexSql.buildName(name);
        assertTrue(built.getBytes(StandardCharsets.UTF_8).length <= 63, built);
        assertTrue(built.endsWith("__strata_new"));
        assertTrue(built.startsWith("é".repeat(20)), built);
    }

    @Test
    void temporaryNamesOfTwoLongIndexNamesWithACommonPrefixDiffer() {
        String prefix = "é".repeat(40);
        assertNotEquals(IndexSql.buildName(prefix + "_a"), IndexSql.buildName(prefix + "_b"));
    }
}
