package dev.strata.plan.recipe;

import dev.strata.ddl.Statement;
import dev.strata.ddl.TableAction;
import dev.strata.ddl.TableStatement;
import dev.strata.ddl.ViewStatement;
import dev.strata.diff.TableChange.RenameTable;
import dev.strata.model.Column;
import dev.strata.model.PartitionOf;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.plan.GateKind;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

import java.util.List;
import java.util.Optional;

/**
 * A rename must keep the old application (old name) and the new one (new name) working together.
 * So EXPAND renames the table and, in the same transaction, puts a view under the old name:
 * {@code SELECT a, b, … FROM new} (the table's current columns) over one table is automatically updatable, so the old application's
 * SELECT, INSERT (defaults and identity still apply), UPDATE, DELETE and RETURNING keep working
 * through it. The rename runs first among table work ({@link Stage#RENAME_TABLE_BEHIND_VIEW})
 * because every other change in the plan already names the table by its new name. CONTRACT, after
 * the read-switch gate, drops the view, first thing ({@link Stage#DROP_VIEW}), so it never holds on
 * to a column CONTRACT drops.
 *
 * <p>Caveats, checked against PostgreSQL 14 and 18: the view's column list is fixed when it is
 * created, so columns this plan adds are not visible through the old name (the old application
 * does not know them anyway); {@code INSERT ... ON CONFLICT} through the view works with a column
 * list as conflict target, but {@code ON CONFLICT ON CONSTRAINT} does not; DDL, TRUNCATE, COPY
 * FROM and locking statements that name the table must use the new name.
 */
public final class RenameTableRecipe implements Recipe<RenameTable> {

    public static final RenameTableRecipe INSTANCE = new RenameTableRecipe();

    @Override
    public void plan(RenameTable change, PlanContext context, RecipeOutput out) {
        QualifiedName from = change.from();
        QualifiedName to = change.to();
        if (oldNameStaysInUse(from, context)) {
            out.refuse("table " + from + " is renamed to " + to.name() + " while a table or view named " + from
                    + " is declared: the old name cannot keep serving the old application during the rollout;"
                    + " rename in one deployment and reuse the name in a later one");
            return;
        }
        out.gate(GateKind.DEPLOY_READ_SWITCH, "The application uses table " + to + " instead of " + from
                + " (CONTRACT drops the compatibility view " + from + ").");
        out.add(StepDraft.at(Stage.RENAME_TABLE_BEHIND_VIEW, "rename table " + from + " to " + to.name()
                        + ", keeping " + from + " as a view of it")
                .sql(TableStatement.Alter.of(from, new TableAction.RenameTo(to.name())))
                .sql(createView(from, to, context))
                .lock(from, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(dropView(from), TableStatement.Alter.of(to, new TableAction.RenameTo(from.name())))
                .fact("RENAME TO takes ACCESS EXCLUSIVE on the table, catalog only (docs/locks.md#row-17); the view under the old name"
                        + " is the pattern of docs/locks.md#row-17, with the view on the old name instead of the new one.")
                .fact("A view selecting every column of one table is automatically updatable: the old application's"
                        + " reads and writes through " + from + " reach " + to + "."));
        out.add(StepDraft.at(Stage.DROP_VIEW, "drop compatibility view " + from)
                .sql(dropView(from))
                .lock(from, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(createView(from, to, context))
                .fact("DROP VIEW takes ACCESS EXCLUSIVE on the view only (docs/locks.md#row-75)."));
        out.warn("table " + from + " is renamed to " + to.name() + "; until CONTRACT the old name is a view: columns added"
                + " by this plan are not visible through it, and INSERT ... ON CONFLICT ON CONSTRAINT through it fails"
                + " (a column list as conflict target works)");
    }

    /**
     * The old name of {@code table} when this plan renames it: until CONTRACT a view of that name selects every column,
     * and PostgreSQL refuses ALTER COLUMN ... TYPE on a column a view reads.
     */
    static Optional<QualifiedName> compatibilityView(QualifiedName table, PlanContext context) {
        return oldName(table, context);
    }

    /**
     * The current name of a desired table that a {@code renamed_from} hint renames, if it is another name: its
     * triggers and policies go along with the rename (they belong to the table, not to its name).
     */
    static Optional<QualifiedName> oldName(QualifiedName table, PlanContext context) {
        return context.currentTableFor(table).map(t -> QualifiedName.of(table.schema(), t.name()))
                .filter(from -> !from.equals(table));
    }

    /** The desired name of a current table that a {@code renamed_from} hint renames: {@link #oldName} the other way. */
    static Optional<QualifiedName> newName(QualifiedName currentTable, PlanContext context) {
        return context.desired().schema(currentTable.schema()).stream().flatMap(s -> s.tables().stream())
                .map(t -> QualifiedName.of(currentTable.schema(), t.name()))
                .filter(renamed -> oldName(renamed, context).equals(Optional.of(currentTable)))
                .findFirst();
    }

    /**
     * {@code statement}, altering a column's type on a table this plan renames, with the compatibility view dropped
     * before and recreated after it in the same transaction; the view's columns are read again, so the old name
     * shows the new type at once.
     */
    static List<Statement> aroundCompatibilityView(QualifiedName table, PlanContext context, Statement statement) {
        return compatibilityView(table, context)
                .map(from -> List.of(dropView(from), statement, createView(from, table, context)))
                .orElse(List.of(statement));
    }

    /**
     * The compatibility view: every column the table has now (the old application's), under the table's old name,
     * automatically updatable. Each keeps its name and exists throughout EXPAND: Strata renames, retypes and drops
     * columns through a second column, and swaps or drops in CONTRACT, after the view is gone.
     */
    private static Statement createView(QualifiedName from, QualifiedName to, PlanContext context) {
        return new ViewStatement.CreateOver(from, to, PartitionOf.physicalColumns(context.current(), from).stream()
                .map(Column::name).toList());
    }

    private static Statement dropView(QualifiedName from) {
        return new ViewStatement.Drop(from, true);
    }

    private static boolean oldNameStaysInUse(QualifiedName from, PlanContext context) {
        return context.desired().schema(from.schema())
                .map((Schema s) -> s.table(from.name()).isPresent() || s.view(from.name()).isPresent())
                .orElse(false);
    }
}
