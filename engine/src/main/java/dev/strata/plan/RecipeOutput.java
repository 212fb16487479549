package dev.strata.plan;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What recipes produce while planning: step drafts, dual-write needs, gate instructions, warnings, refusals. */
public final class RecipeOutput {

    private final List<StepDraft> drafts = new ArrayList<>();
    private final List<DualWrite> dualWrites = new ArrayList<>();
    private final Map<GateKind, Set<String>> gateInstructions = new EnumMap<>(GateKind.class);
    private final Set<String> warnings = new LinkedHashSet<>();
    private final List<String> refusals = new ArrayList<>();

    public StepDraft add(StepDraft draft) {
        drafts.add(draft);
        return draft;
    }

    public void dualWrite(DualWrite dualWrite) {
        dualWrites.add(dualWrite);
    }

    /** Something the application must have done before the phase after the gate starts. */
    public void gate(GateKind kind, String instruction) {
        gateInstructions.computeIfAbsent(kind, k -> new LinkedHashSet<>()).add(instruction);
    }

    public void warn(String warning) {
        warnings.add(warning);
    }

    /** The change cannot be planned safely; the plan fails with this reason (all reasons at once). */
    public void refuse(String reason) {
        refusals.add(reason);
    }

    List<StepDraft> drafts() {
        return drafts;
    }

    List<DualWrite> dualWrites() {
        return dualWrites;
    }

    List<String> gateInstructions(GateKind kind) {
        return List.copyOf(gateInstructions.getOrDefault(kind, Set.of()));
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    List<String> refusals() {
        return refusals;
    }
}
