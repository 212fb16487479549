package dev.strata.plan.recipe;

import dev.strata.diff.TableChange.DropTable;
import dev.strata.model.ForeignKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.Table;
import dev.strata.plan.DataLoss;
import dev.strata.plan.GateKind;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;
import dev.strata.sql.Identifiers;

import java.util.Optional;

/**
 * Dropping a table is instant for the database and final for its rows, so it waits for CONTRACT,
 * behind the read-switch gate, and names what it deletes.
 *
 * <p>No {@code CASCADE}: whatever still depends on the table (a view, a foreign key Strata does not
 * manage) must make the drop fail loudly rather than vanish with it. Foreign keys of surviving
 * tables that point here are dropped earlier by their own changes. A foreign key between two tables
 * that both go would make whichever is dropped first fail, so it is removed first, at
 * {@link Stage#DROP_CONSTRAINT}. The drop itself takes ACCESS EXCLUSIVE on the table and on every
 * table its foreign keys reference, because their FK triggers go with it.
 */
public final class DropTableRecipe implements Recipe<DropTable> {

    public static final DropTableRecipe INSTANCE = new DropTableRecipe();

    @Override
    public void plan(DropTable change, PlanContext context, RecipeOutput out) {
        QualifiedName name = change.name();
        Table table = change.current();
        out.gate(GateKind.DEPLOY_READ_SWITCH, "The application no longer uses table " + name
                + " (CONTRACT drops it with its rows).");
        StepDraft drop = StepDraft.at(Stage.DROP_TABLE, "drop table " + name)
                .sql("DROP TABLE IF EXISTS " + Identifiers.qualified(name))
                .lock(name, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .deletes(new DataLoss("table " + name + " and every row in it", context.estimatedRows(name)));
        for (ForeignKey foreignKey : table.foreignKeys()) {
            QualifiedName target = foreignKey.target();
            if (target.equals(name)) {
                continue;
            }
            if (droppedToo(target, context)) {
                out.add(StepDraft.at(Stage.DROP_CONSTRAINT, "drop foreign key " + foreignKey.name() + " on " + name
                                + " (" + name + " and " + target + " are both dropped)")
                        .sql("ALTER TABLE " + Identifiers.qualified(name) + " DROP CONSTRAINT IF EXISTS "
                                + Identifiers.quote(foreignKey.name()))
                        .lock(name, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                        .lock(target, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                        .fact("Dropping a foreign key takes ACCESS EXCLUSIVE on both tables, briefly (docs/locks.md#row-42)."));
            } else {
                drop.lock(target, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY);
            }
        }
        out.add(drop.fact("DROP TABLE takes ACCESS EXCLUSIVE on the table and on the tables its foreign keys reference"
                + " (docs/locks.md#row-55, #note-9); it only removes catalog entries and files."));
    }

    /** A current table that no desired table takes over, in a schema the plan manages. */
    static boolean droppedToo(QualifiedName table, PlanContext context) {
        Optional<Schema> desired = context.desired().schema(table.schema());
        if (desired.isEmpty() || context.current().table(table).isEmpty()) {
            return false;
        }
        return desired.get().tables().stream().noneMatch(t -> t.renamedFrom().equals(Optional.of(table.name()))
                || (t.name().equals(table.name()) && t.renamedFrom()
                        .flatMap(old -> context.current().table(QualifiedName.of(table.schema(), old))).isEmpty()));
    }
}
