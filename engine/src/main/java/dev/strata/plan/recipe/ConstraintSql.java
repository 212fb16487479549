package dev.strata.plan.recipe;

import dev.strata.model.QualifiedName;
import dev.strata.model.Table;
import dev.strata.plan.PlanContext;
import dev.strata.sql.Identifiers;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/** Statement pieces the constraint recipes share; names only through {@link Identifiers}. */
final class ConstraintSql {

    private ConstraintSql() {}

    static String alterTable(QualifiedName table) {
        return "ALTER TABLE " + Identifiers.qualified(table);
    }

    static String drop(QualifiedName table, String constraint) {
        return alterTable(table) + " DROP CONSTRAINT IF EXISTS " + Identifiers.quote(constraint);
    }

    static String validate(QualifiedName table, String constraint) {
        return alterTable(table) + " VALIDATE CONSTRAINT " + Identifiers.quote(constraint);
    }

    static String rename(QualifiedName table, String from, String to) {
        return alterTable(table) + " RENAME CONSTRAINT " + Identifiers.quote(from) + " TO " + Identifiers.quote(to);
    }

    /** The constraint clause as added to an existing table without checking the rows already there. */
    static String notValid(String addStatement) {
        return addStatement + " NOT VALID";
    }

    /**
     * Whether the target columns of a foreign key are already covered by a primary key or unique
     * constraint when EXPAND runs: either the target table is created by this plan (with its
     * constraints inline) or the current table has one on exactly those columns.
     */
    static boolean targetKeyExists(PlanContext ctx, QualifiedName target, List<String> targetColumns) {
        if (ctx.isNewTable(target)) {
            return true;
        }
        Optional<Table> current = ctx.currentTableFor(target);
        if (current.isEmpty()) {
            return false;
        }
        var wanted = new HashSet<>(targetColumns);
        Table t = current.get();
        return t.primaryKey().map(pk -> new HashSet<>(pk.columns()).equals(wanted)).orElse(false)
                || t.uniqueConstraints().stream().anyMatch(u -> new HashSet<>(u.columns()).equals(wanted));
    }
}
