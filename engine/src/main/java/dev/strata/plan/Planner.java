package dev.strata.plan;

import dev.strata.diff.Change;
import dev.strata.diff.DiffResult;
import dev.strata.diff.Differ;
import dev.strata.ddl.Statement;
import dev.strata.plan.recipe.ReorderColumnsRecipe;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Desired schema + current schema → phased plan. Pure: the caller reads catalogs and files.
 *
 * <p>Order of work: diff, hand each change to its recipe ({@link Recipes}), sort the drafts by
 * phase and stage (stable, so the diff's order breaks ties), number them, and give each phase with steps
 * the gate that stands before it (this is the one place that decides gates). Dual-write is in effect before
 * the backfill by construction: sync triggers live in EXPAND and the dual-write gate stands before BACKFILL.
 */
public final class Planner {

    private Planner() {}

    public static Plan plan(PlanRequest request) {
        DiffResult diff = Differ.diff(request.current(), request.desired(), request.equality());
        PlanContext context = new PlanContext(request.current(), request.desired(), request.pgMajor(), request.tableFacts(),
                new GeneratedNames(request.current(), request.desired(), request.taken()), request.dependents(),
                request.dropNow());
        RecipeOutput out = new RecipeOutput();
        List<Change> changes = Subsumption.apply(diff.changes(), context);
        for (Change change : changes) {
            Recipes.plan(change, context, out);
        }
        DependentCheck.refusals(changes, context).forEach(out::refuse);
        if (!out.refusals().isEmpty()) {
            throw new PlanningException(out.refusals());
        }
        Dependencies dependencies = new Dependencies(request.current(), request.desired());
        List<PhasePlan> phases = phases(out, dependencies);
        List<Step> steps = phases.stream().flatMap(p -> p.steps().stream()).toList();
        List<String> warnings = new ArrayList<>(diff.warnings());
        boolean rebuilt = false;
        for (ColumnOrder.Misordered m : ColumnOrder.find(request.current(), request.desired(), steps)) {
            if (ReorderColumnsRecipe.applies(m.table(), context)) {
                out.add(ReorderColumnsRecipe.step(m.table(), m.resulting(), context, reorderStage(m.table(), steps)));
                rebuilt = true;
            } else {
                warnings.add(m.note());
            }
        }
        if (rebuilt) {
            phases = phases(out, dependencies);
            steps = phases.stream().flatMap(p -> p.steps().stream()).toList();
        }
        warnings.addAll(out.warnings());
        Map<dev.strata.model.QualifiedName, TableFacts> facts = touchedFacts(steps, request.tableFacts());
        return new Plan(request.currentDescription(), "", request.pgMajor(),
                diff.changes().stream().map(Change::describe).toList(), phases, out.dualWrites(), facts, warnings,
                request.unmanaged(), LockPolicy.check(steps)).withPreflight(new Preflight(
                        Preflight.checks(diff.changes(), request.current(), request.desired()), Optional.empty()));
    }

    /**
     * A column-order rebuild stands in the last phase in which another step changes the table: in CONTRACT when one
     * there or in BACKFILL does (a sync trigger, which the model does not hold, is gone only then), else in EXPAND.
     */
    private static Stage reorderStage(dev.strata.model.QualifiedName table, List<Step> steps) {
        boolean later = steps.stream().filter(s -> s.phase() != Phase.EXPAND).anyMatch(s -> switch (s) {
            case DdlStep d -> d.locks().stream().anyMatch(l -> l.target().name().equals(table));
            case BackfillStep b -> b.table().equals(table);
        });
        return later ? Stage.REORDER_COLUMNS_LAST : Stage.REORDER_COLUMNS;
    }

    private static List<PhasePlan> phases(RecipeOutput out, Dependencies dependencies) {
        List<StepDraft> drafts = new ArrayList<>(out.drafts());
        drafts.sort(Comparator.comparing(StepDraft::stage));
        Map<Phase, List<StepDraft>> byPhase = new EnumMap<>(Phase.class);
        for (StepDraft d : drafts) {
            byPhase.computeIfAbsent(d.phase(), p -> new ArrayList<>()).add(d);
        }
        // A rebuild in the declared column order creates the table as the whole plan leaves it, so it comes after
        // every other step of its phase, outside the graph (which would put a step creating the table first).
        byPhase.replaceAll((phase, inPhase) -> {
            List<StepDraft> ordered = new ArrayList<>(ordered(inPhase.stream().filter(d -> !reorders(d)).toList(), dependencies));
            inPhase.stream().filter(Planner::reorders).forEach(ordered::add);
            return ordered;
        });
        List<PhasePlan> phases = new ArrayList<>();
        boolean backfill = byPhase.containsKey(Phase.BACKFILL);
        for (Phase phase : Phase.values()) {
            List<StepDraft> inPhase = byPhase.getOrDefault(phase, List.of());
            if (inPhase.isEmpty()) {
                continue;
            }
            // A gate stands only before a phase with steps, so every way of running the plan asks the same
            // questions. Without a backfill, what the dual-write deploy asks is part of the one deploy before
            // CONTRACT; a plan that only removes still needs the application to stop using what goes.
            Optional<Gate> gate = switch (phase) {
                case EXPAND -> Optional.empty();
                case BACKFILL -> Optional.of(gate(GateKind.DEPLOY_DUAL_WRITE,
                        out.gateInstructions(GateKind.DEPLOY_DUAL_WRITE)));
                case CONTRACT -> {
                    List<String> instructions = new ArrayList<>();
                    if (!backfill) {
                        instructions.addAll(out.gateInstructions(GateKind.DEPLOY_DUAL_WRITE));
                    }
                    instructions.addAll(out.gateInstructions(GateKind.DEPLOY_READ_SWITCH));
                    yield Optional.of(gate(GateKind.DEPLOY_READ_SWITCH, instructions));
                }
            };
            List<Step> steps = new ArrayList<>();
            for (StepDraft d : inPhase) {
                steps.add(d.build(phase.name().toLowerCase(java.util.Locale.ROOT) + "-" + (steps.size() + 1)));
            }
            phases.add(new PhasePlan(phase, gate, steps));
        }
        return phases;
    }

    private static boolean reorders(StepDraft draft) {
        return draft.stage() == Stage.REORDER_COLUMNS || draft.stage() == Stage.REORDER_COLUMNS_LAST;
    }

    /**
     * The steps of one phase in dependency order ({@link StepGraph}); the stage order breaks ties. Steps that depend on
     * each other in a cycle (a view replaced around another replaced view it reads) become one step whose statements
     * the same graph orders; a cycle that cannot share a transaction is refused.
     */
    static List<StepDraft> ordered(List<StepDraft> inPhase, Dependencies dependencies) {
        List<Dependencies.Effects> effects = inPhase.stream().map(d -> dependencies.of(d.statements())).toList();
        List<StepDraft> ordered = new ArrayList<>();
        for (List<Integer> component : StepGraph.components(effects)) {
            List<StepDraft> parts = component.stream().map(inPhase::get).toList();
            if (parts.size() == 1) {
                ordered.add(parts.getFirst());
            } else if (parts.stream().allMatch(StepDraft::fusable)) {
                List<List<Statement>> statements = parts.stream().map(StepDraft::statements).toList();
                Undo undo;
                if (parts.stream().allMatch(p -> p.inverseStatements().isPresent())) {
                    List<Statement> inverse = statementOrder(parts.reversed().stream()
                            .map(p -> p.inverseStatements().orElseThrow()).toList(), dependencies);
                    undo = inverse.isEmpty() ? Undo.nothing() : Undo.by(inverse);
                } else {
                    undo = Undo.impossible(parts.stream().flatMap(p -> p.irreversibleBecause().stream()).findFirst()
                            .orElse("a part of it cannot be undone"));
                }
                ordered.add(StepDraft.fuse(parts, statementOrder(statements, dependencies), undo));
            } else {
                throw new PlanningException(List.of("these steps depend on each other in a cycle and cannot run in one"
                        + " transaction: " + String.join("; ", parts.stream().map(StepDraft::summary).toList())));
            }
        }
        return ordered;
    }

    /**
     * The statements of fused steps in dependency order. Inside one step, statements on the same object keep their
     * order (a view is dropped, then created again, then commented on).
     */
    private static List<Statement> statementOrder(List<List<Statement>> parts, Dependencies dependencies) {
        List<Statement> statements = new ArrayList<>();
        List<Integer> part = new ArrayList<>();
        for (int p = 0; p < parts.size(); p++) {
            statements.addAll(parts.get(p));
            for (int i = 0; i < parts.get(p).size(); i++) {
                part.add(p);
            }
        }
        List<Dependencies.Effects> effects = statements.stream().map(s -> dependencies.of(List.of(s))).toList();
        List<Statement> ordered = new ArrayList<>();
        for (List<Integer> component : StepGraph.components(effects,
                (a, b) -> a < b && part.get(a).equals(part.get(b)) && touchSameObject(effects.get(a), effects.get(b)))) {
            // Statements that still form a cycle keep the order their steps gave them.
            component.forEach(i -> ordered.add(statements.get(i)));
        }
        return ordered;
    }

    private static boolean touchSameObject(Dependencies.Effects a, Dependencies.Effects b) {
        java.util.Set<ObjectRef> touched = new java.util.HashSet<>(a.creates());
        touched.addAll(a.drops());
        touched.addAll(a.needs());
        return b.creates().stream().anyMatch(touched::contains) || b.drops().stream().anyMatch(touched::contains)
                || b.needs().stream().anyMatch(touched::contains);
    }

    private static Gate gate(GateKind kind, List<String> instructions) {
        if (instructions.isEmpty()) {
            instructions = List.of(switch (kind) {
                case DEPLOY_DUAL_WRITE -> "No application change is needed before the backfill; confirm that the EXPAND phase is deployed everywhere.";
                case DEPLOY_READ_SWITCH -> "No application change is needed before CONTRACT; confirm that nothing still uses what CONTRACT removes.";
            });
        }
        return new Gate("gate-" + kind.name().toLowerCase(java.util.Locale.ROOT).replace("deploy_", "").replace('_', '-'),
                kind, instructions);
    }

    private static Map<dev.strata.model.QualifiedName, TableFacts> touchedFacts(
            List<Step> steps, Map<dev.strata.model.QualifiedName, TableFacts> all) {
        Map<dev.strata.model.QualifiedName, TableFacts> touched = new java.util.TreeMap<>();
        for (Step step : steps) {
            switch (step) {
                case DdlStep ddl -> ddl.locks().forEach(l -> {
                    // A type has no size; the tables using it are not touched.
                    if (l.target() instanceof LockTarget.Relation(var relation) && all.containsKey(relation)) {
                        touched.put(relation, all.get(relation));
                    }
                });
                case BackfillStep b -> {
                    if (all.containsKey(b.table())) {
                        touched.put(b.table(), all.get(b.table()));
                    }
                }
            }
        }
        return touched;
    }
}
