package dev.strata.execute;

import java.util.Optional;

/**
 * One look at {@code pg_stat_progress_create_index} while a step builds an index: the phase, and the counters the
 * server keeps (zero where the phase does not set them).
 */
public record IndexBuild(String phase, long blocksDone, long blocksTotal, long tuplesDone, long tuplesTotal,
        long lockersDone, long lockersTotal) {

    /** How far the phase is: done of total, in the phase's unit. */
    public record Counter(String unit, long done, long total) {

        /** Whole percent, 0 to 100. */
        public int percent() {
            return total <= 0 ? 0 : (int) Math.min(100, done * 100 / total);
        }
    }

    /**
     * The counter that moves in this phase: blocks while a table or index is scanned, tuples while they are loaded
     * into the tree, the transactions waited for while the build waits for them; empty when the phase counts nothing
     * (initializing, sorting). The server leaves an earlier phase's counters in place, so the phase decides.
     */
    public Optional<Counter> counter() {
        return unit().flatMap(unit -> {
            Counter counter = switch (unit) {
                case "transactions" -> new Counter(unit, lockersDone, lockersTotal);
                case "blocks" -> new Counter(unit, blocksDone, blocksTotal);
                default -> new Counter(unit, tuplesDone, tuplesTotal);
            };
            return counter.total() > 0 ? Optional.of(counter) : Optional.empty();
        });
    }

    /** What this phase counts, known before the server has set its total; empty for a phase that counts nothing. */
    public Optional<String> unit() {
        if (phase.startsWith("waiting")) {
            return Optional.of("transactions");
        }
        if (phase.contains("scanning")) {
            return Optional.of("blocks");
        }
        if (phase.contains("loading tuples")) {
            return Optional.of("tuples");
        }
        return Optional.empty();
    }

    /** {@code building index: scanning table, 1200 of 4425 blocks (27%)}. */
    public String describe() {
        return phase + counter().map(c -> ", " + c.done() + " of " + c.total() + " " + c.unit() + " (" + c.percent() + "%)")
                .orElse("");
    }
}
