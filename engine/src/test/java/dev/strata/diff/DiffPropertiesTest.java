package dev.strata.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.model.Catalog;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class DiffPropertiesTest {

    @Provide
    Arbitrary<Catalog> catalogs() {
        return CatalogVariations.catalogs();
    }

    @Property
    void aCatalogDiffedWithItselfHasNoChanges(@ForAll("catalogs") Catalog catalog) {
        assertEquals(java.util.List.of(), Fixtures.changes(catalog, catalog));
    }

    @Property(tries = 2000)
    void noChangesExactlyWhenTheCatalogsAreEqualIgnoringHints(
            @ForAll("catalogs") Catalog a, @ForAll("catalogs") Catalog b) {
        assertEquals(a.withoutHints().equals(b.withoutHints()), Fixtures.changes(a, b).isEmpty(),
                () -> "diff: " + Fixtures.changes(a, b));
    }

    @Property
    void diffIsDeterministic(@ForAll("catalogs") Catalog a, @ForAll("catalogs") Catalog b) {
        assertEquals(Fixtures.diff(a, b), Fixtures.diff(a, b));
    }
}
