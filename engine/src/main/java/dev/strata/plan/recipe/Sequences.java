package dev.strata.plan.recipe;

import dev.strata.ddl.SequenceOption;
import dev.strata.model.Sequence;
import dev.strata.model.SequenceOptions;

import java.util.ArrayList;
import java.util.List;

/** What the sequence recipes share: the ALTER SEQUENCE options that turn one sequence into another. */
final class Sequences {

    static final String ALTER_FACT = "ALTER SEQUENCE takes SHARE ROW EXCLUSIVE on the sequence: nextval() in"
            + " concurrent INSERTs waits until the step commits (docs/locks.md#row-74); no table is locked.";

    private Sequences() {}

    /**
     * The options that change {@code from} into {@code to}, each value explicit (PostgreSQL would
     * otherwise derive bounds from the type), in {@code ALTER SEQUENCE} order; empty when only the
     * owner differs.
     */
    static List<SequenceOption> optionClauses(Sequence from, Sequence to) {
        List<SequenceOption> clauses = new ArrayList<>();
        if (!from.type().equals(to.type())) {
            clauses.add(new SequenceOption.As(to.type()));
        }
        clauses.addAll(optionChanges(from.options(), to.options()));
        return clauses;
    }

    /** The options of {@code b} that differ from {@code a}, in {@code ALTER SEQUENCE} order (an identity's too). */
    static List<SequenceOption> optionChanges(SequenceOptions a, SequenceOptions b) {
        List<SequenceOption> clauses = new ArrayList<>();
        if (a.increment() != b.increment()) {
            clauses.add(new SequenceOption.IncrementBy(b.increment()));
        }
        if (a.minValue() != b.minValue()) {
            clauses.add(new SequenceOption.MinValue(b.minValue()));
        }
        if (a.maxValue() != b.maxValue()) {
            clauses.add(new SequenceOption.MaxValue(b.maxValue()));
        }
        if (a.start() != b.start()) {
            clauses.add(new SequenceOption.StartWith(b.start()));
        }
        if (a.cache() != b.cache()) {
            clauses.add(new SequenceOption.Cache(b.cache()));
        }
        if (a.cycle() != b.cycle()) {
            clauses.add(new SequenceOption.Cycle(b.cycle()));
        }
        return clauses;
    }
}
