package dev.strata.execute;

import dev.strata.diagnostics.StrataException;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.LoadedSchema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static dev.strata.execute.ExecutorFixture.apply;
import static dev.strata.execute.ExecutorFixture.desired;
import static dev.strata.execute.ExecutorFixture.yaml;
import static dev.strata.execute.ExecutorFixture.yes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Names Strata invents (shadow columns, sync functions and triggers, helper constraints) never take a
 * name the user has, declares, or that another generated object of the same plan took (issue 13.3).
 */
class GeneratedNamesApplyTest {

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aUserColumnNamedLikeTheShadowColumnKeepsItsValuesThroughATypeChange(int major) {
        String columns = """
                tables:
                  items:
                    columns:
                      id: { type: bigint, nullable: false }
                      qty: %s
                      qty__strata_new: text
                    primary_key: [id]
                """;
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            ExecutorFixture.create(db, yaml(columns.formatted("integer")));
            db.execute("INSERT INTO public.items SELECT g, g * 10, 'mine ' || g FROM generate_series(1, 30) g");

            ApplyResult result = apply(db, yes(), desired(yaml(columns.formatted("bigint"))), PhaseSelection.ALL);

            assertEquals(ApplyResult.Outcome.MIGRATION_DONE, result.outcome());
            assertEquals(List.of(List.of("30", "30")), db.query("SELECT count(*) FILTER (WHERE qty__strata_new = 'mine ' || id),"
                    + " count(*) FILTER (WHERE qty = id * 10) FROM public.items"));
            assertEquals(List.of(List.of("id", "bigint"), List.of("qty", "bigint"), List.of("qty__strata_new", "text")),
                    db.query("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'items'"
                            + " ORDER BY column_name"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void tablesWhoseTableAndColumnNamesJoinAlikeGetTwoSyncFunctions(int major) {
        String tables = """
                tables:
                  a_b:
                    columns:
                      id: { type: bigint, nullable: false }
                      c: %1$s
                    primary_key: [id]
                  a:
                    columns:
                      id: { type: bigint, nullable: false }
                      b_c: %1$s
                    primary_key: [id]
                """;
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            ExecutorFixture.create(db, yaml(tables.formatted("integer")));
            LoadedSchema after = yaml(tables.formatted("bigint"));

            apply(db, yes(), desired(after), PhaseSelection.EXPAND);
            db.execute("INSERT INTO public.a_b VALUES (1, 11)", "INSERT INTO public.a VALUES (1, 12)",
                    "UPDATE public.a SET b_c = 13", "UPDATE public.a_b SET c = 14");

            assertEquals(List.of(List.of("2")), db.query("SELECT count(DISTINCT tgfoid) FROM pg_trigger"
                    + " WHERE tgrelid IN ('public.a'::regclass, 'public.a_b'::regclass) AND NOT tgisinternal"));
            apply(db, yes(), desired(after), PhaseSelection.ALL);
            assertEquals(List.of(List.of("14", "13")), db.query("SELECT (SELECT c FROM public.a_b), (SELECT b_c FROM public.a)"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aUserFunctionAndTriggerNamedLikeStratasSyncTriggerAreLeftAlone(int major) {
        String table = """
                tables:
                  items:
                    columns:
                      id: { type: bigint, nullable: false }
                      qty: %s
                      note: text
                    primary_key: [id]
                """;
        // Functions are managed: the project declares its own trigger function, or CONTRACT would drop it.
        String userFunction = """
                functions:
                  strata_sync_items_qty__strata_new():
                    returns: trigger
                    language: plpgsql
                    body: "\\nBEGIN NEW.note := 'user trigger'; RETURN NEW; END "
                """;
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            ExecutorFixture.create(db, yaml(table.formatted("integer")));
            db.execute("""
                    CREATE FUNCTION public.strata_sync_items_qty__strata_new() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN NEW.note := 'user trigger'; RETURN NEW; END $$""",
                    "CREATE TRIGGER strata_sync_items_qty__strata_new BEFORE INSERT ON public.items FOR EACH ROW"
                            + " EXECUTE FUNCTION public.strata_sync_items_qty__strata_new()");
            String userBody = db.query("SELECT prosrc FROM pg_proc WHERE proname = 'strata_sync_items_qty__strata_new'")
                    .getFirst().getFirst();

            apply(db, yes(), desired(yaml(table.formatted("bigint") + userFunction)), PhaseSelection.EXPAND);
            db.execute("INSERT INTO public.items (id, qty) VALUES (1, 5)");

            assertEquals(List.of(List.of(userBody)),
                    db.query("SELECT prosrc FROM pg_proc WHERE proname = 'strata_sync_items_qty__strata_new'"));
            assertEquals(List.of(List.of("user trigger")), db.query("SELECT note FROM public.items"));
            apply(db, yes(), desired(yaml(table.formatted("bigint") + userFunction)), PhaseSelection.ALL);
            assertEquals(List.of(List.of("strata_sync_items_qty__strata_new()")),
                    db.query("SELECT tgfoid::regprocedure::text FROM pg_trigger WHERE tgrelid = 'public.items'::regclass"
                            + " AND tgname = 'strata_sync_items_qty__strata_new'"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void contractCompletesWhenUserObjectsHoldTheHelperNames(int major) {
        String table = """
                tables:
                  items:
                    columns:
                      id: { type: bigint, nullable: false }
                      note: { type: text, nullable: %s }
                      qty: %s
                      qty__strata_old: integer
                    primary_key: [id]
                    checks:
                      - { name: items_note_strata_nn, expression: "qty__strata_old > 0" }
                      - { name: items_note_not_null, expression: "qty__strata_old < 1000" }
                """;
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            ExecutorFixture.create(db, yaml(table.formatted("true", "integer")));
            db.execute("INSERT INTO public.items SELECT g, 'n' || g, g, g + 1 FROM generate_series(1, 20) g");

            ApplyResult result = apply(db, yes(), desired(yaml(table.formatted("false", "bigint"))), PhaseSelection.ALL);

            assertEquals(ApplyResult.Outcome.MIGRATION_DONE, result.outcome());
            assertEquals(List.of(List.of("20")), db.query("SELECT count(*) FROM public.items"
                    + " WHERE qty__strata_old = id + 1 AND qty = id"));
            assertEquals(List.of(List.of("NO")), db.query("SELECT is_nullable FROM information_schema.columns"
                    + " WHERE table_name = 'items' AND column_name = 'note'"));
            assertEquals(List.of(List.of("items_note_not_null"), List.of("items_note_strata_nn")),
                    db.query("SELECT conname FROM pg_constraint WHERE conrelid = 'public.items'::regclass AND contype = 'c'"
                            + " ORDER BY conname"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aUserIndexNamedLikeTheIndexBuiltAsideSurvivesAReplacedIndex(int major) {
        String table = """
                tables:
                  items:
                    columns:
                      id: { type: bigint, nullable: false }
                      a: integer
                      b: integer
                    primary_key: [id]
                    indexes:
                      - { name: items_a_idx, columns: [%s] }
                      - { name: items_a_idx__strata_new, columns: [b] }
                """;
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            ExecutorFixture.create(db, yaml(table.formatted("a")));

            ApplyResult result = apply(db, yes(), desired(yaml(table.formatted("a, b"))), PhaseSelection.ALL);

            assertEquals(ApplyResult.Outcome.MIGRATION_DONE, result.outcome());
            assertEquals(List.of(List.of("items_a_idx", "CREATE INDEX items_a_idx ON public.items USING btree (a, b)"),
                            List.of("items_a_idx__strata_new", "CREATE INDEX items_a_idx__strata_new ON public.items USING btree (b)")),
                    db.query("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'items' AND indexname LIKE 'items_a%'"
                            + " ORDER BY indexname"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aUserSchemaNamedStrataIsRefusedBeforeAnythingRuns(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE SCHEMA strata", "CREATE TABLE strata.orders (id bigint PRIMARY KEY)");

            StrataException e = assertThrows(StrataException.class, () -> apply(db, yes(), desired(yaml("""
                    tables:
                      t:
                        columns:
                          id: bigint
                    """)), PhaseSelection.ALL));

            assertTrue(e.getMessage().contains("schema strata"), e.getMessage());
            assertTrue(e.getMessage().contains("strata.orders"), e.getMessage());
            assertEquals(List.of(List.of("orders")), db.query("SELECT relname FROM pg_class"
                    + " WHERE relnamespace = 'strata'::regnamespace AND relkind = 'r'"));
            assertEquals(List.of(List.of("0")), db.query("SELECT count(*) FROM pg_class WHERE relname = 't'"));
        }
    }
}
