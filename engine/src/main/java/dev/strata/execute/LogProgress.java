package dev.strata.execute;

import dev.strata.plan.BackfillStep;
import dev.strata.plan.DdlStep;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Progress as plain lines (for logs and pipes). A backfill: every {@code everyBatches} batches or {@code every} time. A
 * long DDL step: a line when it starts, then one for each index build phase seen (looked at every
 * {@link #pollEvery()}) and at least every {@code every} time.
 */
public final class LogProgress implements Progress {

    private final Consumer<String> log;
    private final int everyBatches;
    private final Duration every;
    private final LongSupplier nanoTime;
    private String stepId = "";
    private long estimated;
    private long startedRows;
    private long startedAt;
    private long lastLineAt;
    private int batches;

    public LogProgress(Consumer<String> log, int everyBatches, Duration every, LongSupplier nanoTime) {
        this.log = log;
        this.everyBatches = everyBatches;
        this.every = every;
        this.nanoTime = nanoTime;
    }

    public LogProgress(Consumer<String> log) {
        this(log, 100, Duration.ofSeconds(10), System::nanoTime);
    }

    /** The step copies a dropped column into the archive (a read of the table) rather than updating it. */
    private boolean copying;

    @Override
    public void start(BackfillStep step, long estimatedRows, long rowsDone) {
        stepId = step.id();
        estimated = estimatedRows;
        startedRows = rowsDone;
        startedAt = nanoTime.getAsLong();
        lastLineAt = startedAt;
        batches = 0;
        copying = step.batch() instanceof BackfillStep.Batch.Archive;
        log.accept(stepId + (copying ? ": copying from " : ": backfilling ") + step.table() + (rowsDone > 0 ? ", resuming after " + rowsDone + " rows" : "")
                + (estimatedRows >= 0 ? " (about " + estimatedRows + " rows)" : ""));
    }

    @Override
    public void advance(long rowsDone, List<String> lastKey) {
        batches++;
        long now = nanoTime.getAsLong();
        if (batches % everyBatches != 0 && now - lastLineAt < every.toNanos()) {
            return;
        }
        lastLineAt = now;
        log.accept(stepId + ": " + rowsDone + (estimated >= 0 ? " of about " + estimated : "") + " rows, "
                + rate(rowsDone, now) + " rows/s, last key " + lastKey);
    }

    @Override
    public void finish(long rowsDone) {
        log.accept(stepId + (copying ? ": copy done, " + rowsDone + " rows copied" : ": backfill done, " + rowsDone + " rows updated"));
    }

    private String stepPhase = "";
    private long stepLineAt;

    @Override
    public synchronized void stepStarted(DdlStep step) {
        stepPhase = "";
        stepLineAt = nanoTime.getAsLong();
        log.accept(step.id() + ": running: " + step.summary());
    }

    @Override
    public synchronized void stepRunning(DdlStep step, Duration elapsed, Optional<IndexBuild> index) {
        String phase = index.map(IndexBuild::phase).orElse("");
        long now = nanoTime.getAsLong();
        if (phase.equals(stepPhase) && now - stepLineAt < every.toNanos()) {
            return;
        }
        stepPhase = phase;
        stepLineAt = now;
        log.accept(step.id() + ": " + index.map(IndexBuild::describe).orElse("running") + ", " + elapsed.toSeconds() + " s so far");
    }

    private long rate(long rowsDone, long now) {
        double seconds = (now - startedAt) / 1e9;
        return seconds <= 0 ? 0 : Math.round((rowsDone - startedRows) / seconds);
    }
}
