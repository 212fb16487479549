package dev.strata.plan.recipe;

import dev.strata.ddl.CommentOn;
import dev.strata.ddl.ConstraintClause;
import dev.strata.ddl.Statement;
import dev.strata.ddl.TableAction;
import dev.strata.ddl.TableStatement;
import dev.strata.model.CheckConstraint;
import dev.strata.model.ForeignKey;
import dev.strata.model.PrimaryKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Table;
import dev.strata.model.UniqueConstraint;
import dev.strata.plan.PlanContext;
import dev.strata.plan.RecipeOutput;
import dev.strata.sql.Identifiers;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/** The constraint statements the recipes share. */
final class ConstraintSql {

    private ConstraintSql() {}

    /** {@code ALTER TABLE t ADD constraint}: checks every row already there. */
    static Statement add(QualifiedName table, ConstraintClause constraint) {
        return TableStatement.Alter.of(table, new TableAction.AddConstraint(constraint, false));
    }

    /**
     * The declared comment of a constraint the step adds, in the same transaction (none when it has none): the new
     * constraint is the one the diff compares, and no comment change follows it. COMMENT ON CONSTRAINT adds only
     * ACCESS SHARE on the table to the add's stronger lock (docs/locks.md#row-69).
     */
    static List<Statement> comment(QualifiedName table, String name, Optional<String> comment) {
        return comment.<List<Statement>>map(c -> List.of(CommentOn.constraint(table, name, comment))).orElse(List.of());
    }

    /** {@code ALTER TABLE t ADD constraint NOT VALID}: without checking the rows already there. */
    static Statement addNotValid(QualifiedName table, ConstraintClause constraint) {
        return TableStatement.Alter.of(table, new TableAction.AddConstraint(constraint, true));
    }

    /** {@code CONSTRAINT name CHECK (column IS NOT NULL)}: lets {@code SET NOT NULL} skip its scan once valid. */
    static ConstraintClause isNotNull(String name, String column) {
        return new ConstraintClause.Check(new CheckConstraint(name, Identifiers.quote(column) + " IS NOT NULL", false));
    }

    static Statement drop(QualifiedName table, String constraint) {
        return TableStatement.Alter.of(table, new TableAction.DropConstraint(constraint, true));
    }

    static Statement validate(QualifiedName table, String constraint) {
        return TableStatement.Alter.of(table, new TableAction.ValidateConstraint(constraint));
    }

    /**
     * A check or foreign key added back as it was (an undo): {@code NOT VALID}, then validated only if it was valid
     * (one that was {@code NOT VALID} may hold rows that fail it).
     */
    static List<Statement> addBack(QualifiedName table, ConstraintClause constraint, boolean valid) {
        return valid ? List.of(addNotValid(table, constraint), validate(table, constraint.name())) : List.of(addNotValid(table, constraint));
    }

    /** The undo of a replacement: drop the new constraint {@code replacement}, add the old one back as it was. */
    static List<Statement> putBack(QualifiedName table, ConstraintClause old, boolean valid, String replacement) {
        List<Statement> statements = new ArrayList<>(List.of(drop(table, replacement)));
        statements.addAll(addBack(table, old, valid));
        return statements;
    }

    static Statement rename(QualifiedName table, String from, String to) {
        return TableStatement.Alter.of(table, new TableAction.RenameConstraint(from, to));
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

    static final String TEMPORAL_NEEDS_18 = " needs PostgreSQL 18 or later (the plan is for ";

    /**
     * Whether the server takes {@code table}'s temporal keys ({@code WITHOUT OVERLAPS}, {@code PERIOD}: PostgreSQL 18);
     * refuses the plan, naming each one, when it does not.
     */
    static boolean temporalSupported(QualifiedName name, Table table, PlanContext ctx, RecipeOutput out) {
        if (ctx.supports(18)) {
            return true;
        }
        List<String> temporal = new ArrayList<>();
        table.primaryKey().filter(PrimaryKey::withoutOverlaps).ifPresent(pk -> temporal.add("primary key " + pk.name() + " (WITHOUT OVERLAPS)"));
        table.uniqueConstraints().stream().filter(UniqueConstraint::withoutOverlaps)
                .forEach(u -> temporal.add("unique constraint " + u.name() + " (WITHOUT OVERLAPS)"));
        table.foreignKeys().stream().filter(ForeignKey::period).forEach(f -> temporal.add("foreign key " + f.name() + " (PERIOD)"));
        temporal.forEach(t -> out.refuse("table " + name + ": " + t + TEMPORAL_NEEDS_18 + ctx.pgMajor()
                + "); declare it without without_overlaps / period or upgrade the server."));
        return temporal.isEmpty();
    }

    /** Whether the server takes {@code fk} (a {@code PERIOD} key needs PostgreSQL 18); refuses the plan when not. */
    static boolean periodSupported(String where, ForeignKey fk, PlanContext ctx, RecipeOutput out) {
        if (!fk.period() || ctx.supports(18)) {
            return true;
        }
        out.refuse(where + ": PERIOD (a temporal foreign key)" + TEMPORAL_NEEDS_18 + ctx.pgMajor()
                + "); declare it without period or upgrade the server.");
        return false;
    }
}
