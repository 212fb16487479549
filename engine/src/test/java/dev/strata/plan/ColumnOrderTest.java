package dev.strata.plan;

import dev.strata.diff.ExpressionEquality;
import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.model.Table;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.strata.testing.TestCatalogs.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A declared column order PostgreSQL cannot reach in place is no change, and the plan says once per table what order the table keeps. */
class ColumnOrderTest {

    private static final Column X = Column.of("x", INTEGER);
    private static final Column Y = Column.of("y", INTEGER);

    private static Plan plan(Catalog current, Catalog desired) {
        return Planner.plan(new PlanRequest(current, desired, 18, Map.of(), "test", List.of(), ExpressionEquality.TEXTUAL));
    }

    private static Table ordered(String name, Column... columns) {
        return keyed(name, columns);
    }

    private static String note(String table, String order) {
        return "table public." + table + ": the columns will be in the order " + order + ", not in the declared order"
                + " (PostgreSQL cannot reorder columns in place; new and rebuilt columns are appended). This is no change:"
                + " the order of a table with rows stays as it is (docs/yaml-format.md#column-order).";
    }

    @Test
    void reorderedColumnsAreNoChangeAndEachTableGetsOneNoteWithTheOrderItKeeps() {
        Catalog current = catalog(ordered("a", X, Y), ordered("b", X, Y));
        Catalog desired = catalog(ordered("a", Y, X), ordered("b", Y, X));
        Plan plan = plan(current, desired);
        assertTrue(plan.isEmpty());
        assertEquals(List.of(), plan.changes());
        assertEquals(List.of(note("a", "id, x, y"), note("b", "id, x, y")), plan.warnings());
    }

    @Test
    void aRenamedColumnIsRebuiltAtTheEndAndTheNoteSaysSo() {
        Catalog current = catalog(ordered("t", X, Y));
        Catalog desired = catalog(ordered("t", Column.of("x2", INTEGER).withRenamedFrom(Optional.of("x")), Y));
        assertEquals(List.of(note("t", "id, y, x2")), plan(current, desired).warnings());
    }

    @Test
    void aColumnDeclaredBeforeExistingOnesIsAppended() {
        Catalog current = catalog(ordered("t", X));
        Catalog desired = catalog(ordered("t", Y, X));
        assertEquals(List.of(note("t", "id, x, y")), plan(current, desired).warnings());
    }

    @Test
    void anOrderTheTableCanTakeHasNoNote() {
        Catalog current = catalog(ordered("t", X));
        assertEquals(List.of(), plan(current, catalog(ordered("t", X, Y))).warnings());
        assertEquals(List.of(), plan(catalog(), catalog(ordered("t", Y, X))).warnings());
    }
}
