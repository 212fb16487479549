package dev.strata.plan.recipe;

import dev.strata.ddl.CommentOn;
import dev.strata.ddl.TypeStatement;
import dev.strata.diff.EnumChange.ColumnUse;
import dev.strata.diff.EnumChange.ReplaceEnum;
import dev.strata.model.QualifiedName;
import dev.strata.plan.GateKind;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Removing or reordering labels has no DDL: it needs a new type, and every column using the old
 * one converted to it, which rewrites those tables under ACCESS EXCLUSIVE (docs/locks.md#row-72). The
 * safe way for columns is the column rebuild (new column of the new type, dual write, backfill,
 * swap), which is not wired to enums yet, so a type that any column uses is refused with what the
 * user can do instead. A type no column uses (now or in the desired schema) is simply dropped and
 * created again in CONTRACT, once the application no longer relies on the old labels.
 */
public final class ReplaceEnumRecipe implements Recipe<ReplaceEnum> {

    public static final ReplaceEnumRecipe INSTANCE = new ReplaceEnumRecipe();

    @Override
    public void plan(ReplaceEnum change, PlanContext context, RecipeOutput out) {
        List<String> users = new ArrayList<>(change.columns().stream().map(ReplaceEnumRecipe::columnName).toList());
        desiredUsers(change.name(), context).stream().filter(u -> !users.contains(u)).forEach(users::add);
        if (!users.isEmpty()) {
            out.refuse(what(change) + " needs a new type and a rewrite of " + String.join(", ", users)
                    + " (docs/locks.md#row-72), which Strata does not plan yet; add labels only (at any position),"
                    + " or declare a new enum type and a new column of it filled by a backfill expression,"
                    + " and drop the old column and type in a later release");
            return;
        }
        QualifiedName name = change.name();
        out.gate(GateKind.DEPLOY_READ_SWITCH, "The application no longer relies on the labels or order of enum " + name
                + " as they were (CONTRACT recreates it as (" + String.join(", ", change.desired().labels()) + ")).");
        StepDraft step = StepDraft.at(Stage.DROP_TYPE, "recreate enum " + name + " (no column uses it)")
                .sql(new TypeStatement.Drop(name, true))
                .sql(new TypeStatement.CreateEnum(name, change.desired().labels()))
                // The DROP's ACCESS EXCLUSIVE on the old type; CREATE TYPE and its COMMENT lock only the new type,
                // which no other session can see before the step commits.
                .lockType(name, LockMode.ACCESS_EXCLUSIVE)
                .inverse(Stream.concat(Stream.of(new TypeStatement.Drop(name, true), new TypeStatement.CreateEnum(name, change.current().labels())),
                        change.current().comment().map(c -> CommentOn.type(name, Optional.of(c))).stream()).toList())
                .fact("No column uses the type, so it is recreated in one transaction; DROP TYPE fails if anything"
                        + " Strata does not manage still uses it.");
        change.desired().comment().ifPresent(c -> step.sql(CommentOn.type(name, change.desired().comment())));
        out.add(step);
    }

    private static String what(ReplaceEnum change) {
        List<String> removed = new ArrayList<>(change.current().labels());
        removed.removeAll(change.desired().labels());
        if (removed.isEmpty()) {
            return "reordering the labels of enum " + change.name();
        }
        return "removing " + (removed.size() == 1 ? "label " : "labels ")
                + String.join(", ", removed.stream().map(l -> "'" + l + "'").toList()) + " from enum " + change.name();
    }

    private static String columnName(ColumnUse use) {
        return use.table() + "." + use.column().name();
    }

    /** Desired columns of the type (new tables and new columns included), as {@code schema.table.column}. */
    private static List<String> desiredUsers(QualifiedName type, PlanContext context) {
        List<String> users = new ArrayList<>();
        context.desired().schemas().forEach(s -> s.tables().forEach(t -> t.columns().stream()
                .filter(c -> c.type().userTypeName().equals(Optional.of(type)))
                .forEach(c -> users.add(s.name() + "." + t.name() + "." + c.name()))));
        return users;
    }
}
