package dev.strata.kinds;

import dev.strata.catalog.CatalogReader;
import dev.strata.catalog.PulledCatalog;
import dev.strata.diff.ExpressionEquality;
import dev.strata.expr.Equivalence;
import dev.strata.model.Catalog;
import dev.strata.plan.Plan;
import dev.strata.plan.PlanRequest;
import dev.strata.plan.Planner;
import dev.strata.testing.StepRunner;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kinds managed as a whole meeting tables and what Strata does not manage, on real servers. */
class KindsTogetherTest {

    private static final ExpressionEquality SAME = (live, declared, schema) -> Equivalence.same(live, declared, schema);

    private static PulledCatalog pull(TestDatabase db) throws SQLException {
        try (var c = db.connect()) {
            return CatalogReader.read(c, List.of("public"));
        }
    }

    private static Plan plan(Catalog current, Catalog desired, int major) {
        return Planner.plan(new PlanRequest(current, desired, major, Map.of(), "test", List.of(), SAME));
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aDomainOverATablesRowTypeIsCreatedAfterTheTable(int major) throws SQLException {
        try (TestDatabase source = TestPostgres.newDatabase(major); TestDatabase target = TestPostgres.newDatabase(major)) {
            source.execute("CREATE TABLE t (a int)", "CREATE DOMAIN d AS t");
            Catalog desired = pull(source).catalog();
            Plan plan = plan(pull(target).catalog(), desired, major);
            StepRunner.runAll(target, plan);
            assertTrue(plan(pull(target).catalog(), desired, major).isEmpty());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aFunctionAnAggregateIsBuiltFromIsManagedAndDroppedAfterTheAggregate(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE FUNCTION add_len(integer, text) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT $1 + length($2)'",
                    "CREATE AGGREGATE total_len(text) (SFUNC = add_len, STYPE = integer, INITCOND = '0')");
            PulledCatalog pulled = pull(db);
            assertEquals(1, pulled.catalog().schemas().getFirst().objects("function").size());
            assertEquals(1, pulled.catalog().schemas().getFirst().objects("aggregate").size());
            assertEquals(List.of(), pulled.unmanaged());
            Catalog declared = pulled.catalog().withoutKinds(java.util.Set.of("function", "aggregate"));
            Plan plan = plan(pulled.catalog(), declared, major);
            StepRunner.runAll(db, plan);
            assertTrue(plan(pull(db).catalog(), declared, major).isEmpty());
        }
    }
}
