package dev.strata.plan.recipe;

import dev.strata.model.Sequence;
import dev.strata.model.SequenceOptions;
import dev.strata.sql.TypeNames;

import java.util.ArrayList;
import java.util.List;

/** What the sequence recipes share: the ALTER SEQUENCE clauses that turn one sequence into another. */
final class Sequences {

    static final String ALTER_FACT = "ALTER SEQUENCE takes SHARE ROW EXCLUSIVE on the sequence: nextval() in"
            + " concurrent INSERTs waits until the step commits (docs/locks.md#row-74); no table is locked.";

    private Sequences() {}

    /**
     * The clauses that change {@code from} into {@code to}, each value explicit (PostgreSQL would
     * otherwise derive bounds from the type), in {@code ALTER SEQUENCE} order; empty when only the
     * owner differs.
     */
    static List<String> optionClauses(Sequence from, Sequence to) {
        List<String> clauses = new ArrayList<>();
        if (!from.type().equals(to.type())) {
            clauses.add("AS " + TypeNames.sql(to.type()));
        }
        SequenceOptions a = from.options();
        SequenceOptions b = to.options();
        if (a.increment() != b.increment()) {
            clauses.add("INCREMENT BY " + b.increment());
        }
        if (a.minValue() != b.minValue()) {
            clauses.add("MINVALUE " + b.minValue());
        }
        if (a.maxValue() != b.maxValue()) {
            clauses.add("MAXVALUE " + b.maxValue());
        }
        if (a.start() != b.start()) {
            clauses.add("START WITH " + b.start());
        }
        if (a.cache() != b.cache()) {
            clauses.add("CACHE " + b.cache());
        }
        if (a.cycle() != b.cycle()) {
            clauses.add(b.cycle() ? "CYCLE" : "NO CYCLE");
        }
        return clauses;
    }
}
