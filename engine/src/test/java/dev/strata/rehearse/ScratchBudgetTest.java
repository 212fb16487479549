package dev.strata.rehearse;

import dev.strata.model.Catalog;
import dev.strata.model.Table;
import dev.strata.scratch.Scratch;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.strata.rehearse.RehearseFixture.ITEMS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --max-scratch-gb}: which scales a rehearsal runs at when the largest would not fit the budget. Pure. */
class ScratchBudgetTest {

    private static final long ROWS = 10_000_000;
    private static final Catalog CURRENT = RehearseFixture.ITEMS_SCHEMA.catalog();
    private static final Table TABLE = CURRENT.table(ITEMS).orElseThrow();
    private static final Map<dev.strata.model.QualifiedName, TableStatistics> STATISTICS =
            Map.of(ITEMS, StatisticsReader.assumed(TABLE, ITEMS, ROWS));

    /** What the rehearsal counts a scale as taking: the table and its indexes, twice. */
    private static long needs(double scale) {
        return 2 * SyntheticRows.estimatedBytes(TABLE, STATISTICS.get(ITEMS), Rehearsal.rowsAt(scale, ROWS));
    }

    private static List<Double> scales(long budget, List<String> notes) {
        var options = new RehearsalOptions(List.of(0.04, 0.01, 0.02), Optional.of(budget), Scratch.EMBEDDED,
                new RehearsalOptions.WorkloadChoice.None(), Thresholds.defaults(), 1, false);
        return Rehearsal.withinBudget(options, CURRENT, STATISTICS, notes);
    }

    @Test
    void aBudgetUnderTheLargestScalesNeedShrinksEveryScaleInProportionToFitAndSaysSo() {
        long budget = needs(0.04) / 4;
        List<String> notes = new ArrayList<>();

        List<Double> scales = scales(budget, notes);

        assertEquals(3, scales.size());
        assertEquals(2.0, scales.get(1) / scales.get(0), 1e-9);
        assertEquals(4.0, scales.get(2) / scales.get(0), 1e-9);
        assertTrue(needs(scales.getLast()) <= budget, needs(scales.getLast()) + " > " + budget);
        assertTrue(scales.getLast() > 0.0099, "shrunk more than the budget asks: " + scales);
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.getFirst().matches("the largest scale \\(4 %\\) would need about 0\\.\\d\\d GB on the scratch server,"
                + " over --max-scratch-gb 0\\.\\d\\d GB: scales shrunk to [\\d.]+ %, [\\d.]+ %, [\\d.]+ %"), notes.toString());
    }

    @Test
    void aBudgetTheLargestScaleFitsKeepsTheScales() {
        List<String> notes = new ArrayList<>();
        assertEquals(List.of(0.01, 0.02, 0.04), scales(needs(0.04), notes));
        assertEquals(List.of(), notes);
    }

    @Test
    void aBudgetUnderWhatTheEmptyTablesTakeIsAnError() {
        var e = assertThrows(dev.strata.diagnostics.StrataException.class, () -> scales(1000, new ArrayList<>()));
        assertTrue(e.getMessage().startsWith("--max-scratch-gb 0.00 GB is less than the tables a rehearsal fills need"),
                e.getMessage());
    }
}
