package dev.strata.rehearse;

import dev.strata.rehearse.Projection.Point;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProjectionTest {

    @Test
    void pointsOnALineProjectAlongItWithAPerfectFit() {
        // 5 ms + 0.01 ms per row
        var p = Projection.of(List.of(new Point(1_000, 15), new Point(2_000, 25), new Point(4_000, 45)), 100_000);

        var fitted = assertInstanceOf(Projection.Fitted.class, p);
        assertEquals(5.0, fitted.intercept(), 1e-9);
        assertEquals(0.01, fitted.slope(), 1e-12);
        assertEquals(1.0, fitted.rSquared(), 1e-12);
        assertEquals(1_005.0, p.projected().orElseThrow(), 1e-9);
        assertEquals("linear a + b·n, R² 1.000", p.describe());
    }

    @Test
    void scatteredPointsGetTheLeastSquaresLineAndItsRSquared() {
        // x 1,2,3 (thousands) y 2,3,7: slope 2.5 per thousand, intercept -1, residuals 0.5,-1,0.5: SSres 1.5, SStot 14
        var p = Projection.of(List.of(new Point(1_000, 2), new Point(2_000, 3), new Point(3_000, 7)), 10_000);

        var fitted = assertInstanceOf(Projection.Fitted.class, p);
        assertEquals(-1.0, fitted.intercept(), 1e-9);
        assertEquals(0.0025, fitted.slope(), 1e-12);
        assertEquals(1 - 1.5 / 14, fitted.rSquared(), 1e-12);
        assertEquals(24.0, p.projected().orElseThrow(), 1e-9);
        assertEquals("linear a + b·n, R² 0.893", p.describe());
    }

    @Test
    void repeatedMeasurementsAtOneScaleAreAveragedByTheFit() {
        var p = Projection.of(List.of(new Point(100, 1), new Point(100, 3), new Point(200, 4)), 300);

        assertEquals(6.0, p.projected().orElseThrow(), 1e-9); // line through (100, 2) and (200, 4)
    }

    @Test
    void fewerThanTwoDistinctScalesAreNotProjected() {
        var p = Projection.of(List.of(new Point(1_000, 15), new Point(1_000, 17)), 100_000);

        assertInstanceOf(Projection.NotProjected.class, p);
        assertTrue(p.projected().isEmpty());
        assertEquals("not projected: measured at 1000 rows only (fewer than 2 distinct scales)", p.describe());
        assertEquals("not projected: nothing measured", Projection.of(List.of(), 10).describe());
    }

    @Test
    void aMeasurementAtTheProductionRowCountIsTheFigureItself() {
        var p = Projection.of(List.of(new Point(50_000, 812)), 50_000);

        assertInstanceOf(Projection.AtFullSize.class, p);
        assertEquals(812.0, p.projected().orElseThrow());
        assertEquals("measured at full size", p.describe());
    }

    @Test
    void aFigureThatFallsWithRowsIsNotExtendedButTakesTheLargestMeasured() {
        var p = Projection.of(List.of(new Point(1_000, 10), new Point(2_000, 5), new Point(4_000, 7)), 100_000);

        assertInstanceOf(Projection.Largest.class, p);
        assertEquals(10.0, p.projected().orElseThrow());
        assertEquals("no growth with rows: largest measured", p.describe());
    }

    @Test
    void equalFiguresAtEveryScaleAreAFlatPerfectFit() {
        var p = assertInstanceOf(Projection.Fitted.class,
                Projection.of(List.of(new Point(1_000, 3), new Point(2_000, 3), new Point(4_000, 3)), 1_000_000));

        assertEquals(1.0, p.rSquared());
        assertEquals(3.0, p.value(), 1e-9);
    }

    @Test
    void workThatTheLineDoesNotShowIsScaledInProportionFromTheLargestScale() {
        // an index build: 278, 163, 244 ms at 20k, 40k, 80k rows (fixed costs hide the work); 2M rows
        var p = Projection.ofWork(List.of(new Point(20_000, 278), new Point(40_000, 163), new Point(80_000, 244)), 2_000_000);

        var prop = assertInstanceOf(Projection.Proportional.class, p);
        assertEquals(6_100.0, prop.value(), 1e-9);
        assertEquals("proportional from 80,000 rows; line R² 0.000", p.describe());
    }

    @Test
    void workOnAGoodLineStaysOnTheLine() {
        var p = Projection.ofWork(List.of(new Point(1_000, 15), new Point(2_000, 25), new Point(4_000, 45)), 100_000);

        assertInstanceOf(Projection.Fitted.class, p);
        assertEquals(1_005.0, p.projected().orElseThrow(), 1e-9);
    }

    @Test
    void workOnANoisyRisingLineIsScaledInProportion() {
        // x 1,2,3 y 10,2,12: slope 1 per thousand, R² 1/ (SStot 56, SSres 54) ≈ 0.036
        var p = Projection.ofWork(List.of(new Point(1_000, 10), new Point(2_000, 2), new Point(3_000, 12)), 30_000);

        var prop = assertInstanceOf(Projection.Proportional.class, p);
        assertEquals(120.0, prop.value(), 1e-9);
        assertEquals(2.0 / 56, prop.rSquared(), 1e-12);
    }
}
