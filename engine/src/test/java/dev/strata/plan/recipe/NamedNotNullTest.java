package dev.strata.plan.recipe;

import dev.strata.ddl.CreateDdl;
import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.model.Table;
import dev.strata.plan.DdlStep;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockMode;
import dev.strata.plan.Plan;
import dev.strata.plan.PlanningException;
import dev.strata.plan.TableWork;
import dev.strata.testing.StepRunner;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.strata.plan.recipe.ColumnRecipeFixtures.*;
import static dev.strata.testing.TestCatalogs.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * PostgreSQL 18's NOT NULL constraints have names: one that is not the derived {@code <table>_<column>_not_null}
 * (a table made {@code LIKE} another keeps the other's) is kept as {@code not_null_name}, created and renamed to it.
 */
class NamedNotNullTest {

    private static final String NOT_NULLS = "SELECT conname FROM pg_constraint WHERE conrelid = 'public.t'::regclass"
            + " AND contype = 'n' ORDER BY conname";

    private static Table withName(Optional<String> name) {
        return table("t", Column.of("code", TEXT).withNullable(false).withNotNullName(name));
    }

    @Test
    void aNamedNotNullIsCreatedWithItsNameAndPulledBackWithItWhileADerivedNameStaysUnwritten() {
        Catalog desired = catalog(withName(Optional.of("_template_code_not_null")));
        try (var db = TestPostgres.newDatabase(18)) {
            db.execute(CreateDdl.script(desired));
            assertEquals(List.of("_template_code_not_null", "t_id_not_null"), rows(db, NOT_NULLS));
            Table pulled = pull(db).table(T).orElseThrow();
            assertEquals(Optional.of("_template_code_not_null"), pulled.column("code").orElseThrow().notNullName());
            assertEquals(Optional.empty(), pulled.column("id").orElseThrow().notNullName());
            assertConverged(db, desired);
        }
    }

    @Test
    void aNotNullWithTheDerivedNameIsRenamedToTheDeclaredOneInACatalogOnlyStep() {
        Catalog before = catalog(withName(Optional.empty()));
        Catalog after = catalog(withName(Optional.of("code_required")));
        Plan plan = plan(before, after, 18);
        List<DdlStep> steps = ddl(plan);
        assertEquals(1, steps.size(), ids(plan).toString());
        DdlStep step = steps.getFirst();
        assertEquals(List.of("ALTER TABLE public.t RENAME CONSTRAINT t_code_not_null TO code_required"), step.sql());
        assertEquals(List.of(new LockHold(T, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)), step.locks());
        try (var db = TestPostgres.newDatabase(18)) {
            db.execute(CreateDdl.script(before));
            StepRunner.runAll(db, plan);
            assertEquals(List.of("code_required", "t_id_not_null"), rows(db, NOT_NULLS));
            assertConverged(db, after);
            StepRunner.runDdl(db, step.inverseSql().orElseThrow(), step.transactional());
            assertEquals(List.of("t_code_not_null", "t_id_not_null"), rows(db, NOT_NULLS));
        }
    }

    @Test
    void aDesiredColumnWithoutANameTakesWhateverItsNotNullIsCalled() {
        assertEquals(List.of(), plan(catalog(withName(Optional.of("kept"))), catalog(withName(Optional.empty())), 18).changes());
    }

    @Test
    void onPostgres14NotNullHasNoNameSoNonePullsAndADeclaredOneIsRefused() {
        try (var db = TestPostgres.newDatabase(14)) {
            db.execute(CreateDdl.script(catalog(withName(Optional.of("code_required")))));
            assertEquals(Optional.empty(), pull(db).table(T).orElseThrow().column("code").orElseThrow().notNullName());
        }
        var e = assertThrows(PlanningException.class, () -> plan(catalog(withName(Optional.empty())),
                catalog(withName(Optional.of("code_required"))), 14));
        assertTrue(e.reasons().getFirst().contains("NOT NULL is no named constraint before PostgreSQL 18"), e.reasons().toString());
    }

    /**
     * Found by CatalogRoundTripProperties on PostgreSQL 18: two long column names cut to the same 63-byte prefix give
     * {@code …_not_null} and {@code …_not_null1}; both are PostgreSQL's own names, so neither is pulled as a name.
     */
    @Test
    void aNotNullNamePostgresNumberedOnACollisionIsNoDeclaredName() {
        String prefix = "Mixed Case And Spaces Reaching Exactly Sixty-Three Bytes Here";
        Table table = table("t", Column.of(prefix, TEXT).withNullable(false), Column.of(prefix + "_2", TEXT).withNullable(false));
        try (var db = TestPostgres.newDatabase(18)) {
            db.execute(CreateDdl.script(catalog(table)));
            assertEquals(List.of("t_Mixed Case And Spaces Reaching Exactly Sixty-Three B_not_null",
                    "t_Mixed Case And Spaces Reaching Exactly Sixty-Three _not_null1", "t_id_not_null"), rows(db, NOT_NULLS));
            Table pulled = pull(db).table(T).orElseThrow();
            assertEquals(List.of("id", "name", prefix, prefix + "_2"), pulled.columns().stream().map(Column::name).toList());
            assertEquals(List.of(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
                    pulled.columns().stream().map(Column::notNullName).toList());
        }
    }
}
