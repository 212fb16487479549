package dev.strata.conformance;

import dev.strata.model.Catalog;
import dev.strata.model.Column;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static dev.strata.testing.TestCatalogs.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

class FirstDifferenceTest {

    private static final Column X = Column.of("x", INTEGER);
    private static final Column Y = Column.of("y", INTEGER);

    @Test
    void columnOrderIsADifferenceForARoundTripButNotForConvergence() {
        Catalog declared = catalog(keyed("t", Y, X));
        Catalog pulled = catalog(keyed("t", X, Y));
        assertEquals("column order", FirstDifference.between(declared, pulled).orElseThrow().kind());
        assertEquals(Optional.empty(), FirstDifference.ignoringColumnOrder(declared, pulled));
    }

    @Test
    void ignoringColumnOrderStillFindsAnyOtherDifference() {
        Catalog declared = catalog(keyed("t", Y, X));
        Catalog pulled = catalog(keyed("t", X, Y.withNullable(false)));
        assertEquals("column", FirstDifference.ignoringColumnOrder(declared, pulled).orElseThrow().kind());
    }
}
