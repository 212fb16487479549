package dev.strata.plan.recipe;

import dev.strata.ddl.CreateDdl;
import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.model.QualifiedName;
import dev.strata.plan.Plan;
import dev.strata.testing.StepRunner;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;

import static dev.strata.plan.recipe.ColumnRecipeFixtures.*;
import static dev.strata.testing.TestCatalogs.*;
import static org.junit.jupiter.api.Assertions.*;

/** A declared column order the table cannot take in place: the plan's note names the order the server ends with, and the next plan is empty. */
class ColumnOrderConvergenceTest {

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void theNotedOrderIsThePulledOneAndTheNextPlanIsEmptyWithTheSameNote(int major) {
        Catalog before = catalog(table(Column.of("x", INTEGER), Column.of("y", INTEGER)));
        // Declared: a renamed column (rebuilt, so appended) and a new one, both before existing columns.
        Catalog after = catalog(keyed("t", Column.of("z", TEXT), Column.of("x2", INTEGER).withRenamedFrom(Optional.of("x")),
                Column.of("name", TEXT), Column.of("y", INTEGER)));
        try (var db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(before), "INSERT INTO t SELECT g, 'n', g, -g FROM generate_series(1, 100) g");
            Plan plan = plan(before, after, major);
            assertEquals(1, plan.warnings().size(), () -> String.join("\n", plan.warnings()));
            String note = plan.warnings().getFirst();
            StepRunner.runAll(db, plan);

            List<String> pulled = pull(db).table(QualifiedName.of("public", "t")).orElseThrow().columns().stream().map(Column::name).toList();
            assertTrue(note.contains("the columns will be in the order " + String.join(", ", pulled) + ", not in the declared order"),
                    () -> note + "\npulled: " + pulled);
            Plan again = plan(pull(db), after.withoutHints(), major);
            assertTrue(again.isEmpty(), () -> String.join("\n", again.changes()));
            assertEquals(List.of(note), again.warnings());
            assertEquals(List.of("100"), rows(db, "SELECT count(*) FROM t WHERE x2 = id AND y = -id AND z IS NULL"));
        }
    }
}
