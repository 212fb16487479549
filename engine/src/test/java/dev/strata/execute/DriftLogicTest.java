package dev.strata.execute;

import dev.strata.ddl.Saved;
import dev.strata.diff.ExpressionEquality;
import dev.strata.model.Catalog;
import dev.strata.model.QualifiedName;
import dev.strata.plan.ConcurrentIndex;
import dev.strata.plan.DdlStep;
import dev.strata.plan.Phase;
import dev.strata.plan.Plan;
import dev.strata.plan.PlanRequest;
import dev.strata.plan.Planner;
import dev.strata.plan.Undo;
import dev.strata.yaml.SchemaFiles;
import dev.strata.yaml.SchemaWriter;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What counts as drift, without a database: snapshots are pulled files, so any two catalogs will do. */
class DriftLogicTest {

    private static final String NOTES = """
              notes:
                columns:
                  id: { type: bigint, nullable: false }
                  body: text
                primary_key: [id]
            """;

    private static Catalog catalog(String items, String notes) {
        return SchemaFiles.parse(Map.of("schema.yaml", """
                tables:
                  items:
                    columns:
                      id: { type: bigint, nullable: false }
                """ + items + """
                    primary_key: [id]
                """ + notes)).catalog();
    }

    private static final Catalog BEFORE = catalog("      qty: integer\n", NOTES);
    private static final Plan PLAN = Planner.plan(new PlanRequest(BEFORE, catalog("      qty: bigint\n", NOTES), 18,
            Map.of(), "test", List.of(), ExpressionEquality.TEXTUAL));

    @Test
    void theWatchedObjectsAreWhatThePlanLocksOrBackfillsNotTheRestOfTheSchema() {
        Set<QualifiedName> watched = Drift.watched(PLAN);

        assertTrue(watched.contains(QualifiedName.of("public", "items")), watched.toString());
        assertTrue(!watched.contains(QualifiedName.of("public", "notes")), watched.toString());
    }

    @Test
    void aChangeToAWatchedTableIsNamedAndOneToAnUnrelatedTableIsNot() {
        SortedMap<String, String> recorded = SchemaWriter.files(BEFORE);
        SortedMap<String, String> live = SchemaWriter.files(catalog("      qty: integer\n      note: text\n",
                NOTES.replace("      body: text\n", "      body: text\n      author: text\n")));

        assertEquals(List.of("add column public.items.note text"), Drift.changes(recorded, live, PLAN, Set.of()));
    }

    @Test
    void equalSnapshotsAreNoDrift() {
        assertEquals(List.of(), Drift.changes(SchemaWriter.files(BEFORE), SchemaWriter.files(BEFORE), PLAN, Set.of()));
    }

    @Test
    void snapshotsSurviveTheirJsonForm() {
        SortedMap<String, String> files = SchemaWriter.files(BEFORE);

        assertEquals(files, Drift.files(Drift.json(files)));
    }

    @Test
    void aChangedDesiredSchemaIsDescribedAsWhatItAddsToTheRecordedOne() {
        List<String> changes = Drift.desiredChanges(SchemaWriter.files(catalog("      qty: bigint\n", NOTES)),
                catalog("      qty: bigint\n      note: text\n", NOTES));

        assertEquals(List.of("add column public.items.note text"), changes);
    }

    @Test
    void theIndexesOfAConcurrentStepAreReadFromItsStatements() {
        DdlStep create = step(false, "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"Items_Qty\" ON public.items (qty)");
        DdlStep drop = step(false, "DROP INDEX CONCURRENTLY IF EXISTS public.items_old");
        DdlStep transactional = step(true, "CREATE INDEX items_qty ON public.items (qty)");

        assertEquals(Set.of("Items_Qty"), DdlRunner.indexesNamedBy(create));
        assertEquals(Set.of("items_old"), DdlRunner.indexesNamedBy(drop));
        assertEquals(Set.of(), DdlRunner.indexesNamedBy(transactional));
    }

    @Test
    void theIndexOfAConcurrentStepIsTheOneItCarriesWhateverItsStatementSays() {
        DdlStep build = new DdlStep("expand-1", Phase.EXPAND, "test",
                List.of(new Saved("CREATE /* by hand */ UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"Other\" ON public.items (qty)")),
                false, List.of(), Undo.nothing(), Optional.empty(), List.of(), Optional.empty(),
                Optional.of(new ConcurrentIndex.Build(QualifiedName.of("public", "Items_Qty"))));

        assertEquals(Set.of("Items_Qty"), DdlRunner.indexesNamedBy(build));
        assertEquals(Optional.of(QualifiedName.of("public", "Items_Qty")), DdlRunner.indexBuiltBy(build));
    }

    @Test
    void anOldPlanStepThatNamesItsIndexInAnotherSpellingIsReadAsTheServerWould() {
        // Only A-Z fold: the regex this replaced lower-cased Ä to ä, a name the server never built.
        DdlStep create = step(false, "CREATE INDEX CONCURRENTLY IF NOT EXISTS ÄRA_IDX ON public.items (qty)");
        DdlStep drop = step(false, "drop index concurrently if exists \"S\".old");

        assertEquals(Optional.of(QualifiedName.of("public", "Ära_idx")), DdlRunner.indexBuiltBy(create));
        assertEquals(Set.of("old"), DdlRunner.indexesNamedBy(drop));
        assertEquals(Optional.empty(), DdlRunner.indexBuiltBy(drop));
    }

    private static DdlStep step(boolean transactional, String sql) {
        return new DdlStep("expand-1", Phase.EXPAND, "test", List.of(new Saved(sql)), transactional, List.of(), Undo.nothing(),
                Optional.empty(), List.of());
    }
}
