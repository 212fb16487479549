package dev.strata.plan.recipe;

import dev.strata.diff.ExpressionEquality;
import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.model.Deferrability;
import dev.strata.model.ForeignKey;
import dev.strata.model.MaterializedView;
import dev.strata.model.PrimaryKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Table;
import dev.strata.plan.DdlStep;
import dev.strata.plan.Plan;
import dev.strata.plan.PlanRequest;
import dev.strata.plan.Planner;
import dev.strata.plan.TableFacts;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.strata.plan.recipe.ColumnRecipeFixtures.T;
import static dev.strata.plan.recipe.ColumnRecipeFixtures.ddl;
import static dev.strata.testing.TestCatalogs.INTEGER;
import static dev.strata.testing.TestCatalogs.TEXT;
import static dev.strata.testing.TestCatalogs.catalog;
import static dev.strata.testing.TestCatalogs.pub;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When the planner rebuilds a table in its declared column order, and when it only notes the order (no database). */
class ReorderColumnsPlanTest {

    private static final Table BEFORE = Table.of("t", List.of(Column.of("name", TEXT))).withPrimaryKey(
            Optional.of(new PrimaryKey("t_pkey", List.of("name"))));
    private static final Table AFTER = BEFORE.withColumns(List.of(Column.of("note", TEXT), Column.of("name", TEXT)));

    private static final TableFacts EMPTY_STANDALONE = new TableFacts(8192, 0, true, true);

    private static Plan plan(Catalog before, Catalog after, Map<QualifiedName, TableFacts> facts) {
        return Planner.plan(new PlanRequest(before, after, 18, facts, "test", List.of(), ExpressionEquality.TEXTUAL));
    }

    private static boolean rebuilds(Plan plan) {
        return ddl(plan).stream().anyMatch(s -> s.summary().startsWith("rebuild table public.t"));
    }

    private static boolean notes(Plan plan) {
        return plan.warnings().stream().anyMatch(w -> w.startsWith("table public.t: the columns will be in the order name, note"));
    }

    @Test
    void anEmptyStandaloneTableIsRebuiltAfterTheColumnIsAddedAndWithoutANote() {
        Plan plan = plan(catalog(BEFORE), catalog(AFTER), Map.of(T, EMPTY_STANDALONE));

        List<DdlStep> steps = ddl(plan);
        assertEquals(List.of("add column public.t.note", "rebuild table public.t in its declared column order (the table is empty)"),
                steps.stream().map(DdlStep::summary).toList());
        String sql = String.join("\n", steps.getLast().sql());
        assertTrue(sql.startsWith("LOCK TABLE public.t IN ACCESS EXCLUSIVE MODE\nDO $strata$"), sql);
        assertTrue(sql.contains("  EXECUTE 'DROP TABLE public.t';\n  EXECUTE 'CREATE TABLE public.t (\n    note text,\n    name text,\n"
                + "    CONSTRAINT t_pkey PRIMARY KEY (name)\n)';\nEND"), sql);
        assertTrue(!notes(plan), plan.warnings().toString());
    }

    @Test
    void withoutALiveCatalogTheOrderIsOnlyNoted() {
        Plan plan = plan(catalog(BEFORE), catalog(AFTER), Map.of());

        assertTrue(!rebuilds(plan) && notes(plan), plan.warnings().toString());
    }

    @Test
    void anEmptyTableTheCatalogDidNotFindStandaloneIsOnlyNoted() {
        Plan plan = plan(catalog(BEFORE), catalog(AFTER), Map.of(T, new TableFacts(8192, 0, true, false)));

        assertTrue(!rebuilds(plan) && notes(plan), plan.warnings().toString());
    }

    @Test
    void aTableAnotherDesiredTableReferencesIsOnlyNoted() {
        Table child = Table.of("child", List.of(Column.of("t_name", TEXT))).withForeignKeys(List.of(new ForeignKey("child_t_fk",
                List.of("t_name"), T, List.of("name"), ForeignKey.Action.NO_ACTION, ForeignKey.Action.NO_ACTION,
                ForeignKey.Match.SIMPLE, Deferrability.NOT_DEFERRABLE)));
        Plan plan = plan(catalog(BEFORE), catalog(AFTER, child), Map.of(T, EMPTY_STANDALONE));

        assertTrue(!rebuilds(plan) && notes(plan), plan.warnings().toString());
    }

    @Test
    void aMaterializedViewThePlanCreatesOverTheTableIsOnlyNoted() {
        Catalog after = catalog(pub().withTables(List.of(AFTER)).withObjects(List.of(
                new MaterializedView("names", "SELECT t.name FROM t", true, List.of(), Optional.empty()))));
        Plan plan = plan(catalog(BEFORE), after, Map.of(T, EMPTY_STANDALONE));

        assertTrue(!rebuilds(plan) && notes(plan), plan.warnings().toString());
    }

    @Test
    void aRebuildComesLastInContractWhenAnotherStepChangesTheTableThere() {
        Table after = AFTER.withColumns(List.of(Column.of("note", TEXT), Column.of("name", TEXT), Column.of("gone", INTEGER)));
        Table before = BEFORE.withColumns(List.of(Column.of("name", TEXT), Column.of("gone", INTEGER)));
        Plan plan = plan(catalog(before), catalog(after.withColumns(List.of(Column.of("note", TEXT), Column.of("name", TEXT)))),
                Map.of(T, EMPTY_STANDALONE));

        DdlStep last = ddl(plan).getLast();
        assertEquals("rebuild table public.t in its declared column order (the table is empty)", last.summary());
        assertTrue(last.id().startsWith("contract-"), last.id());
    }
}
