package dev.strata.plan.recipe;

import dev.strata.ddl.RowLevelSecurityStatement;
import dev.strata.diff.TableChange.ChangeRowLevelSecurity;
import dev.strata.model.ObjectName;
import dev.strata.model.Policy;
import dev.strata.model.QualifiedName;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * A table's row-level security switches, set in EXPAND with the table's policies (after those the plan creates, so
 * that no moment has the switch on without them): a catalog-only {@code ALTER TABLE} under ACCESS EXCLUSIVE. What
 * users see changes at once, for every query that starts after the commit: the plan says so.
 */
public final class ChangeRowLevelSecurityRecipe implements Recipe<ChangeRowLevelSecurity> {

    public static final ChangeRowLevelSecurityRecipe INSTANCE = new ChangeRowLevelSecurityRecipe();

    /** Said of every step that switches row-level security on. */
    static final String HIDES_ROWS = "With row-level security enabled, a role other than the table's owner (and"
            + " superusers and BYPASSRLS roles) sees and changes only the rows a policy allows; with no policy for it,"
            + " none at all (docs/locks.md#row-level-security).";

    private static final String LOCK_FACT = "ALTER TABLE … ENABLE / DISABLE / FORCE / NO FORCE ROW LEVEL SECURITY takes"
            + " ACCESS EXCLUSIVE on the table and changes the catalog only (docs/locks.md#row-level-security).";

    private ChangeRowLevelSecurityRecipe() {}

    @Override
    public void plan(ChangeRowLevelSecurity change, PlanContext context, RecipeOutput out) {
        QualifiedName table = change.table();
        Set<ObjectName> policies = context.desired().schema(table.schema()).stream()
                .flatMap(s -> s.objects(Policy.KIND).stream())
                .filter(o -> ((Policy) o).table().equals(table.name()))
                .map(o -> ObjectName.of(Policy.KIND, table.schema(), o.key()))
                .collect(Collectors.toSet());
        StepDraft step = StepDraft.at(Stage.ATTACH_OBJECT, change.describe())
                .sql(new RowLevelSecurityStatement(table, change.from(), change.to(), change.to().enabled() ? policies : Set.of()))
                .lock(table, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(new RowLevelSecurityStatement(table, change.to(), change.from()))
                .fact(LOCK_FACT);
        if (change.to().enabled() && !change.from().enabled()) {
            step.fact(HIDES_ROWS);
            if (policies.isEmpty()) {
                out.warn("row level security of table " + table + " is enabled with no policy declared on it: from"
                        + " this step on, every role but its owner (and superusers and BYPASSRLS roles) sees no rows of"
                        + " it and cannot write to it");
            }
        } else if (change.from().enabled() && !change.to().enabled()) {
            step.fact("With row-level security disabled, every role with privileges on the table sees and changes all"
                    + " its rows at once, whatever its policies say (docs/locks.md#row-level-security).");
        }
        if (change.to().forced() != change.from().forced()) {
            step.fact(change.to().forced()
                    ? "FORCE ROW LEVEL SECURITY applies the policies to the table's owner too (superusers and"
                            + " BYPASSRLS roles still bypass them)."
                    : "NO FORCE ROW LEVEL SECURITY exempts the table's owner from its policies again.");
        }
        out.add(step);
    }
}
