package dev.strata.plan;

import java.util.List;

/**
 * A deploy the application must make before a phase may start. {@code instructions} say exactly what must be true;
 * the generated code that helps is attached by the renderer. A gate is not a step: nothing runs, and the executor
 * records its confirmation by {@code kind}.
 *
 * @param id stable within the plan ({@code gate-read-switch}); saved plans keep the id they were written with
 */
public record Gate(String id, GateKind kind, List<String> instructions) {

    public Gate {
        instructions = List.copyOf(instructions);
    }

    /** One line for humans: {@code deploy dual-write}. */
    public String title() {
        return kind.title();
    }

    /** The phase that may start once the gate is confirmed. */
    public Phase before() {
        return kind.before();
    }
}
