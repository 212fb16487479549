package dev.strata.plan.recipe;

import dev.strata.ddl.RoutineStatement;
import dev.strata.ddl.Statement;
import dev.strata.model.Aggregate;
import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.model.Domain;
import dev.strata.model.IndexKey;
import dev.strata.model.MaterializedView;
import dev.strata.model.Policy;
import dev.strata.model.QualifiedName;
import dev.strata.model.Routine;
import dev.strata.model.Schema;
import dev.strata.model.Table;
import dev.strata.model.Trigger;
import dev.strata.model.View;
import dev.strata.plan.GateKind;
import dev.strata.plan.ObjectRecipe;
import dev.strata.plan.PlanContext;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.sql.Lexer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Functions and procedures. A new one is created in EXPAND, before the tables whose defaults and checks may call it.
 * A changed body or attribute with the same signature and result is a {@code CREATE OR REPLACE} in EXPAND: the old
 * application's next call already runs the new definition (PostgreSQL has one version of a function), and its undo is
 * the same statement with the old definition. A change {@code CREATE OR REPLACE} refuses (result type, argument names
 * or modes, a removed default, function ↔ procedure) drops and creates in one step, which is refused at plan time
 * while a default, check, generated column, index or view of the current schema calls the routine ({@code DROP}
 * without {@code CASCADE} would fail there). A routine no longer declared is dropped in CONTRACT.
 */
public final class RoutineRecipe implements ObjectRecipe<Routine> {

    public static final RoutineRecipe FUNCTIONS = new RoutineRecipe(Routine.Kind.FUNCTION);
    public static final RoutineRecipe PROCEDURES = new RoutineRecipe(Routine.Kind.PROCEDURE);

    private static final String LOCKS = "docs/locks.md#functions-and-procedures";

    private final Routine.Kind kind;

    private RoutineRecipe(Routine.Kind kind) {
        this.kind = kind;
    }

    @Override
    public String kind() {
        return kind.word();
    }

    @Override
    public Class<Routine> type() {
        return Routine.class;
    }

    @Override
    public void create(QualifiedName name, Routine desired, PlanContext context, RecipeOutput out) {
        out.add(StepDraft.at(Stage.CREATE_OBJECT, "create " + kind.word() + " " + name)
                .sql(ddl().create(name, desired))
                .inverse(RoutineStatement.Drop.of(name, desired))
                .fact("CREATE " + keyword() + " locks no table, only the new " + kind.word() + " itself (" + LOCKS + ")."));
    }

    @Override
    public void alter(QualifiedName name, Routine current, Routine desired, PlanContext context, RecipeOutput out) {
        if (current.withComment(desired.comment()).equals(desired)) {
            out.add(StepDraft.at(Stage.CREATE_OBJECT, "change the comment of " + kind.word() + " " + name)
                    .sql(RoutineStatement.Comment.of(name, desired))
                    .inverse(RoutineStatement.Comment.of(name, current))
                    .fact("COMMENT ON " + keyword() + " locks no table (" + LOCKS + ")."));
            return;
        }
        if (current.replaceableBy(desired)) {
            out.add(StepDraft.at(Stage.CREATE_OBJECT, "replace " + kind.word() + " " + name + " (same signature and result)")
                    .sql(RoutineStatement.replace(name, current, desired))
                    .inverse(RoutineStatement.replace(name, desired, current))
                    .fact("CREATE OR REPLACE " + keyword() + " changes behaviour at once: the old application's next"
                            + " call of " + name + " runs the new definition, so it must suit both versions until"
                            + " CONTRACT; the undo replaces it with the old definition again.")
                    .fact("CREATE OR REPLACE " + keyword() + " takes no lock, on a table or on the " + kind.word()
                            + ", and waits for no call (" + LOCKS + ")."));
            return;
        }
        List<String> callers = callers(context.current(), name, current);
        if (!callers.isEmpty()) {
            out.refuse(kind.word() + " " + name + " changes what PostgreSQL cannot replace in place (result type,"
                    + " argument names or modes, a removed default), so it must be dropped and created again, and"
                    + " DROP " + keyword() + " would fail: " + String.join(", ", callers) + " calls it. Change those"
                    + " first (another migration), or keep the " + kind.word() + "'s signature and result and add a new"
                    + " one beside it.");
            return;
        }
        List<Statement> rebuild = new ArrayList<>();
        rebuild.add(RoutineStatement.Drop.of(name, current));
        rebuild.addAll(ddl().create(name, desired));
        List<Statement> back = new ArrayList<>();
        back.add(RoutineStatement.Drop.of(name, desired));
        back.addAll(ddl().create(name, current));
        out.add(StepDraft.at(Stage.CREATE_OBJECT, "drop and create " + kind.word() + " " + name
                        + " (PostgreSQL cannot replace its result or arguments in place)")
                .sql(rebuild)
                .inverse(back)
                .fact("DROP and CREATE " + keyword() + " run in one transaction: no call sees the " + kind.word()
                        + " missing, and the old application's next call runs the new definition. DROP fails while"
                        + " a trigger, view or another routine still uses it (no CASCADE) (" + LOCKS + ")."));
    }

    @Override
    public void drop(QualifiedName name, Routine current, PlanContext context, RecipeOutput out) {
        out.gate(GateKind.DEPLOY_READ_SWITCH, "The application no longer calls " + kind.word() + " " + name
                + " (CONTRACT drops it).");
        out.add(StepDraft.at(Stage.DROP_OBJECT, "drop " + kind.word() + " " + name)
                .sql(RoutineStatement.Drop.of(name, current))
                .inverse(ddl().create(name, current))
                .fact("DROP " + keyword() + " without CASCADE fails while a default, check, trigger, view or another"
                        + " routine still uses it; it locks no table, only the " + kind.word() + " itself (" + LOCKS + ")."));
    }

    private dev.strata.ddl.ObjectDdl<Routine> ddl() {
        return kind == Routine.Kind.PROCEDURE ? RoutineStatement.PROCEDURE_DDL : RoutineStatement.FUNCTION_DDL;
    }

    private String keyword() {
        return kind == Routine.Kind.PROCEDURE ? "PROCEDURE" : "FUNCTION";
    }

    /**
     * What in {@code catalog} calls the routine, so that PostgreSQL refuses to drop it: a column default or generated
     * expression, a check, an index expression or predicate, a view or materialized view query, an aggregate built from
     * it, a routine with a SQL-standard body, a trigger, a policy, a domain's default or check. A call is the routine's name followed by {@code (}, found by the lexer
     * (an over-approximation across overloads and schemas; a refusal names what it found).
     */
    static List<String> callers(Catalog catalog, QualifiedName name, Routine routine) {
        return callers(catalog, routine.name(), Optional.of(name));
    }

    /** {@link #callers(Catalog, QualifiedName, Routine)} of any routine named {@code routine}, an aggregate too. */
    static List<String> callers(Catalog catalog, String routine) {
        return callers(catalog, routine, Optional.empty());
    }

    /** @param self the routine itself (schema and key), which its own body does not count as calling */
    private static List<String> callers(Catalog catalog, String routine, Optional<QualifiedName> self) {
        List<String> callers = new ArrayList<>();
        for (Schema schema : catalog.schemas()) {
            for (Table table : schema.tables()) {
                QualifiedName t = QualifiedName.of(schema.name(), table.name());
                for (Column column : table.columns()) {
                    column.defaultValue().filter(d -> calls(d, routine))
                            .ifPresent(d -> callers.add("the default of column " + t + "." + column.name()));
                    column.generatedAs().filter(d -> calls(d, routine))
                            .ifPresent(d -> callers.add("generated column " + t + "." + column.name()));
                }
                table.checks().stream().filter(c -> calls(c.expression(), routine))
                        .forEach(c -> callers.add("check " + c.name() + " on " + t));
                table.indexes().stream().filter(i -> i.where().filter(w -> calls(w, routine)).isPresent()
                                || i.keys().stream().anyMatch(k -> k.target() instanceof IndexKey.ExpressionTarget e
                                        && calls(e.sql(), routine)))
                        .forEach(i -> callers.add("index " + i.name() + " on " + t));
            }
            for (View view : schema.views()) {
                if (calls(view.definition(), routine)) {
                    callers.add("view " + QualifiedName.of(schema.name(), view.name()));
                }
            }
            for (var object : schema.objects(Aggregate.KIND)) {
                if (((Aggregate) object).functionsNeeded().stream().anyMatch(f -> f.name().name().startsWith(routine + "("))) {
                    callers.add("aggregate " + QualifiedName.of(schema.name(), object.key()));
                }
            }
            // A body in quotes is parsed only when called; a SQL-standard one at creation, and PostgreSQL records its calls.
            for (var object : schema.objects()) {
                if (object instanceof Routine r && r.bodyForm() == Routine.BodyForm.STANDARD
                        && !self.equals(Optional.of(QualifiedName.of(schema.name(), r.key()))) && calls(r.body(), routine)) {
                    callers.add(r.kind() + " " + QualifiedName.of(schema.name(), r.key()));
                }
            }
            for (var object : schema.objects(Trigger.KIND)) {
                Trigger trigger = (Trigger) object;
                if (trigger.function().name().equals(routine)
                        || trigger.when().filter(w -> calls(w, routine)).isPresent()) {
                    callers.add("trigger " + trigger.name() + " on " + trigger.table());
                }
            }
            for (var object : schema.objects(Policy.KIND)) {
                Policy policy = (Policy) object;
                if (policy.using().filter(u -> calls(u, routine)).isPresent()
                        || policy.withCheck().filter(w -> calls(w, routine)).isPresent()) {
                    callers.add("policy " + policy.name() + " on " + QualifiedName.of(schema.name(), policy.table()));
                }
            }
            for (var object : schema.objects(MaterializedView.KIND)) {
                if (calls(((MaterializedView) object).query(), routine)) {
                    callers.add("materialized view " + QualifiedName.of(schema.name(), object.key()));
                }
            }
            for (var object : schema.objects(Domain.KIND)) {
                Domain domain = (Domain) object;
                if (domain.defaultValue().filter(d -> calls(d, routine)).isPresent()
                        || domain.checks().stream().anyMatch(c -> calls(c.expression(), routine))) {
                    callers.add("domain " + QualifiedName.of(schema.name(), domain.name()));
                }
            }
        }
        return callers;
    }

    private static boolean calls(String sql, String routine) {
        try {
            List<Lexer.Token> tokens = Lexer.tokens(sql);
            for (int i = 0; i + 1 < tokens.size(); i++) {
                if (tokens.get(i).isName() && tokens.get(i).value().equals(routine) && tokens.get(i + 1).is("(")) {
                    return true;
                }
            }
            return false;
        } catch (Lexer.LexError e) {
            return true;
        }
    }
}
