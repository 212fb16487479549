package dev.strata.plan.recipe;

import dev.strata.diff.ExpressionEquality;
import dev.strata.model.Catalog;
import dev.strata.model.ForeignKey;
import dev.strata.model.PrimaryKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.Table;
import dev.strata.plan.DdlStep;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockMode;
import dev.strata.plan.Plan;
import dev.strata.plan.PlanRequest;
import dev.strata.plan.Planner;
import dev.strata.plan.PlanningException;
import dev.strata.plan.TableFacts;
import dev.strata.plan.TableWork;
import dev.strata.testing.StepRunner;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static dev.strata.plan.recipe.ColumnRecipeFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * PostgreSQL 18's temporal keys ({@code PRIMARY KEY (id, valid WITHOUT OVERLAPS)}, {@code FOREIGN KEY (id, PERIOD
 * during) REFERENCES t (id, PERIOD valid)}): pulled as such, added to tables that exist with their honest locks, and
 * refused for a server that has none.
 */
class TemporalKeyTest {

    private static final QualifiedName PRICES = QualifiedName.of("public", "prices");
    private static final QualifiedName ADJUSTMENTS = QualifiedName.of("public", "adjustments");
    private static final String TABLES = """
            CREATE EXTENSION btree_gist;
            CREATE TABLE prices (product_id integer NOT NULL, valid tsrange NOT NULL, price numeric NOT NULL);
            CREATE TABLE adjustments (id integer PRIMARY KEY, product_id integer NOT NULL, during tsrange NOT NULL);
            """;
    private static final PrimaryKey TEMPORAL_KEY = new PrimaryKey("prices_pkey", List.of("product_id", "valid"), true,
            Optional.empty());
    private static final ForeignKey PERIOD_KEY = new ForeignKey("adjustments_product_fkey", List.of("product_id", "during"),
            PRICES, List.of("product_id", "valid"), ForeignKey.Action.NO_ACTION, ForeignKey.Action.NO_ACTION,
            ForeignKey.Match.SIMPLE, dev.strata.model.Deferrability.NOT_DEFERRABLE, true, Optional.empty(), true);

    private static Catalog changed(Catalog catalog, QualifiedName name, UnaryOperator<Table> change) {
        return new Catalog(catalog.schemas().stream().map(s -> !s.name().equals(name.schema()) ? s
                : s.withTables(s.tables().stream().map(t -> t.name().equals(name.name()) ? change.apply(t) : t).toList()))
                .toList());
    }

    private static Catalog keyed(Catalog current) {
        Catalog withKey = changed(current, PRICES, t -> t.withPrimaryKey(Optional.of(TEMPORAL_KEY)));
        return changed(withKey, ADJUSTMENTS, t -> t.withForeignKeys(List.of(PERIOD_KEY)));
    }

    private static Plan plan(Catalog current, Catalog desired, int major, boolean empty) {
        return Planner.plan(new PlanRequest(current, desired, major,
                Map.of(PRICES, new TableFacts(8192, empty ? 0 : 2, empty), ADJUSTMENTS, new TableFacts(8192, empty ? 0 : 1, empty)),
                "test", List.of(), ExpressionEquality.TEXTUAL));
    }

    private static DdlStep stepNamed(Plan plan, String summaryStart) {
        return ddl(plan).stream().filter(s -> s.summary().startsWith(summaryStart)).findFirst()
                .orElseThrow(() -> new AssertionError("no step " + summaryStart + " in " + ids(plan)));
    }

    @Test
    void temporalKeysArePulledAsSuchAndRenderedAsPostgres18PrintsThem() {
        try (var db = TestPostgres.newDatabase(18)) {
            db.execute(TABLES, "ALTER TABLE prices ADD PRIMARY KEY (product_id, valid WITHOUT OVERLAPS)",
                    "ALTER TABLE adjustments ADD CONSTRAINT adjustments_product_fkey FOREIGN KEY (product_id, PERIOD during)"
                            + " REFERENCES prices (product_id, PERIOD valid)");
            Catalog pulled = pull(db);
            assertEquals(Optional.of(TEMPORAL_KEY), pulled.table(PRICES).orElseThrow().primaryKey());
            assertEquals(List.of(PERIOD_KEY), pulled.table(ADJUSTMENTS).orElseThrow().foreignKeys());
            assertEquals(List.of("PRIMARY KEY (product_id, valid WITHOUT OVERLAPS)",
                            "FOREIGN KEY (product_id, PERIOD during) REFERENCES prices(product_id, PERIOD valid)"),
                    rows(db, "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE contype IN ('p', 'f')"
                            + " AND conname IN ('prices_pkey', 'adjustments_product_fkey') ORDER BY contype DESC"));
            assertEquals("CONSTRAINT prices_pkey PRIMARY KEY (product_id, valid WITHOUT OVERLAPS)",
                    dev.strata.ddl.SqlRender.primaryKeyClause(TEMPORAL_KEY));
            assertEquals("CONSTRAINT adjustments_product_fkey FOREIGN KEY (product_id, PERIOD during) REFERENCES"
                    + " public.prices (product_id, PERIOD valid)", dev.strata.ddl.SqlRender.foreignKeyClause(PERIOD_KEY));
        }
    }

    @Test
    void aTemporalKeyOnATableWithRowsIsAddedDirectlyUnderAccessExclusiveAndTheForeignKeyNotValidThenValidated() {
        try (var db = TestPostgres.newDatabase(18)) {
            db.execute(TABLES, "INSERT INTO prices VALUES (1, '[2024-01-01,2024-06-01)', 10), (1, '[2024-06-01,2025-01-01)', 12)",
                    "INSERT INTO adjustments VALUES (1, 1, '[2024-03-01,2024-09-01)')");
            Catalog current = pull(db);
            Catalog desired = keyed(current);
            Plan plan = plan(current, desired, 18, false);
            DdlStep key = stepNamed(plan, "add primary key prices_pkey");
            assertEquals(List.of("ALTER TABLE public.prices ADD CONSTRAINT prices_pkey PRIMARY KEY (product_id, valid WITHOUT OVERLAPS)"),
                    key.sql());
            assertEquals(List.of(new LockHold(PRICES, LockMode.ACCESS_EXCLUSIVE, TableWork.SCAN)), key.locks());
            assertFalse(plan.violations().isEmpty(), "the lock policy must see the ACCESS EXCLUSIVE scan");
            assertTrue(stepNamed(plan, "add foreign key adjustments_product_fkey").sql().getFirst().endsWith(" NOT VALID"));
            assertEquals(List.of("ALTER TABLE public.adjustments VALIDATE CONSTRAINT adjustments_product_fkey"),
                    stepNamed(plan, "validate foreign key adjustments_product_fkey").sql());
            StepRunner.runAll(db, plan);
            assertConverged(db, desired);
        }
    }

    @Test
    void aTemporalKeyOnATableEmptyAtPlanTimeIsOneGuardedCatalogOnlyStep() {
        try (var db = TestPostgres.newDatabase(18)) {
            db.execute(TABLES);
            Catalog current = pull(db);
            Plan plan = plan(current, keyed(current), 18, true);
            DdlStep key = stepNamed(plan, "add primary key prices_pkey");
            assertEquals("LOCK TABLE public.prices IN ACCESS EXCLUSIVE MODE", key.sql().getFirst());
            assertEquals(List.of(new LockHold(PRICES, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)), key.locks());
            assertEquals(List.of(), plan.violations());
            StepRunner.runAll(db, plan);
            assertConverged(db, keyed(current));
        }
    }

    @Test
    void aPlainKeyBecomingTemporalIsDroppedAndAddedInOneStepWhoseUndoPutsThePlainKeyBack() {
        try (var db = TestPostgres.newDatabase(18)) {
            db.execute(TABLES, "ALTER TABLE prices ADD CONSTRAINT prices_pkey PRIMARY KEY (product_id, valid)",
                    "INSERT INTO prices VALUES (1, '[2024-01-01,2024-06-01)', 10)");
            Catalog current = pull(db);
            Catalog desired = changed(current, PRICES, t -> t.withPrimaryKey(Optional.of(TEMPORAL_KEY)));
            Plan plan = plan(current, desired, 18, false);
            DdlStep replace = stepNamed(plan, "replace primary key prices_pkey");
            assertEquals(List.of("ALTER TABLE public.prices DROP CONSTRAINT IF EXISTS prices_pkey",
                    "ALTER TABLE public.prices ADD CONSTRAINT prices_pkey PRIMARY KEY (product_id, valid WITHOUT OVERLAPS)"),
                    replace.sql());
            assertEquals(Optional.of(List.of("ALTER TABLE public.prices DROP CONSTRAINT IF EXISTS prices_pkey",
                    "ALTER TABLE public.prices ADD CONSTRAINT prices_pkey PRIMARY KEY (product_id, valid)")), replace.inverseSql());
            StepRunner.runAll(db, plan);
            assertConverged(db, desired);
        }
    }

    @Test
    void aTemporalKeyIsRefusedBeforePostgres18() {
        Catalog current = new Catalog(List.of(Schema.named("public").withTables(List.of(
                Table.of("prices", List.of(dev.strata.model.Column.of("product_id", dev.strata.testing.TestCatalogs.INTEGER)
                                .withNullable(false),
                        dev.strata.model.Column.of("valid", dev.strata.model.DataType.builtin("tsrange")).withNullable(false)))))));
        Catalog desired = changed(current, PRICES, t -> t.withPrimaryKey(Optional.of(TEMPORAL_KEY)));
        var e = assertThrows(PlanningException.class, () -> plan(current, desired, 14, false));
        assertEquals(List.of("primary key prices_pkey on public.prices (product_id, valid): WITHOUT OVERLAPS (a temporal key)"
                + " needs PostgreSQL 18 or later (the plan is for 14); declare it without without_overlaps or upgrade the server."),
                e.reasons());
    }

    @Test
    void aColumnOfATemporalKeyIsNotRebuiltAsABtreeKey() {
        Table prices = Table.of("prices", List.of(
                dev.strata.model.Column.of("product_id", dev.strata.testing.TestCatalogs.INTEGER).withNullable(false),
                dev.strata.model.Column.of("valid", dev.strata.model.DataType.builtin("tsrange")).withNullable(false)))
                .withPrimaryKey(Optional.of(TEMPORAL_KEY));
        Catalog current = new Catalog(List.of(Schema.named("public").withTables(List.of(prices))));
        Catalog desired = changed(current, PRICES, t -> t.withColumns(List.of(t.columns().getFirst(),
                dev.strata.model.Column.of("valid", dev.strata.model.DataType.builtin("tstzrange")).withNullable(false)
                        .withUsing(Optional.of("tstzrange(lower(valid), upper(valid))")))));
        var e = assertThrows(PlanningException.class, () -> plan(current, desired, 18, false));
        assertTrue(e.reasons().contains("column public.prices.valid is part of a temporal key (WITHOUT OVERLAPS); rebuilding"
                + " it is not supported yet"), e.reasons().toString());
    }
}
