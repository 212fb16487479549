package dev.strata.testing.generate;

import java.util.List;

/**
 * A list of generated integers read as a sequence of choices. Builders that draw every decision
 * from a tape shrink well: jqwik shrinks the list (shorter, smaller numbers), and a shorter or
 * smaller tape always maps to a simpler, still valid, structure — no filtering needed. Reading past
 * the end yields 0, the simplest choice.
 */
final class Tape {

    private final List<Integer> genes;
    private int position;

    Tape(List<Integer> genes) {
        this.genes = List.copyOf(genes);
    }

    /** A choice in {@code [0, bound)}. */
    int next(int bound) {
        int gene = position < genes.size() ? genes.get(position) : 0;
        position++;
        return bound <= 1 ? 0 : Math.floorMod(gene, bound);
    }

    boolean flag() {
        return next(2) == 1;
    }

    /** True roughly once in {@code n} draws. */
    boolean oneIn(int n) {
        return next(n) == n - 1;
    }

    <T> T pick(List<T> options) {
        return options.get(next(options.size()));
    }

    boolean exhausted() {
        return position >= genes.size();
    }
}
