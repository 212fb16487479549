package dev.strata.plan.recipe;

import dev.strata.expr.Equivalence;
import dev.strata.ddl.Statement;
import dev.strata.ddl.TriggerObjectStatement;
import dev.strata.model.Catalog;
import dev.strata.model.QualifiedName;
import dev.strata.model.Trigger;
import dev.strata.plan.GateKind;
import dev.strata.plan.LockMode;
import dev.strata.plan.ObjectRecipe;
import dev.strata.plan.PlanContext;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Triggers. A new one is created in EXPAND once its table and the columns it names exist; from that commit on it
 * runs for every write of the kind it fires on, the old application's included, so the step says so. A changed one
 * is one {@code CREATE OR REPLACE TRIGGER} (PostgreSQL 14+: the old definition holds until the new one commits; its
 * undo puts the old one back the same way); a changed enabled state alone is {@code ALTER TABLE … ENABLE/DISABLE
 * TRIGGER}, a changed comment alone {@code COMMENT ON TRIGGER}. One no longer declared is dropped in CONTRACT, before
 * the columns and tables it names, and its undo creates it again. A constraint trigger ({@code CREATE CONSTRAINT
 * TRIGGER}) has no {@code OR REPLACE}: a changed one (or a trigger that becomes or stops being one) is dropped and
 * created in one step.
 */
public final class TriggerRecipe implements ObjectRecipe<Trigger> {

    public static final TriggerRecipe INSTANCE = new TriggerRecipe();

    private static final String CREATE_FACT = "CREATE TRIGGER takes SHARE ROW EXCLUSIVE on the table, briefly: reads"
            + " continue, writes wait for a moment (docs/locks.md#row-65 and #user-triggers).";
    private static final String REPLACE_FACT = "CREATE OR REPLACE TRIGGER takes SHARE ROW EXCLUSIVE on the table, as"
            + " CREATE TRIGGER does; writes see the old trigger until the step commits and the new one after"
            + " (docs/locks.md#user-triggers).";
    private static final String ENABLE_FACT = "ALTER TABLE … ENABLE/DISABLE TRIGGER takes SHARE ROW EXCLUSIVE on the"
            + " table, briefly (docs/locks.md#user-triggers).";
    private static final String COMMENT_FACT = "COMMENT ON TRIGGER takes only ACCESS SHARE on the table: reads and"
            + " writes continue (docs/locks.md#user-triggers).";

    private TriggerRecipe() {}

    @Override
    public String kind() {
        return Trigger.KIND;
    }

    @Override
    public Class<Trigger> type() {
        return Trigger.class;
    }

    @Override
    public void create(QualifiedName name, Trigger desired, PlanContext context, RecipeOutput out) {
        // A renamed table keeps its triggers: the one of this name it had is changed, not created again.
        Optional<Trigger> carried = RenameTableRecipe.oldName(desired.table(), context)
                .flatMap(old -> trigger(context.current(), old, desired.name()));
        if (carried.isPresent()) {
            alter(name, carried.get().onTable(desired.table()), desired, context, out);
            return;
        }
        out.add(StepDraft.at(Stage.ATTACH_OBJECT, "create trigger " + desired.name() + " on " + desired.table())
                .sql(TriggerObjectStatement.build(name, desired, false))
                .lock(desired.table(), LockMode.SHARE_ROW_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(drop(name, desired))
                .fact(CREATE_FACT)
                .fact("From this step's commit on, " + fires(desired) + " of the application running now too"
                        + (desired.enabled() == Trigger.Enabled.DISABLED ? " once enabled (it is created disabled)" : "")
                        + ": it must expect what " + desired.function() + "() does."));
    }

    @Override
    public void alter(QualifiedName name, Trigger current, Trigger desired, PlanContext context, RecipeOutput out) {
        Trigger sameState = desired.withEnabled(current.enabled()).withComment(current.comment());
        if (!sameState.satisfiedBy(current, (live, declared) -> Equivalence.same(live, declared, name.schema()))
                && (current.constraint().isPresent() || desired.constraint().isPresent())) {
            out.add(StepDraft.at(Stage.ATTACH_OBJECT, "drop and create trigger " + desired.name() + " on " + desired.table()
                            + " (a constraint trigger has no CREATE OR REPLACE)")
                    .sql(rebuild(name, current, desired))
                    .lock(desired.table(), LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                    .inverse(rebuild(name, desired, current))
                    .fact("DROP TRIGGER and CREATE CONSTRAINT TRIGGER run in one transaction: no write runs without"
                            + " the trigger. DROP TRIGGER takes ACCESS EXCLUSIVE on the table, briefly: reads and writes"
                            + " wait for a moment (docs/locks.md#user-triggers).")
                    .fact("From this step's commit on, " + fires(desired) + " of the application running now too."));
            return;
        }
        if (!sameState.satisfiedBy(current, (live, declared) -> Equivalence.same(live, declared, name.schema()))) {
            out.add(StepDraft.at(Stage.ATTACH_OBJECT, "replace trigger " + desired.name() + " on " + desired.table())
                    .sql(replace(name, desired, current))
                    .lock(desired.table(), LockMode.SHARE_ROW_EXCLUSIVE, TableWork.CATALOG_ONLY)
                    .inverse(replace(name, current, desired))
                    .fact(REPLACE_FACT)
                    .fact("From this step's commit on, " + fires(desired) + " of the application running now too."));
            return;
        }
        if (current.enabled() != desired.enabled()) {
            out.add(StepDraft.at(Stage.ATTACH_OBJECT, "set trigger " + desired.name() + " on " + desired.table()
                            + " " + state(desired.enabled()))
                    .sql(enable(name, desired))
                    .lock(desired.table(), LockMode.SHARE_ROW_EXCLUSIVE, TableWork.CATALOG_ONLY)
                    .inverse(enable(name, current))
                    .fact(ENABLE_FACT));
        }
        if (!current.comment().equals(desired.comment())) {
            out.add(StepDraft.at(Stage.EXPAND_COMMENT, "comment on trigger " + desired.name() + " on " + desired.table())
                    .sql(comment(name, desired))
                    .lock(desired.table(), LockMode.ACCESS_SHARE, TableWork.CATALOG_ONLY)
                    .inverse(comment(name, current))
                    .fact(COMMENT_FACT));
        }
    }

    @Override
    public void drop(QualifiedName name, Trigger current, PlanContext context, RecipeOutput out) {
        if (RenameTableRecipe.newName(current.table(), context)
                .flatMap(renamed -> trigger(context.desired(), renamed, current.name())).isPresent()) {
            // It went along with its table's rename; the create side of the pair says what else changes.
            return;
        }
        out.gate(GateKind.DEPLOY_READ_SWITCH, "The application no longer relies on trigger " + current.name() + " on "
                + current.table() + " (CONTRACT drops it).");
        out.add(StepDraft.at(Stage.DETACH_OBJECT, "drop trigger " + current.name() + " on " + current.table())
                .sql(drop(name, current))
                .lock(current.table(), LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(TriggerObjectStatement.build(name, current, false))
                .fact("DROP TRIGGER takes ACCESS EXCLUSIVE on the table, briefly: reads and writes wait for a moment"
                        + " (docs/locks.md#row-66 and #user-triggers); from its commit on, writes no longer run "
                        + current.function() + "()."));
    }

    private static Optional<Trigger> trigger(Catalog catalog, QualifiedName table, String name) {
        return catalog.schema(table.schema()).flatMap(s -> s.object(Trigger.KIND, table.name() + "." + name))
                .map(Trigger.class::cast);
    }

    /** {@code CREATE OR REPLACE} to {@code to}, then what it resets ({@code ENABLE}) and a comment that changes. */
    private static List<Statement> replace(QualifiedName name, Trigger to, Trigger from) {
        List<Statement> sql = new ArrayList<>();
        sql.add(new TriggerObjectStatement.Create(name, to, true));
        // CREATE OR REPLACE enables the trigger (tgenabled 'O') whatever it was.
        if (to.enabled() != Trigger.Enabled.ORIGIN) {
            sql.add(enable(name, to));
        }
        if (!to.comment().equals(from.comment())) {
            sql.add(comment(name, to));
        }
        return sql;
    }

    /** {@code from} dropped and {@code to} created with its state and comment: PostgreSQL cannot replace a constraint trigger. */
    private static List<Statement> rebuild(QualifiedName name, Trigger from, Trigger to) {
        List<Statement> sql = new ArrayList<>();
        sql.add(drop(name, from));
        sql.addAll(TriggerObjectStatement.build(name, to, false));
        return sql;
    }

    private static Statement drop(QualifiedName name, Trigger trigger) {
        return new TriggerObjectStatement.Drop(name, trigger.table(), trigger.name());
    }

    private static Statement enable(QualifiedName name, Trigger trigger) {
        return new TriggerObjectStatement.Enable(name, trigger.table(), trigger.name(), trigger.enabled());
    }

    private static Statement comment(QualifiedName name, Trigger trigger) {
        return new TriggerObjectStatement.Comment(name, trigger.table(), trigger.name(), trigger.comment());
    }

    private static String state(Trigger.Enabled enabled) {
        return switch (enabled) {
            case ORIGIN -> "enabled";
            case DISABLED -> "disabled";
            case REPLICA -> "enabled in replica sessions only";
            case ALWAYS -> "enabled always (in replica sessions too)";
        };
    }

    /** "function f() runs before each INSERT or UPDATE row of t, for the writes" */
    private static String fires(Trigger t) {
        String events = String.join(" or ", t.events().stream().map(e -> e.name()).toList());
        return t.function() + "() runs " + t.timing().sql().toLowerCase(Locale.ROOT) + " " + events
                + (t.forEachRow() ? " of each row" : " statement") + " on " + t.table()
                + t.when().map(w -> " where " + w).orElse("") + ", for the writes";
    }
}
