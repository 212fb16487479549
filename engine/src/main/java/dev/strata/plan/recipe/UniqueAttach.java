package dev.strata.plan.recipe;

import dev.strata.ddl.ConstraintClause;
import dev.strata.ddl.Statement;
import dev.strata.model.Deferrability;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.QualifiedName;
import dev.strata.plan.ConcurrentIndex;
import dev.strata.plan.GateKind;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shared shape of adding a UNIQUE or PRIMARY KEY constraint to a table that exists: build the
 * unique index CONCURRENTLY (no lock that stops traffic), then attach it with {@code ADD CONSTRAINT
 * ... USING INDEX}, a brief ACCESS EXCLUSIVE (docs/locks.md#row-33 to #row-35).
 *
 * <p>When the constraint replaces one ({@link ReplaceUniqueRecipe}, {@link ReplacePrimaryKeyRecipe}) the new index is built
 * under a temporary name and the old constraint is dropped in the same short transaction that
 * attaches the new one, so uniqueness is enforced throughout; {@code USING INDEX} renames the index
 * to the constraint's name.
 *
 * <p>A temporal key ({@code WITHOUT OVERLAPS}, PostgreSQL 18) has no such path: its index is GiST, which
 * {@code CREATE UNIQUE INDEX} refuses ("access method gist does not support unique indexes") and {@code USING INDEX}
 * takes only a unique B-tree. On a table that exists it is added directly, building its index under ACCESS EXCLUSIVE
 * as an exclusion constraint is (docs/locks.md#row-41), unless the table was empty at plan time ({@link EmptyTable}).
 */
record UniqueAttach(
        QualifiedName table,
        String kind,
        String name,
        List<String> columns,
        boolean nullsNotDistinct,
        boolean withoutOverlaps,
        Deferrability deferrability,
        ConstraintClause clause,
        Optional<String> comment,
        Optional<Replaced> replaced) {

    /** The {@code kind} of a primary key; a unique constraint's is {@code UNIQUE}. */
    static final String PRIMARY_KEY = "PRIMARY KEY";

    /** The constraint dropped in the attaching transaction, and how to put it back. */
    record Replaced(String name, ConstraintClause clause) {}

    String where() {
        return kind.toLowerCase(java.util.Locale.ROOT) + " " + name + " on " + table + " " + "(" + String.join(", ", columns) + ")";
    }

    void plan(PlanContext ctx, RecipeOutput out, boolean columnsNullableAtAttach) {
        if (nullsNotDistinct && !ctx.supports(15)) {
            out.refuse(where() + ": NULLS NOT DISTINCT needs PostgreSQL 15 or later (the plan is for "
                    + ctx.pgMajor() + "); declare it without nulls_not_distinct or upgrade the server.");
            return;
        }
        if (withoutOverlaps && !ctx.supports(18)) {
            out.refuse(where() + ": WITHOUT OVERLAPS (a temporal key) needs PostgreSQL 18 or later (the plan is for "
                    + ctx.pgMajor() + "); declare it without without_overlaps or upgrade the server.");
            return;
        }
        if (ctx.isNewTable(table)) {
            out.add(StepDraft.at(Stage.ADD_CONSTRAINT, "add " + where())
                    .sql(ConstraintSql.add(table, clause))
                    .sql(ConstraintSql.comment(table, name, comment))
                    .lock(table, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                    .inverse(ConstraintSql.drop(table, name))
                    .fact("The table is created by this plan and still empty, so building the index is instant."));
            return;
        }
        if (withoutOverlaps) {
            addTemporal(ctx, out);
            return;
        }
        String indexName = replaced.isPresent() ? ctx.names().relation(table.schema(), IndexSql.buildName(name)) : name;
        Index index = new Index(indexName, true, nullsNotDistinct, "btree",
                columns.stream().map(IndexKey::column).toList(), List.of(), Optional.empty(), Map.of());
        out.gate(GateKind.DEPLOY_READ_SWITCH, "No two rows of " + table + " may share (" + String.join(", ", columns)
                + ") and the application must write no such duplicates: CONTRACT adds " + where() + ".");
        out.add(StepDraft.at(Stage.TIGHTEN, "build unique index " + indexName + " for " + where())
                .sql(IndexSql.createConcurrently(table, index))
                .concurrently(new ConcurrentIndex.Build(IndexSql.relation(table, indexName)))
                .lock(table, LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.SCAN)
                .inverse(IndexSql.dropConcurrently(table, indexName))
                .fact("CREATE UNIQUE INDEX CONCURRENTLY takes SHARE UPDATE EXCLUSIVE: reads and writes continue (docs/locks.md#row-46).")
                .fact("It is in CONTRACT because rows the old application writes could violate it; a duplicate makes the build fail.")
                .fact(IndexSql.INVALID_LEFTOVER_FACT));
        attach(ctx, out, indexName, columnsNullableAtAttach);
    }

    /** The temporal key on a table that exists: one direct ADD (after dropping the replaced one), in CONTRACT. */
    private void addTemporal(PlanContext ctx, RecipeOutput out) {
        out.gate(GateKind.DEPLOY_READ_SWITCH, "No two rows of " + table + " may share (" + String.join(", ", columns.subList(0, columns.size() - 1))
                + ") with overlapping " + columns.getLast() + " and the application must write no such rows: CONTRACT adds " + where() + ".");
        List<Statement> inverse = new ArrayList<>();
        inverse.add(ConstraintSql.drop(table, name));
        replaced.ifPresent(r -> inverse.add(ConstraintSql.add(table, r.clause())));
        String summary = (replaced.isPresent() ? "replace " : "add ") + where();
        StepDraft step;
        if (EmptyTable.atPlanTime(ctx, table)) {
            step = EmptyTable.step(Stage.CONTRACT_ADD_CONSTRAINT, summary, table, "adding " + where() + " would build its"
                    + " GiST index under ACCESS EXCLUSIVE", "building the GiST index reads no row.");
        } else {
            out.warn(where() + ": PostgreSQL has no online way to add a WITHOUT OVERLAPS key (its GiST index can be"
                    + " neither built as UNIQUE CONCURRENTLY nor attached with USING INDEX); the index build blocks reads"
                    + " and writes of " + table + ". Run it in a maintenance window (overriding the lock policy), or build"
                    + " a new table with the key and move the rows.");
            step = StepDraft.at(Stage.CONTRACT_ADD_CONSTRAINT, summary)
                    .lock(table, LockMode.ACCESS_EXCLUSIVE, TableWork.SCAN)
                    .fact("ADD " + kind + " (... WITHOUT OVERLAPS) builds its GiST index under ACCESS EXCLUSIVE; there is no"
                            + " online path, as for an exclusion constraint (docs/locks.md#row-41).");
        }
        replaced.ifPresent(r -> step.sql(ConstraintSql.drop(table, r.name())));
        step.sql(ConstraintSql.add(table, clause))
                .sql(ConstraintSql.comment(table, name, comment))
                .inverse(inverse);
        replaced.ifPresent(r -> step.fact("The old constraint " + r.name() + " is dropped in the same transaction, so"
                + " uniqueness is never unenforced; dropping a key that foreign keys reference fails until they are dropped."));
        out.add(step);
    }

    private void attach(PlanContext ctx, RecipeOutput out, String indexName, boolean columnsNullable) {
        List<Statement> statements = new ArrayList<>();
        replaced.ifPresent(r -> statements.add(ConstraintSql.drop(table, r.name())));
        statements.add(ConstraintSql.add(table, new ConstraintClause.UsingIndex(name, kind.equals(PRIMARY_KEY), indexName,
                deferrability)));
        List<Statement> inverse = new ArrayList<>();
        inverse.add(ConstraintSql.drop(table, name));
        replaced.ifPresent(r -> inverse.add(ConstraintSql.add(table, r.clause())));
        var step = StepDraft.at(Stage.ATTACH_CONSTRAINT, (replaced.isPresent() ? "replace " : "attach ") + where())
                .lock(table, LockMode.ACCESS_EXCLUSIVE, columnsNullable ? TableWork.SCAN : TableWork.CATALOG_ONLY)
                .inverse(inverse)
                .fact("ADD CONSTRAINT ... USING INDEX only records the constraint: brief ACCESS EXCLUSIVE (docs/locks.md#row-35).");
        statements.forEach(step::sql);
        step.sql(ConstraintSql.comment(table, name, comment));
        replaced.ifPresent(r -> step.fact("The old constraint " + r.name() + " is dropped in the same transaction, so"
                + " uniqueness is never unenforced; dropping a key that foreign keys reference fails until they are dropped."));
        if (columnsNullable) {
            step.fact("A primary key on nullable columns makes USING INDEX run SET NOT NULL, a full scan under ACCESS EXCLUSIVE (docs/locks.md#row-35).");
            out.warn(where() + ": the columns are nullable, so attaching the primary key scans the table under ACCESS"
                    + " EXCLUSIVE; declare the columns not null so the plan makes them NOT NULL first without that lock.");
        }
        out.add(step);
    }
}
