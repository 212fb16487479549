package dev.strata.plan.recipe;

import dev.strata.ddl.AggregateStatement;
import dev.strata.ddl.Statement;
import dev.strata.model.Aggregate;
import dev.strata.model.QualifiedName;
import dev.strata.plan.GateKind;
import dev.strata.plan.ObjectRecipe;
import dev.strata.plan.PlanContext;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;

import java.util.ArrayList;
import java.util.List;

/**
 * Aggregates. A new one is created in EXPAND, after the functions it is built from (its needs) and before the views
 * that may call it. A changed one whose result type stays (the same final function, or none and the same state type)
 * is a {@code CREATE OR REPLACE AGGREGATE} in EXPAND: the old application's next call already aggregates the new way,
 * and the undo is the same statement with the old definition. Any other change drops and creates it in one step,
 * refused at plan time while a view (or an expression) of the current schema calls it. An aggregate no longer declared
 * is dropped in CONTRACT, before the functions it was built from.
 */
public final class AggregateRecipe implements ObjectRecipe<Aggregate> {

    public static final AggregateRecipe INSTANCE = new AggregateRecipe();

    private static final String LOCKS = "docs/locks.md#aggregates";

    private AggregateRecipe() {}

    @Override
    public String kind() {
        return Aggregate.KIND;
    }

    @Override
    public Class<Aggregate> type() {
        return Aggregate.class;
    }

    @Override
    public void create(QualifiedName name, Aggregate desired, PlanContext context, RecipeOutput out) {
        out.add(StepDraft.at(Stage.CREATE_OBJECT, "create aggregate " + name)
                .sql(AggregateStatement.DDL.create(name, desired))
                .inverse(AggregateStatement.Drop.of(name, desired))
                .fact("CREATE AGGREGATE locks no table, only the new aggregate itself (" + LOCKS + ")."));
    }

    @Override
    public void alter(QualifiedName name, Aggregate current, Aggregate desired, PlanContext context, RecipeOutput out) {
        if (current.withComment(desired.comment()).equals(desired)) {
            out.add(StepDraft.at(Stage.CREATE_OBJECT, "change the comment of aggregate " + name)
                    .sql(AggregateStatement.Comment.of(name, desired))
                    .inverse(AggregateStatement.Comment.of(name, current))
                    .fact("COMMENT ON AGGREGATE locks no table, only the aggregate itself (" + LOCKS + ")."));
            return;
        }
        if (current.replaceableBy(desired)) {
            out.add(StepDraft.at(Stage.CREATE_OBJECT, "replace aggregate " + name + " (same arguments and result)")
                    .sql(AggregateStatement.replace(name, current, desired))
                    .inverse(AggregateStatement.replace(name, desired, current))
                    .fact("CREATE OR REPLACE AGGREGATE changes behaviour at once: the old application's next call of "
                            + name + " aggregates the new way, so it must suit both versions until CONTRACT; the undo"
                            + " replaces it with the old definition again.")
                    .fact("CREATE OR REPLACE AGGREGATE locks no table, only the aggregate itself (" + LOCKS + ")."));
            return;
        }
        List<String> callers = RoutineRecipe.callers(context.current(), desired.name());
        if (!callers.isEmpty()) {
            out.refuse("aggregate " + name + " changes its result type, which PostgreSQL cannot replace in place, so it"
                    + " must be dropped and created again, and DROP AGGREGATE would fail: " + String.join(", ", callers)
                    + " calls it. Change those first (another migration), or add a new aggregate beside it.");
            return;
        }
        List<Statement> rebuild = new ArrayList<>();
        rebuild.add(AggregateStatement.Drop.of(name, current));
        rebuild.addAll(AggregateStatement.DDL.create(name, desired));
        List<Statement> back = new ArrayList<>();
        back.add(AggregateStatement.Drop.of(name, desired));
        back.addAll(AggregateStatement.DDL.create(name, current));
        out.add(StepDraft.at(Stage.CREATE_OBJECT, "drop and create aggregate " + name
                        + " (PostgreSQL cannot replace its result type in place)")
                .sql(rebuild)
                .inverse(back)
                .fact("DROP and CREATE AGGREGATE run in one transaction: no call sees the aggregate missing, and the"
                        + " old application's next call aggregates the new way. DROP fails while a view still calls"
                        + " it (no CASCADE); it locks no table, only the aggregate itself (" + LOCKS + ")."));
    }

    @Override
    public void drop(QualifiedName name, Aggregate current, PlanContext context, RecipeOutput out) {
        out.gate(GateKind.DEPLOY_READ_SWITCH, "The application no longer calls aggregate " + name
                + " (CONTRACT drops it).");
        out.add(StepDraft.at(Stage.DROP_OBJECT, "drop aggregate " + name)
                .sql(AggregateStatement.Drop.of(name, current))
                .inverse(AggregateStatement.DDL.create(name, current))
                .fact("DROP AGGREGATE without CASCADE fails while a view still calls it; it locks no table, only the"
                        + " aggregate itself, and goes before the functions it is built from (" + LOCKS + ")."));
    }
}
