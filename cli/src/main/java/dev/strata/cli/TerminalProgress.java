package dev.strata.cli;

import dev.strata.execute.Progress;
import dev.strata.plan.BackfillStep;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.util.List;

/** Backfill progress as a bar on a terminal: rows, rows/s, ETA (the total is the planner's row estimate). */
final class TerminalProgress implements Progress {

    private final PrintStream stream;
    private ProgressBar bar;

    TerminalProgress(PrintStream stream) {
        this.stream = stream;
    }

    @Override
    public void start(BackfillStep step, long estimatedRows, long rowsDone) {
        bar = new ProgressBarBuilder()
                .setTaskName(step.id())
                .setInitialMax(Math.max(estimatedRows, rowsDone))
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" rows", 1)
                .showSpeed()
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(stream))
                .startsFrom(rowsDone, java.time.Duration.ZERO)
                .build();
    }

    @Override
    public void advance(long rowsDone, List<String> lastKey) {
        if (rowsDone > bar.getMax()) {
            // reltuples is an estimate; a table that grew must not show more than 100 %.
            bar.maxHint(rowsDone);
        }
        bar.stepTo(rowsDone);
    }

    @Override
    public void finish(long rowsDone) {
        bar.maxHint(rowsDone);
        bar.stepTo(rowsDone);
        bar.close();
    }
}
