package dev.strata.rehearse;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Continuous holds, from what periodic samples saw held. A hold seen in samples i to j began somewhere between sample
 * i-1 and sample i and ended between sample j and j+1 (the step's start and end standing in for the missing
 * neighbours); each boundary is taken at the middle of its interval, so a hold is estimated to within one sampling
 * period either way and a hold seen once counts about one period. A hold shorter than the period may be seen by no
 * sample at all. Pure: times are whatever monotonic nanoseconds the caller sampled at.
 *
 * @param <K> what is held (a lock mode on a relation, or any blocking lock on a relation)
 */
final class HoldTimeline<K> {

    private long previous;
    private final Map<K, Long> open = new LinkedHashMap<>();
    private final Map<K, Duration> longest = new HashMap<>();

    /** @param startNanos when watching began: no hold is older */
    HoldTimeline(long startNanos) {
        this.previous = startNanos;
    }

    /** What a sample taken at {@code atNanos} saw held (samples in time order). */
    void sample(long atNanos, Set<K> held) {
        long boundary = previous + (atNanos - previous) / 2;
        open.entrySet().removeIf(hold -> {
            if (held.contains(hold.getKey())) {
                return false;
            }
            close(hold.getKey(), hold.getValue(), boundary);
            return true;
        });
        for (K key : held) {
            open.putIfAbsent(key, boundary);
        }
        previous = Math.max(previous, atNanos);
    }

    /** The longest continuous hold of each key seen, once watching ended at {@code endNanos}. */
    Map<K, Duration> finish(long endNanos) {
        long boundary = previous + (Math.max(endNanos, previous) - previous) / 2;
        open.forEach((key, from) -> close(key, from, boundary));
        open.clear();
        return Map.copyOf(longest);
    }

    private void close(K key, long from, long to) {
        Duration held = Duration.ofNanos(Math.max(0, to - from));
        longest.merge(key, held, (a, b) -> a.compareTo(b) >= 0 ? a : b);
    }
}
