package dev.strata.plan.recipe;

import dev.strata.catalog.CatalogReader;
import dev.strata.catalog.PulledCatalog;
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
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import static dev.strata.plan.recipe.ColumnRecipeFixtures.*;
import static dev.strata.testing.TestCatalogs.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Virtual generated columns (PostgreSQL 18: {@code GENERATED ALWAYS AS (…) VIRTUAL}, YAML {@code virtual: true}):
 * created and pulled as such, added and changed without a rewrite, refused for a server that has none.
 */
class VirtualGeneratedColumnTest {

    private static final String RELFILENODE = "SELECT relfilenode FROM pg_class WHERE oid = 'public.t'::regclass";
    private static final String KIND = "SELECT attgenerated FROM pg_attribute WHERE attrelid = 'public.t'::regclass"
            + " AND attname = 'shout'";

    private static Column shout(String expression) {
        return Column.of("shout", TEXT).withGeneratedAs(Optional.of(expression)).withVirtual(true);
    }

    private static PulledCatalog pulled(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            return CatalogReader.read(c, List.of("public"));
        }
    }

    @Test
    void aTableWithAVirtualColumnIsCreatedAndPulledBackWithItOnPostgres18() throws SQLException {
        Catalog desired = catalog(table("t", shout("upper(name)")));
        try (var db = TestPostgres.newDatabase(18)) {
            db.execute(CreateDdl.script(desired));
            assertEquals(List.of("v"), rows(db, KIND));
            PulledCatalog pulled = pulled(db);
            Column column = pulled.catalog().table(T).orElseThrow().column("shout").orElseThrow();
            assertTrue(column.virtual());
            assertEquals(Optional.of("upper(name)"), column.generatedAs());
            assertEquals(List.of(), pulled.unmanaged());
            assertConverged(db, desired);
        }
    }

    @Test
    void aVirtualColumnIsAddedAndItsExpressionChangedWithoutARewrite() {
        Table before = table("t");
        Table added = table("t", shout("upper(name)"));
        Plan add = plan(catalog(before), catalog(added), 18);
        DdlStep step = ddl(add).getFirst();
        assertEquals("ALTER TABLE public.t ADD COLUMN IF NOT EXISTS shout text GENERATED ALWAYS AS (upper(name)) VIRTUAL", step.sql().getFirst());
        assertEquals(List.of(new LockHold(T, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)), step.locks());
        assertEquals(List.of(), add.violations());
        try (var db = TestPostgres.newDatabase(18)) {
            db.execute(CreateDdl.script(catalog(before)), "INSERT INTO t SELECT g, 'n' || g FROM generate_series(1, 1000) g");
            String file = rows(db, RELFILENODE).getFirst();
            StepRunner.runAll(db, add);
            Catalog pulledAfterAdd = pull(db);
            assertConverged(db, catalog(added));
            Table changedTable = pulledAfterAdd.table(T).orElseThrow();
            Catalog changed = catalog(changedTable.withColumns(changedTable.columns().stream()
                    .map(c -> c.name().equals("shout") ? c.withGeneratedAs(Optional.of("lower(name)")) : c).toList()));
            Plan change = plan(pulledAfterAdd, changed, 18);
            assertEquals(List.of(new LockHold(T, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)), ddl(change).getFirst().locks());
            assertEquals(List.of(), change.violations());
            StepRunner.runAll(db, change);
            assertEquals(file, rows(db, RELFILENODE).getFirst(), "a virtual column's add or change rewrote the table");
            assertEquals(List.of("n7"), rows(db, "SELECT shout FROM t WHERE id = 7"));
            assertConverged(db, changed);
        }
    }

    @Test
    void storedAndVirtualDoNotTurnIntoEachOtherInPlace() {
        Column stored = Column.of("shout", TEXT).withGeneratedAs(Optional.of("upper(name)"));
        var e = assertThrows(PlanningException.class,
                () -> plan(catalog(table("t", stored)), catalog(table("t", shout("upper(name)"))), 18));
        assertTrue(e.reasons().getFirst().contains("cannot change from stored to virtual in place"), e.reasons().toString());
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 17})
    void aVirtualColumnIsRefusedBeforePostgres18(int major) {
        var e = assertThrows(PlanningException.class,
                () -> plan(catalog(table("t")), catalog(table("t", shout("upper(name)"))), major));
        assertTrue(e.reasons().getFirst().contains("virtual generated column, which PostgreSQL " + major), e.reasons().toString());
    }

    @Test
    void aStoredGeneratedColumnStillReadsBackStoredOnPostgres14() {
        Catalog desired = catalog(table("t", Column.of("shout", TEXT).withGeneratedAs(Optional.of("upper(name)"))));
        try (var db = TestPostgres.newDatabase(14)) {
            db.execute(CreateDdl.script(desired));
            assertFalse(pull(db).table(T).orElseThrow().column("shout").orElseThrow().virtual());
            assertConverged(db, desired);
        }
    }
}
