package dev.strata.plan.recipe;

import dev.strata.ddl.PolicyStatement;
import dev.strata.ddl.Statement;
import dev.strata.model.Catalog;
import dev.strata.model.Policy;
import dev.strata.model.QualifiedName;
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
import java.util.Optional;

/**
 * Row-level security policies. A new one is created in EXPAND after the columns it reads; a changed one is altered in
 * place ({@code ALTER POLICY}: roles, {@code USING}, {@code WITH CHECK}) or, when its command or permissive/restrictive
 * kind changes (or it loses an expression, which {@code ALTER POLICY} cannot remove), dropped and created again in
 * one transaction; one no longer declared is dropped in CONTRACT, before the columns it read. Every step takes ACCESS
 * EXCLUSIVE on the table for a catalog change only, and changes which rows users see for every query that starts
 * after its commit.
 */
public final class PolicyRecipe implements ObjectRecipe<Policy> {

    public static final PolicyRecipe INSTANCE = new PolicyRecipe();

    private static final String LOCK_FACT = "CREATE, ALTER and DROP POLICY take ACCESS EXCLUSIVE on the table and"
            + " change the catalog only (docs/locks.md#row-level-security).";
    private static final String VISIBLE = "Which rows users see and may write changes at once, for every query that"
            + " starts after this step commits, where row-level security is enabled on the table.";

    private PolicyRecipe() {}

    @Override
    public String kind() {
        return Policy.KIND;
    }

    @Override
    public Class<Policy> type() {
        return Policy.class;
    }

    private static QualifiedName table(QualifiedName name, Policy policy) {
        return QualifiedName.of(name.schema(), policy.table());
    }

    private static List<Statement> create(QualifiedName table, Policy policy) {
        List<Statement> statements = new ArrayList<>();
        statements.add(new PolicyStatement.Create(table, policy));
        policy.comment().ifPresent(c -> statements.add(new PolicyStatement.Comment(table, policy.name(), policy.comment())));
        return statements;
    }

    private static Optional<Policy> policy(Catalog catalog, QualifiedName table, String name) {
        return catalog.schema(table.schema()).flatMap(s -> s.object(Policy.KIND, table.name() + "." + name))
                .map(Policy.class::cast);
    }

    @Override
    public void create(QualifiedName name, Policy desired, PlanContext context, RecipeOutput out) {
        QualifiedName table = table(name, desired);
        // A renamed table keeps its policies: the one of this name it had is altered, not created again.
        Optional<Policy> carried = RenameTableRecipe.oldName(table, context)
                .flatMap(old -> policy(context.current(), old, desired.name()));
        if (carried.isPresent()) {
            Policy moved = carried.get().onTable(desired.table());
            if (!desired.satisfiedBy(moved, String::equals)) {
                alter(name, moved, desired, context, out);
            }
            return;
        }
        out.add(StepDraft.at(Stage.ATTACH_OBJECT, "create policy " + desired.name() + " on table " + table)
                .sql(create(table, desired))
                .lock(table, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(new PolicyStatement.Drop(table, desired.name()))
                .fact(LOCK_FACT)
                .fact(VISIBLE));
    }

    @Override
    public void alter(QualifiedName name, Policy current, Policy desired, PlanContext context, RecipeOutput out) {
        QualifiedName table = table(name, desired);
        StepDraft step = StepDraft.at(Stage.ATTACH_OBJECT, "change policy " + desired.name() + " on table " + table);
        boolean sameDefinition = desired.withComment(current.comment()).satisfiedBy(current, String::equals);
        if (sameDefinition) {
            out.add(step.sql(new PolicyStatement.Comment(table, desired.name(), desired.comment()))
                    .lock(table, LockMode.ACCESS_SHARE, TableWork.CATALOG_ONLY)
                    .inverse(new PolicyStatement.Comment(table, desired.name(), current.comment()))
                    .fact("COMMENT ON POLICY takes only ACCESS SHARE on the table: it blocks no reads or writes"
                            + " (docs/locks.md#row-level-security)."));
            return;
        }
        step.lock(table, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY);
        if (desired.alterableFrom(current)) {
            List<Statement> sql = new ArrayList<>();
            sql.add(PolicyStatement.Alter.to(table, desired));
            List<Statement> inverse = new ArrayList<>();
            inverse.add(PolicyStatement.Alter.to(table, current));
            if (!desired.comment().equals(current.comment())) {
                sql.add(new PolicyStatement.Comment(table, desired.name(), desired.comment()));
                inverse.add(new PolicyStatement.Comment(table, desired.name(), current.comment()));
            }
            step.sql(sql).inverse(inverse);
        } else {
            List<Statement> sql = new ArrayList<>();
            sql.add(new PolicyStatement.Drop(table, current.name()));
            sql.addAll(create(table, desired));
            List<Statement> inverse = new ArrayList<>();
            inverse.add(new PolicyStatement.Drop(table, desired.name()));
            inverse.addAll(create(table, current));
            step.sql(sql).inverse(inverse)
                    .fact("ALTER POLICY cannot change a policy's command or whether it is permissive or restrictive,"
                            + " nor remove an expression: the policy is dropped and created again in one transaction,"
                            + " so no query sees the table without it.");
        }
        out.add(step.fact(LOCK_FACT).fact(VISIBLE));
    }

    @Override
    public void drop(QualifiedName name, Policy current, PlanContext context, RecipeOutput out) {
        QualifiedName table = table(name, current);
        if (RenameTableRecipe.newName(table, context)
                .flatMap(renamed -> policy(context.desired(), renamed, current.name())).isPresent()) {
            // It went along with its table's rename; the create side of the pair says what else changes.
            return;
        }
        out.gate(GateKind.DEPLOY_READ_SWITCH, "The application no longer relies on policy " + current.name()
                + " on table " + table + " (CONTRACT drops it).");
        out.add(StepDraft.at(Stage.DETACH_OBJECT, "drop policy " + current.name() + " on table " + table)
                .sql(new PolicyStatement.Drop(table, current.name()))
                .lock(table, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(create(table, current))
                .fact(LOCK_FACT)
                .fact(VISIBLE + " Dropping a permissive policy hides the rows only it allowed; dropping a restrictive"
                        + " one shows the rows only it hid."));
    }
}
