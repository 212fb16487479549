package dev.strata.plan;

import dev.strata.diff.ExpressionEquality;
import dev.strata.model.Catalog;
import dev.strata.model.Dependent;
import dev.strata.model.TakenNames;
import dev.strata.model.QualifiedName;
import dev.strata.yaml.SchemaFiles;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Which dependents recorded by the catalog refuse a plan, without a database. */
class DependentCheckTest {

    private static final QualifiedName ITEMS = QualifiedName.of("public", "items");
    private static final String BEFORE = """
            tables:
              items:
                columns:
                  id: { type: integer, nullable: false }
                  code: text
                primary_key: [id]
            views:
              codes: "SELECT id, code FROM public.items"
            """;

    private static Catalog catalog(String yaml) {
        return SchemaFiles.parse(Map.of("schema.yaml", yaml)).catalog();
    }

    private static Plan plan(String desired, Dependent... dependents) {
        return Planner.plan(new PlanRequest(catalog(BEFORE), catalog(desired), 18, Map.of(), "test", List.of(),
                ExpressionEquality.TEXTUAL, TakenNames.none(), List.of(dependents)));
    }

    private static List<String> refusals(String desired, Dependent... dependents) {
        return assertThrows(PlanningException.class, () -> plan(desired, dependents)).reasons();
    }

    private static final Dependent FK = new Dependent("foreign key", "events_item_fk on public.events", ITEMS, List.of("id"));
    private static final Dependent VIEW = new Dependent("view", "public.codes", ITEMS, List.of("code", "id"));

    @Test
    void foreignKeyOfAPartitionedTableRefusesRetypingTheKeyItReferences() {
        assertEquals(List.of("foreign key events_item_fk on public.events depends on column public.items.id, which this"
                + " plan retypes (by rebuilding it, dropping the old copy in CONTRACT): PostgreSQL would refuse to drop"
                + " that column in CONTRACT after EXPAND and BACKFILL ran; drop that foreign key first (Strata does not"
                + " manage it) and add it back afterwards"), refusals(BEFORE.replace("type: integer", "type: bigint"), FK));
    }

    @Test
    void foreignKeyOfAPartitionedTableRefusesDroppingTheTable() {
        assertEquals(1, refusals("views: {}\n", FK).stream().filter(r -> r.contains("depends on table public.items,"
                + " which this plan drops")).count());
    }

    @Test
    void aDependentOnAnotherColumnDoesNotRefuse() {
        assertFalse(plan(BEFORE.replace("code: text", "code: { type: varchar, using: \"code\" }")
                .replace("SELECT id, code", "SELECT id"), FK).isEmpty());
    }

    @Test
    void viewOfTheSchemaReplacedInThePlanHandlesARenameButNotARetype() {
        String renamed = BEFORE.replace("code: text", "label: { type: text, renamed_from: code }")
                .replace("SELECT id, code", "SELECT id, label");
        assertFalse(plan(renamed, VIEW).isEmpty());

        String retyped = BEFORE.replace("code: text", "code: { type: jsonb, using: \"to_jsonb(code)\" }")
                .replace("SELECT id, code", "SELECT id, code::text AS code");
        assertEquals(List.of("view public.codes depends on column public.items.code, which this plan retypes (by"
                + " rebuilding it, dropping the old copy in CONTRACT): PostgreSQL would refuse to drop that column in"
                + " CONTRACT after EXPAND and BACKFILL ran; drop the view first (or in this plan, if it is in the schema)"
                + " and create it again afterwards"), refusals(retyped, VIEW));
    }

    @Test
    void aRuleOnAViewThePlanDropsAndCreatesAgainRefusesThePlan() {
        Dependent rule = new Dependent("rule", "log_codes on public.codes", QualifiedName.of("public", "codes"), List.of());
        assertEquals(List.of("rule log_codes on public.codes depends on view public.codes, which this plan drops and"
                + " creates again (its columns change): PostgreSQL would refuse the drop in CONTRACT after the earlier"
                + " phases ran; drop the rule first (or in this plan, if it is in the schema) and create it again"
                + " afterwards"), refusals(BEFORE.replace("SELECT id, code", "SELECT code, id"), rule));
    }

    @Test
    void aViewOfTheSchemaReadingAReplacedViewDoesNotRefuse() {
        Dependent reader = new Dependent("view", "public.codes", QualifiedName.of("public", "codes"), List.of());
        assertFalse(plan(BEFORE.replace("SELECT id, code", "SELECT code, id"), reader).isEmpty());
    }

    @Test
    void viewDroppedInThePlanHandlesDroppingTheColumn() {
        assertFalse(plan("""
                tables:
                  items:
                    columns:
                      id: { type: integer, nullable: false }
                    primary_key: [id]
                """, VIEW).isEmpty());
    }

    @Test
    void sqlStandardFunctionDroppedInThePlanHandlesDroppingTheColumnItReadsAndIsDroppedFirst() {
        String current = BEFORE + """
                functions:
                  code_of(integer):
                    arguments: [{name: k, type: integer}]
                    returns: text
                    language: sql
                    sql_body: RETURN (SELECT code FROM public.items WHERE id = k)
                """;
        String desired = """
                tables:
                  items:
                    columns:
                      id: { type: integer, nullable: false }
                    primary_key: [id]
                """;
        Dependent function = new Dependent("function", "public.code_of(integer)", ITEMS, List.of("code", "id"));
        Plan plan = Planner.plan(new PlanRequest(catalog(current), catalog(desired), 18, Map.of(), "test", List.of(),
                ExpressionEquality.TEXTUAL, TakenNames.none(), List.of(function)));
        List<String> contract = plan.steps(Phase.CONTRACT).stream()
                .flatMap(st -> st instanceof DdlStep d ? d.sql().stream() : java.util.stream.Stream.<String>empty()).toList();
        int dropFunction = contract.indexOf("DROP FUNCTION public.code_of(integer)");
        int dropColumn = contract.indexOf(contract.stream().filter(q -> q.contains("DROP COLUMN IF EXISTS code")).findFirst()
                .orElseThrow(() -> new AssertionError(contract.toString())));
        assertTrue(dropFunction >= 0 && dropFunction < dropColumn, contract.toString());
    }
}
