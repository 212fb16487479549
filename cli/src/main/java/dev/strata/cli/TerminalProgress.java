package dev.strata.cli;

import dev.strata.execute.IndexBuild;
import dev.strata.execute.Progress;
import dev.strata.plan.BackfillStep;
import dev.strata.plan.DdlStep;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.text.DecimalFormat;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Progress as bars on a terminal. A backfill: rows, rows/s, ETA (the total is the planner's row estimate). A long DDL
 * step: one bar per index build phase, in the phase's unit (blocks, tuples, transactions waited for) with its rate and
 * ETA, or the time so far for a phase, or a step, that counts nothing. Steps are reported from a thread of their own.
 */
final class TerminalProgress implements Progress {

    private final PrintStream stream;
    private ProgressBar bar;
    private ProgressBar stepBar;
    private Line stepBarLine;
    private String stepBarPhase = "";

    TerminalProgress(PrintStream stream) {
        this.stream = stream;
    }

    @Override
    public synchronized void start(BackfillStep step, long estimatedRows, long rowsDone) {
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
    public synchronized void advance(long rowsDone, List<String> lastKey) {
        if (rowsDone > bar.getMax()) {
            // reltuples is an estimate; a table that grew must not show more than 100 %.
            bar.maxHint(rowsDone);
        }
        bar.stepTo(rowsDone);
    }

    @Override
    public synchronized void finish(long rowsDone) {
        bar.maxHint(rowsDone);
        bar.stepTo(rowsDone);
        bar.close();
    }

    @Override
    public synchronized void stepStarted(DdlStep step) {
        stream.println(step.id() + ": running: " + step.summary());
        stepBar = stepBar(step, Optional.empty());
        stepBarPhase = "";
    }

    @Override
    public synchronized void stepRunning(DdlStep step, Duration elapsed, Optional<IndexBuild> index) {
        if (stepBar == null) {
            return;
        }
        if (index.isPresent() && !index.get().phase().equals(stepBarPhase)) {
            closeStepBar();
            stepBarPhase = index.get().phase();
            // The phase on a line of its own: next to the bar it would crowd out the rate and ETA on 80 columns.
            stream.println(step.id() + ": " + stepBarPhase);
            stepBar = stepBar(step, index.get().unit());
        }
        index.flatMap(IndexBuild::counter).ifPresent(counter -> {
            stepBar.maxHint(counter.total());
            stepBar.stepTo(counter.done());
        });
    }

    @Override
    public synchronized void stepEnded(DdlStep step) {
        closeStepBar();
    }

    private void closeStepBar() {
        if (stepBar != null) {
            stepBar.close();
            stepBarLine.close();
            stepBar = null;
        }
    }

    @Override
    public Duration pollEvery() {
        return Duration.ofMillis(250);
    }

    /**
     * A bar in the phase's unit, with rate and ETA, that stays when the phase ends; without a unit, one with no end
     * that shows the time so far and is cleared when its phase or step ends.
     */
    private ProgressBar stepBar(DdlStep step, Optional<String> unit) {
        stepBarLine = new Line(stream, unit.isEmpty());
        ProgressBarBuilder builder = new ProgressBarBuilder()
                .setTaskName(step.id())
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .setConsumer(stepBarLine);
        if (unit.isPresent()) {
            builder.setInitialMax(0).setUnit(" " + unit.get(), 1).showSpeed(new DecimalFormat("#"));
        } else {
            builder.setInitialMax(-1);
        }
        return builder.build();
    }

    /**
     * The console line of a step's bar, ended exactly once: progressbar 0.10 does not end it when the bar closes before
     * its first refresh has run (the next output would continue the bar's line), and a refresh in flight while it
     * closes draws the bar again after the end (a second copy of the line). A line that counts nothing is cleared
     * rather than kept.
     */
    private static final class Line extends ConsoleProgressBarConsumer {
        private final PrintStream out;
        private final boolean clearAtEnd;
        private boolean open;
        private boolean ended;

        Line(PrintStream out, boolean clearAtEnd) {
            super(out);
            this.out = out;
            this.clearAtEnd = clearAtEnd;
        }

        @Override
        public synchronized void accept(String rendered) {
            if (!ended) {
                super.accept(rendered);
                open = true;
            }
        }

        @Override
        public synchronized void close() {
            if (open && clearAtEnd) {
                out.print("\r" + " ".repeat(getMaxRenderedLength()) + "\r");
                out.flush();
            } else if (open) {
                super.close();
            }
            open = false;
            ended = true;
        }
    }
}
