package dev.strata.plan.recipe;

import dev.strata.ddl.ConstraintClause;
import dev.strata.diff.ConstraintChange.AddPrimaryKey;
import dev.strata.model.Column;
import dev.strata.model.Deferrability;
import dev.strata.model.PrimaryKey;
import dev.strata.model.QualifiedName;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;

import java.util.Optional;

/**
 * A primary key on an existing table: unique index built concurrently in CONTRACT, attached with
 * {@code USING INDEX} in {@code ATTACH_CONSTRAINT}, after TIGHTEN has made the key columns NOT NULL
 * (otherwise the attach itself would scan for nulls under ACCESS EXCLUSIVE, docs/locks.md#row-35).
 * A table has one primary key, so a changed one (any name) is {@link ReplacePrimaryKeyRecipe}'s.
 */
public final class AddPrimaryKeyRecipe implements Recipe<AddPrimaryKey> {

    public static final AddPrimaryKeyRecipe INSTANCE = new AddPrimaryKeyRecipe();

    @Override
    public void plan(AddPrimaryKey change, PlanContext context, RecipeOutput out) {
        plan(change.table(), change.primaryKey(), Optional.empty(), context, out);
    }

    /** Attaches {@code pk}, dropping {@code replaced} in the attaching transaction when there is one. */
    static void plan(QualifiedName table, PrimaryKey pk, Optional<UniqueAttach.Replaced> replaced, PlanContext context,
                     RecipeOutput out) {
        // A key column still nullable when the key is attached makes USING INDEX scan for NULLs under ACCESS EXCLUSIVE.
        boolean nullable = context.desiredTable(table)
                .map(t -> pk.columns().stream().anyMatch(c -> t.column(c).map(Column::nullable).orElse(false)))
                .orElse(false);
        new UniqueAttach(table, UniqueAttach.PRIMARY_KEY, pk.name(), pk.columns(), false, pk.withoutOverlaps(),
                Deferrability.NOT_DEFERRABLE,
                new ConstraintClause.Primary(pk), pk.comment(), replaced).plan(context, out, nullable);
    }
}
