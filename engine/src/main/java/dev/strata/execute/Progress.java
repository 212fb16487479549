package dev.strata.execute;

import dev.strata.plan.BackfillStep;
import dev.strata.plan.DdlStep;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where the progress of long steps goes: a progress bar on a terminal (the CLI's), log lines otherwise
 * ({@link LogProgress}). One backfill at a time: {@code start}, any number of {@code advance}, {@code finish}. One
 * long DDL step at a time (an index built {@code CONCURRENTLY}, a constraint validated, a table rewritten):
 * {@code stepStarted}, {@code stepRunning} every {@link #pollEvery()} from another thread, {@code stepEnded}.
 */
public interface Progress {

    /**
     * @param estimatedRows the table's row estimate (pg_class.reltuples); -1 when unknown
     * @param rowsDone      rows done by earlier, interrupted runs
     */
    void start(BackfillStep step, long estimatedRows, long rowsDone);

    /** After each committed batch. */
    void advance(long rowsDone, List<String> lastKey);

    void finish(long rowsDone);

    /** A DDL step that scans, rewrites or builds over a whole table started (its first attempt). */
    default void stepStarted(DdlStep step) {}

    /**
     * While that step runs, every {@link #pollEvery()}, from a thread of its own: the time since it started and, while
     * it builds an index, where the build is ({@code pg_stat_progress_create_index}, read by a second session).
     */
    default void stepRunning(DdlStep step, Duration elapsed, Optional<IndexBuild> index) {}

    /** The step ended, done or failed; no {@code stepRunning} follows. */
    default void stepEnded(DdlStep step) {}

    /** How often {@link #stepRunning} is called. */
    default Duration pollEvery() {
        return Duration.ofSeconds(1);
    }

    Progress NONE = new Progress() {
        @Override
        public void start(BackfillStep step, long estimatedRows, long rowsDone) {}

        @Override
        public void advance(long rowsDone, List<String> lastKey) {}

        @Override
        public void finish(long rowsDone) {}
    };
}
