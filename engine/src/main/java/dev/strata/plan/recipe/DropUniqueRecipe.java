package dev.strata.plan.recipe;

import dev.strata.ddl.ConstraintClause;
import dev.strata.diff.ConstraintChange.DropUnique;
import dev.strata.model.Catalog;
import dev.strata.model.ForeignKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.Table;
import dev.strata.plan.GateKind;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Dropping a unique constraint loosens: harmless to old writers, but the old application may
 * depend on it (ON CONFLICT, lookups assuming one row), so it waits for CONTRACT. A changed
 * constraint is {@link ReplaceUniqueRecipe}'s. Foreign keys bound to its index (a primary key on the same columns
 * replaces it) are added again against the key that stays.
 */
public final class DropUniqueRecipe implements Recipe<DropUnique> {

    public static final DropUniqueRecipe INSTANCE = new DropUniqueRecipe();

    @Override
    public void plan(DropUnique change, PlanContext context, RecipeOutput out) {
        String name = change.unique().name();
        out.gate(GateKind.DEPLOY_READ_SWITCH, "The application no longer relies on unique constraint " + name + " on "
                + change.table() + " (ON CONFLICT targets, one-row lookups): CONTRACT drops it.");
        List<Map.Entry<QualifiedName, ForeignKey>> rebound = referencing(context.desired(), change.table(),
                Set.copyOf(change.unique().columns()));
        StepDraft step = StepDraft.at(Stage.DROP_CONSTRAINT, "drop unique constraint " + name + " on " + change.table());
        rebound.forEach(e -> step.sql(ConstraintSql.drop(e.getKey(), e.getValue().name()))
                .lock(e.getKey(), LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY));
        step.sql(ConstraintSql.drop(change.table(), name));
        rebound.forEach(e -> step.sql(ConstraintSql.addNotValid(e.getKey(), new ConstraintClause.Foreign(e.getValue())))
                .sql(ConstraintSql.comment(e.getKey(), e.getValue().name(), e.getValue().comment())));
        out.add(step
                .lock(change.table(), LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(ConstraintSql.add(change.table(), new ConstraintClause.Unique(change.unique())))
                .fact("DROP CONSTRAINT is brief under ACCESS EXCLUSIVE and drops the backing index (docs/locks.md#row-42).")
                .fact("The inverse rebuilds the index under ACCESS EXCLUSIVE (docs/locks.md#row-34)."));
        if (!rebound.isEmpty()) {
            step.fact("A foreign key depends on the one unique index it was created against, and PostgreSQL refuses to drop"
                    + " that index under it: the foreign keys that reference these columns ("
                    + String.join(", ", rebound.stream().map(e -> e.getValue().name()).toList())
                    + ") are dropped and added again NOT VALID in the same transaction, against the key that stays"
                    + " (docs/locks.md#row-37), then validated.");
            rebound.stream().filter(e -> e.getValue().valid()).forEach(e ->
                    AddForeignKeyRecipe.validate(e.getKey(), e.getValue(), Stage.CONTRACT_VALIDATE_CONSTRAINT, out));
        }
    }

    /** The desired foreign keys that reference {@code columns} of {@code table} (in any order), with their tables. */
    private static List<Map.Entry<QualifiedName, ForeignKey>> referencing(Catalog desired, QualifiedName table,
            Set<String> columns) {
        List<Map.Entry<QualifiedName, ForeignKey>> out = new ArrayList<>();
        for (Schema schema : desired.schemas()) {
            for (Table t : schema.tables()) {
                t.foreignKeys().stream().filter(fk -> fk.target().equals(table) && Set.copyOf(fk.targetColumns()).equals(columns))
                        .forEach(fk -> out.add(Map.entry(QualifiedName.of(schema.name(), t.name()), fk)));
            }
        }
        return out;
    }
}
