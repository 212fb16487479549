package dev.strata.plan;

import dev.strata.diff.ExpressionEquality;
import dev.strata.model.Catalog;
import dev.strata.model.QualifiedName;
import dev.strata.yaml.SchemaFiles;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dependency graph that orders each phase: pure, no database. */
class StepGraphTest {

    private static final ObjectRef A = new ObjectRef.View(QualifiedName.of("public", "a"));
    private static final ObjectRef B = new ObjectRef.View(QualifiedName.of("public", "b"));
    private static final ObjectRef C = new ObjectRef.Table(QualifiedName.of("public", "c"));

    private static Dependencies.Effects creates(ObjectRef made, ObjectRef... needs) {
        return new Dependencies.Effects(Set.of(made), Set.of(), Set.of(needs), Set.of());
    }

    private static Dependencies.Effects drops(ObjectRef dropped, ObjectRef... reads) {
        return new Dependencies.Effects(Set.of(), Set.of(dropped), Set.of(), Set.of(reads));
    }

    private static final Dependencies.Effects NOTHING = new Dependencies.Effects(Set.of(), Set.of(), Set.of(), Set.of());

    @Test
    void independentStepsKeepTheGivenOrder() {
        assertEquals(List.of(0, 1, 2), StepGraph.order(List.of(NOTHING, creates(A), drops(B))));
    }

    @Test
    void whatAStepNeedsIsCreatedFirstEvenWhenGivenLater() {
        assertEquals(List.of(1, 0, 2), StepGraph.order(List.of(creates(B, A), creates(A), NOTHING)));
    }

    @Test
    void aDependantIsDroppedBeforeWhatItReads() {
        assertEquals(List.of(1, 0), StepGraph.order(List.of(drops(A), drops(B, A))));
    }

    @Test
    void aCreateAndADropOfTheSameObjectKeepTheGivenOrder() {
        assertEquals(List.of(0, 1), StepGraph.order(List.of(creates(A), drops(A))));
        assertEquals(List.of(0, 1), StepGraph.order(List.of(drops(A), creates(A))));
    }

    @Test
    void aCycleIsReportedByOrderAndReturnedTogetherByComponents() {
        var first = new Dependencies.Effects(Set.of(A), Set.of(A), Set.of(), Set.of());
        var second = new Dependencies.Effects(Set.of(B), Set.of(B), Set.of(A), Set.of(A));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> StepGraph.order(List.of(NOTHING, first, second)));
        assertTrue(e.getMessage().contains("[1, 2]"), e.getMessage());
        assertEquals(List.of(List.of(0), List.of(1, 2)), StepGraph.components(List.of(NOTHING, first, second)));
    }

    @Test
    void shuffledInputGivesTheSameOrderWhenDependenciesDecideIt() {
        ObjectRef d = new ObjectRef.Index(QualifiedName.of("public", "d"));
        ObjectRef e = new ObjectRef.Index(QualifiedName.of("public", "e"));
        // c, then a (needs c), then b (needs a), then e's drop (needs b; e reads d), then d's drop: a total order.
        List<Dependencies.Effects> chain = List.of(creates(C), creates(A, C), creates(B, A), drops(d),
                new Dependencies.Effects(Set.of(), Set.of(e), Set.of(B), Set.of(d)));
        List<Dependencies.Effects> expected = sorted(chain);
        Random random = new Random(42);
        for (int i = 0; i < 50; i++) {
            List<Dependencies.Effects> shuffled = new ArrayList<>(chain);
            Collections.shuffle(shuffled, random);
            assertEquals(expected, sorted(shuffled));
        }
    }

    private static List<Dependencies.Effects> sorted(List<Dependencies.Effects> effects) {
        return StepGraph.order(effects).stream().map(effects::get).toList();
    }

    @Test
    void everyEdgeIsRespectedWhateverTheInputOrder() {
        List<Dependencies.Effects> steps = List.of(creates(C), creates(A, C), creates(B, A), NOTHING, drops(B),
                drops(C, B));
        Random random = new Random(7);
        for (int i = 0; i < 50; i++) {
            List<Dependencies.Effects> shuffled = new ArrayList<>(steps);
            Collections.shuffle(shuffled, random);
            List<Dependencies.Effects> out = sorted(shuffled);
            for (int x = 0; x < out.size(); x++) {
                for (int y = x + 1; y < out.size(); y++) {
                    assertTrue(!StepGraph.before(out.get(y), out.get(x)), "edge violated in " + out);
                }
            }
            assertEquals(out, sorted(shuffled), "the same input gives the same order");
        }
    }

    private static Catalog catalog(String yaml) {
        return SchemaFiles.parse(Map.of("schema.yaml", yaml)).catalog();
    }

    private static Plan plan(String current, String desired) {
        return Planner.plan(new PlanRequest(catalog(current), catalog(desired), 18, Map.of(), "test", List.of(),
                ExpressionEquality.TEXTUAL));
    }

    @Test
    void aViewReplacedAroundAReplacedViewItReadsIsOneStepDroppingTheReaderFirst() {
        String table = "tables:\n  items:\n    columns: { id: int, name: text, price: int }\n";
        Plan plan = plan(table + "views:\n  base: SELECT id, name FROM public.items\n"
                        + "  top: SELECT id, name FROM public.base\n",
                table + "views:\n  base: SELECT id, name, price FROM public.items\n"
                        + "  top: SELECT id, name, price FROM public.base\n");

        List<DdlStep> views = plan.steps().stream().filter(s -> s instanceof DdlStep d && d.summary().contains("view"))
                .map(s -> (DdlStep) s).toList();
        assertEquals(1, views.size(), views.toString());
        assertEquals(List.of("DROP VIEW IF EXISTS public.top", "DROP VIEW IF EXISTS public.base",
                "CREATE VIEW public.base AS\nSELECT id, name, price FROM public.items",
                "CREATE VIEW public.top AS\nSELECT id, name, price FROM public.base"), views.getFirst().sql());
        assertEquals(List.of("DROP VIEW IF EXISTS public.top", "DROP VIEW IF EXISTS public.base",
                "CREATE VIEW public.base AS\nSELECT id, name FROM public.items",
                "CREATE VIEW public.top AS\nSELECT id, name FROM public.base"), views.getFirst().inverseSql().orElseThrow());
    }

    @Test
    void aNewViewIsCreatedAfterTheNewViewItReadsWhateverTheirNames() {
        String table = "tables:\n  items:\n    columns: { id: int }\n";
        Plan plan = plan(table, table + "views:\n  a_top: SELECT id FROM public.z_base\n"
                + "  z_base: SELECT id FROM public.items\n");

        assertEquals(List.of("create view public.z_base", "create view public.a_top"), plan.steps().stream()
                .filter(s -> s instanceof DdlStep).map(s -> ((DdlStep) s).summary()).toList());
    }
}
