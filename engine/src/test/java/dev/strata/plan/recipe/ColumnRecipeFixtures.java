package dev.strata.plan.recipe;

import dev.strata.catalog.CatalogReader;
import dev.strata.diff.ExpressionEquality;
import dev.strata.expr.Equivalence;
import dev.strata.model.Catalog;
import dev.strata.model.QualifiedName;
import dev.strata.plan.DdlStep;
import dev.strata.plan.Phase;
import dev.strata.plan.Plan;
import dev.strata.plan.PlanRequest;
import dev.strata.plan.Planner;
import dev.strata.plan.Step;
import dev.strata.testing.StepRunner;
import dev.strata.testing.TestDatabase;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import static dev.strata.testing.TestCatalogs.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Small catalogs and the plan/run/read-back loop the column recipe tests share. */
final class ColumnRecipeFixtures {

    static final QualifiedName T = QualifiedName.of("public", "t");
    static final ExpressionEquality EQUIVALENT = (a, b, schema) -> Equivalence.same(a, b, schema);

    private ColumnRecipeFixtures() {}

    static Plan plan(Catalog current, Catalog desired, int major) {
        return Planner.plan(new PlanRequest(current, desired, major, Map.of(), "test", List.of(), ExpressionEquality.TEXTUAL));
    }

    static Plan plan(Catalog current, Catalog desired) {
        return plan(current, desired, 18);
    }

    static List<DdlStep> ddl(Plan plan) {
        return plan.steps().stream().filter(s -> s instanceof DdlStep).map(s -> (DdlStep) s).toList();
    }

    static List<String> ids(Plan plan) {
        return RecipeTesting.ids(plan);
    }

    static DdlStep step(Plan plan, String id) {
        return ddl(plan).stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no DDL step " + id + " in " + ids(plan)));
    }

    static Catalog pull(TestDatabase db) {
        try (Connection c = db.connect()) {
            return CatalogReader.read(c, List.of("public")).catalog();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Nothing left to do between what the database now holds and the desired catalog. */
    static void assertConverged(TestDatabase db, Catalog desired) {
        Plan again = Planner.plan(new PlanRequest(pull(db), desired, db.major(), Map.of(), "test", List.of(), EQUIVALENT));
        assertEquals(List.of(), again.changes(), "changes left after running the plan");
    }

    /** Runs EXPAND, then every EXPAND step's inverse in reverse order, and expects the catalog it started from. */
    static void assertExpandReversible(TestDatabase db, Plan plan) {
        Catalog before = pull(db);
        List<DdlStep> expand = plan.steps(Phase.EXPAND).stream().map(s -> (DdlStep) s).toList();
        expand.forEach(s -> StepRunner.run(db, s));
        for (DdlStep s : expand.reversed()) {
            assertTrue(s.inverseSql().isPresent(), "EXPAND step without inverse: " + s.summary());
            StepRunner.runDdl(db, s.inverseSql().get(), s.transactional());
        }
        assertEquals(before, pull(db));
    }

    static List<String> rows(TestDatabase db, String sql) {
        return db.query(sql).stream().map(r -> String.join("|", r)).toList();
    }
}
