package dev.strata.plan.recipe;

import dev.strata.model.Identity;
import dev.strata.model.QualifiedName;
import dev.strata.model.SequenceOptions;
import dev.strata.sql.Identifiers;
import dev.strata.sql.Literals;

import java.util.ArrayList;
import java.util.List;

/** SQL around identity columns. */
final class IdentitySql {

    private IdentitySql() {}

    /** {@code pg_get_serial_sequence('schema.table', 'column')}: the identity's own sequence, whatever its name. */
    static String sequenceOf(QualifiedName table, String column) {
        return "pg_get_serial_sequence(" + Literals.quote(Identifiers.qualified(table)) + ", " + Literals.quote(column) + ")";
    }

    /** The {@code SET ...} actions that turn identity {@code from} into {@code to}; empty when they are equal. */
    static List<String> alterActions(Identity from, Identity to) {
        List<String> actions = new ArrayList<>();
        if (from.generation() != to.generation()) {
            actions.add("SET GENERATED " + to.generation().sql());
        }
        SequenceOptions f = from.options();
        SequenceOptions t = to.options();
        if (f.increment() != t.increment()) {
            actions.add("SET INCREMENT BY " + t.increment());
        }
        if (f.minValue() != t.minValue()) {
            actions.add("SET MINVALUE " + t.minValue());
        }
        if (f.maxValue() != t.maxValue()) {
            actions.add("SET MAXVALUE " + t.maxValue());
        }
        if (f.start() != t.start()) {
            actions.add("SET START WITH " + t.start());
        }
        if (f.cache() != t.cache()) {
            actions.add("SET CACHE " + t.cache());
        }
        if (f.cycle() != t.cycle()) {
            actions.add(t.cycle() ? "SET CYCLE" : "SET NO CYCLE");
        }
        return actions;
    }
}
