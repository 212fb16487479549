package dev.strata.plan;

import dev.strata.ddl.Statement;
import dev.strata.ddl.StatementRenderer;

import java.util.List;
import java.util.Optional;

/**
 * What undoing a step takes, stated by its recipe: statements, nothing, or a reason it cannot be undone. Never
 * inferred from a missing value, so a reviewer always reads why a step is one-way.
 */
public sealed interface Undo {

    /** Why a saved plan's step without an inverse cannot be undone: older versions recorded no reason. */
    String NOT_RECORDED = "not recorded by the Strata version that saved this plan";

    /** The step is undone by running these statements, in order. */
    record By(List<Statement> statements) implements Undo {
        public By {
            statements = List.copyOf(statements);
            if (statements.isEmpty()) {
                throw new IllegalArgumentException("an undo by statements needs at least one; use Undo.Nothing");
            }
        }
    }

    /** The step changes nothing an undo would have to restore (a validation, a check that passed). */
    record Nothing() implements Undo {}

    /** The step cannot be undone, and why. */
    record Impossible(String reason) implements Undo {
        public Impossible {
            if (reason.isBlank()) {
                throw new IllegalArgumentException("an impossible undo needs its reason");
            }
        }
    }

    static Undo by(List<? extends Statement> statements) {
        return new By(List.copyOf(statements));
    }

    static Undo nothing() {
        return new Nothing();
    }

    static Undo impossible(String reason) {
        return new Impossible(reason);
    }

    /** The statements that undo the step, empty when there is nothing to run; absent when it cannot be undone. */
    default Optional<List<Statement>> inverse() {
        return switch (this) {
            case By b -> Optional.of(b.statements());
            case Nothing n -> Optional.of(List.of());
            case Impossible i -> Optional.empty();
        };
    }

    /** {@link #inverse()} rendered, each without a trailing semicolon. */
    default Optional<List<String>> sql() {
        return inverse().map(StatementRenderer::render);
    }
}
