package dev.strata.plan;

import java.util.List;

/**
 * A deploy the application must make before the next phase. {@code instructions} say exactly what
 * must be true; the generated code that helps is attached by the renderer.
 */
public record GateStep(String id, GateKind kind, List<String> instructions) implements Step {

    public GateStep {
        instructions = List.copyOf(instructions);
    }

    @Override
    public Phase phase() {
        return kind.after();
    }

    @Override
    public String summary() {
        return kind.title();
    }
}
