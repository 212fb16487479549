package dev.strata.rehearse;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Every statement a workload ran: when it started and ended (epoch nanoseconds of {@link RehearsalClock}) and whether
 * it failed, plus the statements still running. Thread-safe; pure apart from the clock the caller passes in.
 */
final class StatementLog {

    /** Distinct failure messages kept for the report; the count goes on. */
    private static final int MESSAGES_KEPT = 10;

    private long[] starts = new long[1024];
    private long[] ends = new long[1024];
    private boolean[] failed = new boolean[1024];
    private int size;
    private final Map<String, Long> messages = new LinkedHashMap<>();
    private Optional<Long> firstStep = Optional.empty();
    private Supplier<List<Long>> running = List::of;

    /** Where the starts of the statements in flight come from (the workload's threads). */
    synchronized void runningFrom(Supplier<List<Long>> startsInFlight) {
        this.running = startsInFlight;
    }

    synchronized void record(long startNanos, long endNanos, Optional<String> failure) {
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
            failed = Arrays.copyOf(failed, size * 2);
        }
        starts[size] = startNanos;
        ends[size] = Math.max(startNanos, endNanos);
        failed[size] = failure.isPresent();
        size++;
        failure.ifPresent(message -> {
            if (messages.containsKey(message) || messages.size() < MESSAGES_KEPT) {
                messages.merge(message, 1L, Long::sum);
            }
        });
    }

    /** The rehearsal's first step began: statements that ended before are the baseline. Only the first call counts. */
    synchronized void firstStepAt(long epochNanos) {
        if (firstStep.isEmpty()) {
            firstStep = Optional.of(epochNanos);
        }
    }

    synchronized long statements() {
        return size;
    }

    /** The distinct failure messages (the first {@value #MESSAGES_KEPT}) in order of appearance, with their count. */
    synchronized List<String> failureLines() {
        List<String> lines = new ArrayList<>();
        messages.forEach((message, count) -> lines.add(count + " × " + message));
        return lines;
    }

    /** The statements overlapping [from, to], those in flight at {@code nowNanos} counted as lasting until then. */
    synchronized WorkloadWindow window(long from, long to, long nowNanos) {
        long statements = 0;
        long failures = 0;
        long longest = 0;
        for (int i = 0; i < size; i++) {
            if (starts[i] <= to && ends[i] >= from) {
                statements++;
                failures += failed[i] ? 1 : 0;
                longest = Math.max(longest, ends[i] - starts[i]);
            }
        }
        for (long start : running.get()) {
            if (start <= to) {
                statements++;
                longest = Math.max(longest, nowNanos - start);
            }
        }
        return new WorkloadWindow(statements, failures, Duration.ofNanos(longest), baseline());
    }

    /**
     * The median latency of the statements that succeeded and ended before the first step began; of all that
     * succeeded when none did (then the steps' waits are in it, which a median mostly ignores).
     */
    synchronized Duration baseline() {
        long[] quiet = latencies(true);
        long[] all = quiet.length > 0 ? quiet : latencies(false);
        if (all.length == 0) {
            return Duration.ZERO;
        }
        Arrays.sort(all);
        return Duration.ofNanos(all[(all.length - 1) / 2]);
    }

    private long[] latencies(boolean beforeFirstStep) {
        long[] found = new long[size];
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (!failed[i] && (!beforeFirstStep || firstStep.isPresent() && ends[i] < firstStep.get())) {
                found[n++] = ends[i] - starts[i];
            }
        }
        return Arrays.copyOf(found, n);
    }

    static long nanos(Instant instant) {
        return RehearsalClock.epochNanos(instant);
    }
}
