package dev.strata.testing.generate;

import dev.strata.catalog.CatalogReader;
import dev.strata.ddl.CreateDdl;
import dev.strata.diff.Change;
import dev.strata.diff.Differ;
import dev.strata.expr.Equivalence;
import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.model.Table;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.testing.generate.ChangePairs.ChangePair;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generator's own promises, so that a failing plan property points at a recipe, not at the generator. */
class ChangePairsProperties {

    @Provide
    Arbitrary<ChangePair> pairs() {
        return ChangePairs.pairs();
    }

    @Property(tries = 100)
    void everyPairHasOneToFourDescribedMutationsAndDiffers(@ForAll("pairs") ChangePair pair) {
        assertEquals(pair.kinds().size(), pair.mutations().size());
        assertTrue(pair.mutations().size() >= 1 && pair.mutations().size() <= 4, pair.mutations().toString());
        List<Change> changes = Differ.diff(pair.current(), pair.desired(), (a, b, s) -> Equivalence.same(a, b, s)).changes();
        assertFalse(changes.isEmpty(), () -> "no change for " + pair.mutations());
    }

    @Property(tries = 100)
    void namesFitInSixtyThreeBytes(@ForAll("pairs") ChangePair pair) {
        for (Table t : pair.desired().schemas().getFirst().tables()) {
            assertTrue(fits(t.name()), t.name());
            t.columns().stream().map(Column::name).forEach(n -> assertTrue(fits(n), n));
            t.constraintNames().forEach(n -> assertTrue(fits(n), n));
            t.indexes().forEach(i -> assertTrue(fits(i.name()), i.name()));
        }
    }

    @Property(tries = 20)
    void currentAndDesiredBuildAndCurrentHoldsItsSampleRows(@ForAll("pairs") ChangePair pair) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(18)) {
            db.execute(CreateDdl.script(pair.current()));
            db.execute(SampleData.inserts(pair.current()).toArray(String[]::new));
            Catalog pulled;
            try (var c = db.connect()) {
                pulled = CatalogReader.read(c, List.of("public"), pair.skippedKinds()).catalog();
            }
            List<Change> drift = Differ.diff(pulled, pair.current(), (a, b, s) -> Equivalence.same(a, b, s)).changes();
            assertEquals(List.of(), drift.stream().map(Change::describe).toList());
        }
        try (TestDatabase db = TestPostgres.newDatabase(18)) {
            db.execute(CreateDdl.script(pair.desired().withoutHints()));
        }
    }

    private static boolean fits(String name) {
        return name.getBytes(StandardCharsets.UTF_8).length <= 63;
    }
}
