package dev.strata.cli;

import dev.strata.execute.StepListener;
import dev.strata.plan.BackfillStep;
import dev.strata.plan.Step;

import java.util.Map;
import java.util.Optional;

/**
 * Crash injection for the fault suites, which run {@code strata apply} as a subprocess ({@link #main}: the CLI with
 * this hook listening to the executor) and kill it at a chosen point. Inert unless the environment variable
 * {@value #VARIABLE} is set; then the process halts
 * ({@code Runtime.halt(137)}, no shutdown hooks, no rollback sent: like {@code kill -9}) at that point:
 * <ul>
 *   <li>{@code before-step:ID} before the step's first statement;</li>
 *   <li>{@code in-statement:ID} after the step's statements ran, before its transaction commits (a
 *       non-transactional step: before it is recorded done);</li>
 *   <li>{@code after-step:ID} after the step is recorded done;</li>
 *   <li>{@code after-batch:ID:N} after batch N of backfill ID committed (N counts within the process).</li>
 * </ul>
 */
final class CrashHook implements StepListener {

    static final String VARIABLE = "STRATA_CRASH_AT";
    static final int EXIT_CODE = 137;

    private final String point;

    private CrashHook(String point) {
        this.point = point;
    }

    /** {@code strata}, with the hook the environment asks for listening to every step {@code apply} runs. */
    public static void main(String[] args) {
        Map<String, String> environment = System.getenv();
        StepListener hook = fromEnvironment(environment).orElse(StepListener.NONE);
        System.exit(Main.commandLine(environment, hook).execute(args));
    }

    /** The hook the environment asks for, if any. */
    static Optional<StepListener> fromEnvironment(Map<String, String> environment) {
        String value = environment.get(VARIABLE);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new CrashHook(value.strip()));
    }

    @Override
    public void beforeStep(Step step) {
        haltAt("before-step:" + step.id());
    }

    @Override
    public void inStatement(Step step) {
        haltAt("in-statement:" + step.id());
    }

    @Override
    public void afterStep(Step step) {
        haltAt("after-step:" + step.id());
    }

    @Override
    public void afterBatch(BackfillStep step, int batch) {
        haltAt("after-batch:" + step.id() + ":" + batch);
    }

    private void haltAt(String here) {
        if (point.equals(here)) {
            System.err.println("strata: " + VARIABLE + "=" + point + ": halting");
            System.err.flush();
            Runtime.getRuntime().halt(EXIT_CODE);
        }
    }
}
