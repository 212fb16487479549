package dev.strata.execute;

import dev.strata.plan.BackfillStep;

import java.util.List;

/**
 * Where backfill progress goes: a progress bar on a terminal (the CLI's), log lines otherwise
 * ({@link LogProgress}). One backfill at a time: {@code start}, any number of {@code advance}, {@code finish}.
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

    Progress NONE = new Progress() {
        @Override
        public void start(BackfillStep step, long estimatedRows, long rowsDone) {}

        @Override
        public void advance(long rowsDone, List<String> lastKey) {}

        @Override
        public void finish(long rowsDone) {}
    };
}
