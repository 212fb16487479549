package dev.strata.plan.recipe;

import dev.strata.model.QualifiedName;
import dev.strata.plan.GateKind;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.ShortNames;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;
import dev.strata.sql.Identifiers;

/**
 * Makes a column NOT NULL without holding ACCESS EXCLUSIVE during the scan (reference rows 24–26):
 * a NOT VALID constraint first (brief lock, new writes checked at once), then VALIDATE under SHARE
 * UPDATE EXCLUSIVE (the scan lets reads and writes through). PostgreSQL 18 has NOT NULL … NOT VALID;
 * earlier versions use a CHECK (c IS NOT NULL) that lets SET NOT NULL skip its scan (PostgreSQL ≥ 12).
 */
final class NotNull {

    private NotNull() {}

    static void tighten(QualifiedName t, String column, PlanContext ctx, RecipeOutput out) {
        String table = Identifiers.qualified(t);
        String col = Identifiers.quote(column);
        String name = Identifiers.quote(ShortNames.withSuffix(t.name() + "_" + column, "_strata_nn"));
        String where = t + "." + column;
        out.gate(GateKind.DEPLOY_READ_SWITCH, "The application always writes a value for " + where + " (CONTRACT makes it NOT NULL).");
        if (ctx.supports(18)) {
            out.add(StepDraft.at(Stage.TIGHTEN, "add NOT NULL on " + where + " (not yet validated)")
                    .sql("ALTER TABLE " + table + " ADD CONSTRAINT " + name + " NOT NULL " + col + " NOT VALID")
                    .lock(t, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                    .inverse("ALTER TABLE " + table + " ALTER COLUMN " + col + " DROP NOT NULL")
                    .fact("PostgreSQL 18 adds NOT NULL constraints NOT VALID: no scan under the lock (reference row 26)."));
            out.add(StepDraft.at(Stage.TIGHTEN, "validate NOT NULL on " + where)
                    .sql("ALTER TABLE " + table + " VALIDATE CONSTRAINT " + name)
                    .lock(t, LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.SCAN)
                    .inverse("ALTER TABLE " + table + " ALTER COLUMN " + col + " DROP NOT NULL")
                    .fact("VALIDATE CONSTRAINT scans under SHARE UPDATE EXCLUSIVE: reads and writes continue."));
            return;
        }
        out.add(StepDraft.at(Stage.TIGHTEN, "add CHECK (" + column + " IS NOT NULL) on " + t + " (not yet validated)")
                .sql("ALTER TABLE " + table + " ADD CONSTRAINT " + name + " CHECK (" + col + " IS NOT NULL) NOT VALID")
                .lock(t, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse("ALTER TABLE " + table + " DROP CONSTRAINT IF EXISTS " + name)
                .fact("A NOT VALID check is added without scanning; new writes are checked at once (reference row 25)."));
        out.add(StepDraft.at(Stage.TIGHTEN, "validate the NOT NULL check on " + where)
                .sql("ALTER TABLE " + table + " VALIDATE CONSTRAINT " + name)
                .lock(t, LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.SCAN)
                .fact("VALIDATE CONSTRAINT scans under SHARE UPDATE EXCLUSIVE: reads and writes continue."));
        out.add(StepDraft.at(Stage.TIGHTEN, "set NOT NULL on " + where + " and drop the helper check")
                .sql("ALTER TABLE " + table + " ALTER COLUMN " + col + " SET NOT NULL")
                .sql("ALTER TABLE " + table + " DROP CONSTRAINT IF EXISTS " + name)
                .lock(t, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse("ALTER TABLE " + table + " ALTER COLUMN " + col + " DROP NOT NULL")
                .fact("With a valid CHECK (c IS NOT NULL) in place, SET NOT NULL skips its table scan (PostgreSQL ≥ 12, reference row 25)."));
    }
}
