package dev.strata.plan.recipe;

import dev.strata.ddl.CreateDdl;
import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.model.DataType;
import dev.strata.model.Domain;
import dev.strata.plan.DdlStep;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockMode;
import dev.strata.plan.Plan;
import dev.strata.plan.TableWork;
import dev.strata.testing.StepRunner;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;

import static dev.strata.plan.recipe.ColumnRecipeFixtures.*;
import static dev.strata.testing.TestCatalogs.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A column whose type is a domain with constraints: PostgreSQL checks them against every existing row's value (NULL,
 * or the default) and so rewrites the table when the column is added, whatever the default.
 */
class AddDomainColumnRecipeTest {

    private static final DataType AMOUNT = DataType.userDefined("public", "Menge");

    private static Domain domain(boolean notNull, List<Domain.Check> checks) {
        return new Domain("Menge", INTEGER, Optional.empty(), Optional.empty(), notNull, checks, Optional.empty());
    }

    private static Catalog with(Domain domain, Column... extra) {
        return catalog(pub().withTables(List.of(table(extra))).withObjects(List.of(domain)));
    }

    private static List<String> file(dev.strata.testing.TestDatabase db) {
        return rows(db, "SELECT relfilenode FROM pg_class WHERE relname = 't'");
    }

    /** Runs the plan's ADD COLUMN step on a table with rows and says whether the table file changed. */
    private static boolean rewritten(int major, Catalog before, Catalog after, DdlStep add) {
        try (var db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(before), "INSERT INTO t SELECT g, 'n' || g FROM generate_series(1, 20) g");
            List<String> was = file(db);
            StepRunner.run(db, add);
            return !was.equals(file(db));
        }
    }

    private static DdlStep addColumnStep(Plan plan) {
        return ddl(plan).stream().filter(s -> s.summary().startsWith("add column")).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aColumnOfADomainWithACheckRewritesTheTableAndSaysSo(int major) {
        Domain menge = domain(false, List.of(new Domain.Check("Menge_positiv", "(VALUE > 0)", true)));
        Catalog before = with(menge);
        Catalog after = with(menge, Column.of("menge", AMOUNT));
        Plan plan = plan(before, after, major);
        DdlStep add = addColumnStep(plan);
        assertEquals(List.of(new LockHold(T, LockMode.ACCESS_EXCLUSIVE, TableWork.REWRITE)), add.locks());
        assertFalse(plan.violations().isEmpty(), "the lock policy must flag the rewrite");
        assertTrue(rewritten(major, before, after, add));
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aColumnOfANotNullDomainWithADefaultRewritesTheTableToo(int major) {
        Domain menge = new Domain("Menge", INTEGER, Optional.empty(), Optional.of("1"), true, List.of(), Optional.empty());
        Catalog before = with(menge);
        Catalog after = with(menge, Column.of("menge", AMOUNT).withNullable(false).withDefault(Optional.of("1")));
        DdlStep add = addColumnStep(plan(before, after, major));
        assertEquals(List.of(new LockHold(T, LockMode.ACCESS_EXCLUSIVE, TableWork.REWRITE)), add.locks());
        assertTrue(rewritten(major, before, after, add));
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void renamingAColumnOfADomainWithACheckAddsItsNewShapeByARewriteAndSaysSo(int major) {
        Domain menge = domain(false, List.of(new Domain.Check("Menge_positiv", "(VALUE > 0)", true)));
        Catalog before = with(menge, Column.of("menge", AMOUNT));
        Catalog after = with(menge, Column.of("amount", AMOUNT).withRenamedFrom(Optional.of("menge")));
        DdlStep add = addColumnStep(plan(before, after, major));
        assertEquals(List.of(new LockHold(T, LockMode.ACCESS_EXCLUSIVE, TableWork.REWRITE)), add.locks());
        assertTrue(rewritten(major, before, after, add));
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aColumnOfADomainWithoutConstraintsStaysCatalogOnly(int major) {
        Domain menge = domain(false, List.of());
        Catalog before = with(menge);
        Catalog after = with(menge, Column.of("menge", AMOUNT));
        Plan plan = plan(before, after, major);
        DdlStep add = addColumnStep(plan);
        assertEquals(List.of(new LockHold(T, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)), add.locks());
        assertTrue(plan.violations().isEmpty());
        assertFalse(rewritten(major, before, after, add));
    }
}
