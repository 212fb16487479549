package dev.strata.execute;

import dev.strata.plan.BackfillStep;
import dev.strata.plan.Step;

/**
 * Hooks into a run, for tests (counting executions, failing at a chosen point) and for the crash hook. An
 * exception thrown from a hook stops the run there, exactly as a failure of the step would.
 */
public interface StepListener {

    /** Before the step's first statement (after it was found not done). */
    default void beforeStep(Step step) {}

    /**
     * The step's statements have run and it is not committed yet (transactional steps) or not recorded yet
     * (the others).
     */
    default void inStatement(Step step) {}

    /** After the step is recorded done (for a backfill: after its last batch). */
    default void afterStep(Step step) {}

    /** After backfill batch {@code batch} (1-based, counted within this run) committed with its position. */
    default void afterBatch(BackfillStep step, int batch) {}

    StepListener NONE = new StepListener() {};

    /** Both listeners, {@code this} first. */
    default StepListener andThen(StepListener next) {
        StepListener first = this;
        return new StepListener() {
            @Override
            public void beforeStep(Step step) {
                first.beforeStep(step);
                next.beforeStep(step);
            }

            @Override
            public void inStatement(Step step) {
                first.inStatement(step);
                next.inStatement(step);
            }

            @Override
            public void afterStep(Step step) {
                first.afterStep(step);
                next.afterStep(step);
            }

            @Override
            public void afterBatch(BackfillStep step, int batch) {
                first.afterBatch(step, batch);
                next.afterBatch(step, batch);
            }
        };
    }
}
