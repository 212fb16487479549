package dev.strata.execute;

import dev.strata.diff.ExpressionEquality;
import dev.strata.plan.PlanRequest;
import dev.strata.plan.Planner;
import dev.strata.plan.PlanningException;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.LoadedSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.util.List;
import java.util.Map;

import static dev.strata.execute.ExecutorFixture.apply;
import static dev.strata.execute.ExecutorFixture.desired;
import static dev.strata.execute.ExecutorFixture.yaml;
import static dev.strata.execute.ExecutorFixture.yes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code int → bigint} on a primary-key column finishes: the key is swapped to the prebuilt index in CONTRACT. */
class PrimaryKeyTypeChangeTest {

    private static final String BEFORE_YAML = """
            tables:
              items:
                columns:
                  id: { type: serial }
                  tag: text
                primary_key: [id]
            """;
    private static final String AFTER_YAML = """
            tables:
              items:
                columns:
                  id: { type: bigserial }
                  tag: text
                primary_key: [id]
            """;
    private static final LoadedSchema BEFORE = yaml(BEFORE_YAML);
    private static final LoadedSchema AFTER = yaml(AFTER_YAML);

    @Test
    void retypingAKeyThatForeignKeysOfTheSchemaReferenceIsRefusedNamingThem() {
        String orders = """
                  orders:
                    columns:
                      id: { type: bigint, nullable: false }
                      item_id: integer
                    primary_key: [id]
                    foreign_keys:
                      - { name: orders_item_fk, columns: [item_id], references: { table: items } }
                """;
        LoadedSchema before = yaml(BEFORE_YAML + orders);
        LoadedSchema after = yaml(AFTER_YAML + orders.replace("item_id: integer", "item_id: bigint"));

        PlanningException e = assertThrows(PlanningException.class, () -> Planner.plan(new PlanRequest(
                before.catalog(), after.catalog(), 18, Map.of(), "test", List.of(), ExpressionEquality.TEXTUAL)));

        assertTrue(e.reasons().contains("column public.items.id is referenced by foreign key orders_item_fk of"
                + " public.orders; rebuilding a referenced column is not supported yet"), e.reasons().toString());
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void serialPrimaryKeyBecomesBigintPhaseByPhaseKeepingItsNameValuesAndNothingElse(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            ExecutorFixture.create(db, BEFORE);
            db.execute("INSERT INTO public.items (tag) SELECT 't' || g FROM generate_series(1, 300) g");
            String checksum = "SELECT md5(string_agg(id || ':' || tag, ',' ORDER BY id)) FROM public.items";
            String before = db.query(checksum).getFirst().getFirst();

            assertEquals(ApplyResult.Outcome.PHASES_DONE, apply(db, yes(), desired(AFTER), PhaseSelection.EXPAND).outcome());
            db.execute("INSERT INTO public.items (tag) VALUES ('during expand')");
            assertEquals(ApplyResult.Outcome.PHASES_DONE, apply(db, yes(), desired(AFTER), PhaseSelection.BACKFILL).outcome());
            db.execute("INSERT INTO public.items (tag) VALUES ('during backfill')");
            assertEquals(ApplyResult.Outcome.MIGRATION_DONE, apply(db, yes(), desired(AFTER), PhaseSelection.CONTRACT).outcome());
            db.execute("INSERT INTO public.items (tag) VALUES ('after')");

            assertEquals(List.of(List.of("items_pkey", "bigint")), db.query("""
                    SELECT con.conname, format_type(a.atttypid, a.atttypmod) FROM pg_constraint con
                    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
                    WHERE con.conrelid = 'public.items'::regclass AND con.contype = 'p'"""));
            assertEquals(List.of(List.of("id"), List.of("tag")), db.query("SELECT attname FROM pg_attribute"
                    + " WHERE attrelid = 'public.items'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attname"));
            assertEquals(List.of(List.of("0")), db.query("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'public.items'::regclass"));
            assertEquals(List.of(List.of("0")), db.query("SELECT count(*) FROM pg_proc WHERE proname LIKE 'strata%'"));
            assertEquals(List.of(List.of("items_pkey")), db.query("SELECT indexrelid::regclass::text FROM pg_index"
                    + " WHERE indrelid = 'public.items'::regclass"));
            assertEquals(List.of(List.of("303", "303")), db.query("SELECT count(*), max(id) FROM public.items"));
            assertEquals(before, db.query("SELECT md5(string_agg(id || ':' || tag, ',' ORDER BY id))"
                    + " FROM public.items WHERE id <= 300").getFirst().getFirst());
            try (Connection c = db.connect()) {
                assertTrue(PlanService.plan(c, AFTER, "test").isEmpty(), "the database equals the desired schema");
            }
        }
    }
}
