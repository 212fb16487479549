package dev.strata.plan;

import dev.strata.diff.Change;
import dev.strata.diff.ColumnChange;
import dev.strata.diff.ObjectChange;
import dev.strata.diff.TableChange;
import dev.strata.diff.ViewChange;
import dev.strata.model.Dependent;
import dev.strata.model.MaterializedView;
import dev.strata.model.Policy;
import dev.strata.model.Routine;
import dev.strata.model.QualifiedName;
import dev.strata.model.Routine;
import dev.strata.model.Schema;
import dev.strata.model.SchemaObject;
import dev.strata.sql.Identifiers;

import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Set;

/**
 * Refuses, before anything runs, a plan that could not finish because something the catalog records depends on a
 * column or table the plan drops or rebuilds: PostgreSQL refuses {@code DROP COLUMN} and {@code DROP TABLE}
 * (without CASCADE) while a foreign key or a view depends on it, so EXPAND and BACKFILL would run and CONTRACT
 * fail. A rebuilt column (rename, rewriting type change) is dropped in CONTRACT too, as its old copy.
 *
 * <p>A view of the schema (or a function or procedure with a SQL-standard body) is taken care of when the plan drops it, or replaces it before a column is dropped or
 * renamed (its new query then reads the new column); a replaced view still reads the old copy of a retyped column.
 */
final class DependentCheck {

    private DependentCheck() {}

    static List<String> refusals(List<Change> changes, PlanContext ctx) {
        if (ctx.dependents().isEmpty()) {
            return List.of();
        }
        Set<String> dropped = views(changes, false);
        Set<String> replaced = views(changes, true);
        List<String> reasons = new ArrayList<>();
        for (Change change : changes) {
            switch (change) {
                case ColumnChange.DropColumn d -> column(current(d.table(), ctx), d.current().name(), "drops", true,
                        dropped, replaced, ctx, reasons);
                case ColumnChange.RenameColumn r -> column(current(r.table(), ctx), r.current().name(),
                        "renames (by rebuilding it, dropping the old column in CONTRACT)", true, dropped, replaced, ctx, reasons);
                case ColumnChange.ChangeColumnType t when Subsumption.needsRebuild(t) -> column(current(t.table(), ctx),
                        t.current().name(), "retypes (by rebuilding it, dropping the old copy in CONTRACT)", false,
                        dropped, replaced, ctx, reasons);
                case TableChange.DropTable d -> {
                    for (Dependent dep : ctx.dependents()) {
                        // Triggers, policies and rules live on a table; those on the dropped one go with it.
                        boolean attached = Set.of("trigger", "policy", "rule").contains(dep.kind());
                        if (dep.table().equals(d.name()) && !attached && !dropped.contains(dep.identity())) {
                            reasons.add(dep.kind() + " " + dep.identity() + " depends on table " + d.name()
                                    + ", which this plan drops: PostgreSQL would refuse the drop in CONTRACT after the"
                                    + " earlier phases ran; " + remedy(dep));
                        }
                    }
                }
                case ViewChange.ReplaceView r -> replacedView(r.name(), ctx, reasons);
                default -> { }
            }
        }
        return reasons;
    }

    /**
     * A replaced view is dropped and created again: what the model holds (views, materialized views, functions and
     * procedures) the plan takes along or orders; anything else that depends on it or on its row type would stop the
     * drop (or, a rule on the view, go with it unsaid).
     */
    private static void replacedView(QualifiedName view, PlanContext ctx, List<String> reasons) {
        Set<String> managed = new HashSet<>();
        for (Schema schema : ctx.current().schemas()) {
            schema.views().forEach(v -> managed.add("view " + Identifiers.qualified(schema.name(), v.name())));
            for (SchemaObject o : schema.objects()) {
                switch (o) {
                    case MaterializedView m -> managed.add("materialized view " + Identifiers.qualified(schema.name(), m.name()));
                    case Routine r -> managed.add(r.kind() + " " + Identifiers.qualified(schema.name(), r.name()) + "("
                            + String.join(", ", r.identityTypes()) + ")");
                    default -> { }
                }
            }
        }
        for (Dependent dep : ctx.dependents()) {
            if (dep.table().equals(view) && !managed.contains(dep.kind() + " " + dep.identity())) {
                reasons.add(dep.kind() + " " + dep.identity() + " depends on view " + view + ", which this plan drops and"
                        + " creates again (its columns change): PostgreSQL would refuse the drop in CONTRACT after the"
                        + " earlier phases ran; " + remedy(dep));
            }
        }
    }

    private static void column(QualifiedName table, String column, String action, boolean replaceHandles,
            Set<String> dropped, Set<String> replaced, PlanContext ctx, List<String> reasons) {
        for (Dependent dep : ctx.dependents()) {
            if (!dep.table().equals(table) || !dep.columns().contains(column)) {
                continue;
            }
            String identity = dep.identity();
            if (dropped.contains(identity) || (replaceHandles && replaced.contains(identity))) {
                continue;
            }
            reasons.add(dep.kind() + " " + identity + " depends on column " + table + "." + column + ", which this plan "
                    + action + ": PostgreSQL would refuse to drop that column in CONTRACT after EXPAND and BACKFILL"
                    + " ran; " + remedy(dep));
        }
    }

    private static String remedy(Dependent dep) {
        return switch (dep.kind()) {
            case "foreign key" -> "drop that foreign key first (Strata does not manage it) and add it back afterwards";
            default -> "drop the " + dep.kind() + " first (or in this plan, if it is in the schema) and create it"
                    + " again afterwards";
        };
    }

    /** The current name of a table the change names by its desired name (a table rename runs first). */
    private static QualifiedName current(QualifiedName desired, PlanContext ctx) {
        return ctx.currentTableFor(desired).map(t -> QualifiedName.of(desired.schema(), t.name())).orElse(desired);
    }

    /** A function or procedure (a SQL-standard body depends on what it reads) as {@code pg_identify_object} names it. */
    private static String routine(String schema, Routine routine) {
        return Identifiers.qualified(schema, routine.name()) + "(" + String.join(",", routine.identityTypes()) + ")";
    }

    /** A policy as {@code pg_identify_object} names it. */
    private static String policy(String schema, Policy policy) {
        return Identifiers.quote(policy.name()) + " on " + Identifiers.qualified(schema, policy.table());
    }

    /**
     * PostgreSQL's identity of the views and policies the plan drops ({@code replaced} false) or replaces (an altered
     * policy's new expressions are in place in EXPAND, before CONTRACT drops a column).
     */
    private static Set<String> views(List<Change> changes, boolean replaced) {
        Set<String> names = new HashSet<>();
        for (Change change : changes) {
            if (change instanceof ViewChange.DropView d && !replaced) {
                names.add(Identifiers.qualified(d.name()));
            } else if (change instanceof ViewChange.ReplaceView r && replaced) {
                names.add(Identifiers.qualified(r.name()));
            } else if (change instanceof ObjectChange.DropObject d && !replaced && d.current() instanceof MaterializedView) {
                names.add(Identifiers.qualified(d.name()));
            } else if (change instanceof ObjectChange.AlterObject a && replaced && a.current() instanceof MaterializedView c
                    && a.desired() instanceof MaterializedView m && !m.sameQuery(c)) {
                // A changed query is built beside and the old one dropped in CONTRACT, before the columns it read.
                names.add(Identifiers.qualified(a.name()));
            } else if (change instanceof ObjectChange.DropObject d && !replaced && d.current() instanceof Routine r) {
                names.add(routine(d.name().schema(), r));
            } else if (change instanceof ObjectChange.AlterObject a && replaced && a.desired() instanceof Routine r) {
                // A SQL-standard body is replaced (or dropped and created) in EXPAND, before CONTRACT drops a column.
                names.add(routine(a.name().schema(), r));
            } else if (change instanceof ObjectChange.DropObject d && !replaced && d.current() instanceof Policy p) {
                names.add(policy(d.name().schema(), p));
            } else if (change instanceof ObjectChange.AlterObject a && replaced && a.desired() instanceof Policy p) {
                names.add(policy(a.name().schema(), p));
            }
        }
        return names;
    }
}
