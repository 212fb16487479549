package dev.strata.plan.recipe;

import dev.strata.ddl.ConstraintClause;
import dev.strata.ddl.Statement;
import dev.strata.model.Catalog;
import dev.strata.model.ForeignKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.Table;
import dev.strata.plan.LockMode;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A foreign key depends on the one unique index it was created against, and PostgreSQL refuses to drop that index
 * under it, even while another key (a primary key that replaces a unique constraint) covers the same columns. So the
 * step that drops a key drops the desired foreign keys that reference its columns first and adds them again
 * {@code NOT VALID} after, in the same transaction, against the key that stays; each is then validated in a step of
 * its own.
 */
final class BoundForeignKeys {

    private BoundForeignKeys() {}

    /** {@code step} with {@code dropKey} wrapped so; nothing changes when no desired foreign key references the key. */
    static StepDraft around(StepDraft step, Statement dropKey, QualifiedName table, List<String> columns,
            Catalog desired, RecipeOutput out) {
        List<Map.Entry<QualifiedName, ForeignKey>> bound = referencing(desired, table, Set.copyOf(columns));
        bound.forEach(e -> step.sql(ConstraintSql.drop(e.getKey(), e.getValue().name()))
                .lock(e.getKey(), LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY));
        step.sql(dropKey);
        bound.forEach(e -> step.sql(ConstraintSql.addNotValid(e.getKey(), new ConstraintClause.Foreign(e.getValue())))
                .sql(ConstraintSql.comment(e.getKey(), e.getValue().name(), e.getValue().comment())));
        if (!bound.isEmpty()) {
            step.fact("The foreign keys that reference these columns (" + String.join(", ", bound.stream()
                    .map(e -> e.getValue().name()).toList()) + ") depend on the index this drops: they are dropped and"
                    + " added again NOT VALID in the same transaction, against the key that stays (docs/locks.md#row-37),"
                    + " then validated.");
            bound.stream().filter(e -> e.getValue().valid()).forEach(e ->
                    AddForeignKeyRecipe.validate(e.getKey(), e.getValue(), Stage.CONTRACT_VALIDATE_CONSTRAINT, out));
        }
        return step;
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
