package dev.strata.catalog;

import dev.strata.diagnostics.StrataException;
import dev.strata.execute.PlanService;
import dev.strata.model.Catalog;
import dev.strata.model.CheckConstraint;
import dev.strata.model.Index;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.SchemaObject;
import dev.strata.model.Table;
import dev.strata.model.Trigger;
import dev.strata.model.View;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.LoadedSchema;
import dev.strata.yaml.SchemaFiles;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code plan --url} reads; it never writes. The desired schema's text is sent to the server to be printed in
 * PostgreSQL's canonical form, so text written to end Strata's transaction and run statements of its own is the
 * attack. These tests hand the planner such text directly, past the YAML validation that refuses it, and prove the
 * catalog and the data are byte-identical afterwards.
 */
class PlanAgainstLiveDatabaseIsReadOnlyTest {

    private static final String END_AND_DROP = "COMMIT; DROP TABLE public.canary";

    /** Each payload replaces one piece of the desired schema's text. */
    private static final List<UnaryOperator<Catalog>> PAYLOADS = List.of(
            view("SELECT 1; " + END_AND_DROP),
            view("SELECT 1 --\r; " + END_AND_DROP),
            view("SELECT 1 /* /* */ ; " + END_AND_DROP + " /* */"),
            view("SELECT $$x$$; " + END_AND_DROP),
            items(t -> t.withChecks(List.of(new CheckConstraint("items_check", "qty > 0); " + END_AND_DROP + "; SELECT (1", false)))),
            items(t -> t.withChecks(List.of(new CheckConstraint("items_check", "qty > 0 --\r); " + END_AND_DROP + "; SELECT (1", false)))),
            items(t -> t.withColumns(t.columns().stream()
                    .map(c -> c.name().equals("qty") ? c.withDefault(Optional.of("1); " + END_AND_DROP + "; SELECT (1")) : c)
                    .toList())),
            items(t -> t.withIndexes(t.indexes().stream()
                    .map(i -> new Index(i.name(), i.unique(), i.nullsNotDistinct(), i.method(), i.keys(), i.include(),
                            Optional.of("qty > 0); " + END_AND_DROP + "; SELECT (1"), i.storageParameters()))
                    .toList())),
            trigger("new.qty > 0) EXECUTE FUNCTION pg_temp.strata_canon_trigger(); " + END_AND_DROP + "; SELECT (1"));

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void textThatTriesToEndTheTransactionChangesNeitherCatalogNorData(int major, @TempDir Path dir) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE TABLE canary (id int PRIMARY KEY, note text)",
                    "INSERT INTO canary SELECT i, 'row ' || i FROM generate_series(1, 50) AS i",
                    "CREATE TABLE items (id int PRIMARY KEY, qty int NOT NULL DEFAULT 0)",
                    "CREATE INDEX items_qty_idx ON items (qty)",
                    "INSERT INTO items SELECT i, i FROM generate_series(1, 20) AS i",
                    "CREATE VIEW v AS SELECT id FROM items");
            LoadedSchema benign = benign(dir);
            String before = snapshot(db);
            List<String> outcomes = new ArrayList<>();

            for (UnaryOperator<Catalog> payload : PAYLOADS) {
                LoadedSchema hostile = new LoadedSchema(payload.apply(benign.catalog()), benign.sources());
                try (Connection c = db.connect()) {
                    outcomes.add(PlanService.plan(c, hostile, "test").isEmpty() ? "empty plan" : "plan");
                } catch (StrataException e) {
                    outcomes.add("refused: " + e.getMessage());
                }
                assertEquals(before, snapshot(db), "after the payload, with outcomes " + outcomes);
            }
        }
    }

    private static LoadedSchema benign(Path dir) throws Exception {
        Files.writeString(dir.resolve("schema.yaml"), """
                tables:
                  canary:
                    columns:
                      id: { type: integer, nullable: false }
                      note: text
                    primary_key: [id]
                  items:
                    columns:
                      id: { type: integer, nullable: false }
                      qty: { type: integer, nullable: false, default: "0" }
                    primary_key: [id]
                    indexes:
                      - { name: items_qty_idx, columns: [qty] }
                views:
                  v: "SELECT id FROM public.items"
                """);
        return SchemaFiles.read(dir);
    }

    private static UnaryOperator<Catalog> view(String definition) {
        return catalog -> new Catalog(catalog.schemas().stream()
                .map(s -> s.withViews(s.views().stream().map(v -> new View(v.name(), definition, v.comment())).toList()))
                .toList());
    }

    /** A trigger on items whose condition is the payload. */
    private static UnaryOperator<Catalog> trigger(String when) {
        Trigger trigger = new Trigger(QualifiedName.of("public", "items"), "audit", Trigger.Timing.AFTER,
                List.of(Trigger.Event.UPDATE), List.of(), true, Optional.of(when), Optional.empty(), Optional.empty(),
                QualifiedName.of("public", "audit"), List.of(), Trigger.Enabled.ORIGIN, Optional.empty());
        return catalog -> new Catalog(catalog.schemas().stream()
                .map(s -> {
                    List<SchemaObject> objects = new ArrayList<>(s.objects());
                    objects.add(trigger);
                    return s.withObjects(objects);
                })
                .toList());
    }

    private static UnaryOperator<Catalog> items(UnaryOperator<Table> change) {
        return catalog -> new Catalog(catalog.schemas().stream()
                .map((Schema s) -> s.withTables(s.tables().stream()
                        .map(t -> t.name().equals("items") ? change.apply(t) : t)
                        .toList()))
                .toList());
    }

    /** Every user object (with its storage) and every row, as text: equal text means nothing was written. */
    private static String snapshot(TestDatabase db) {
        String user = "NOT IN (SELECT oid FROM pg_namespace WHERE nspname LIKE 'pg\\_%' OR nspname = 'information_schema')";
        String sql = """
                SELECT string_agg(x, E'\\n' ORDER BY x) FROM (
                  SELECT 'class ' || c.relnamespace::regnamespace || '.' || c.relname || ' ' || c.relkind::text || ' '
                         || c.relfilenode FROM pg_class c WHERE c.relnamespace %1$s
                  UNION ALL SELECT 'column ' || a.attrelid::regclass || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                         || ' ' || a.attnotnull || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
                         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                         WHERE c.relnamespace %1$s AND a.attnum > 0 AND NOT a.attisdropped
                  UNION ALL SELECT 'constraint ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace %1$s
                  UNION ALL SELECT 'function ' || oid::regprocedure FROM pg_proc WHERE pronamespace %1$s
                  UNION ALL SELECT 'schema ' || nspname FROM pg_namespace WHERE oid %1$s
                  UNION ALL SELECT 'view ' || oid::regclass || ' ' || pg_get_viewdef(oid) FROM pg_class WHERE relkind = 'v' AND relnamespace %1$s
                  UNION ALL SELECT 'canary ' || md5(string_agg(c::text, ',' ORDER BY id)) FROM canary c
                  UNION ALL SELECT 'items ' || md5(string_agg(i::text, ',' ORDER BY id)) FROM items i
                ) AS s(x)""".formatted(user);
        return db.query(sql).getFirst().getFirst();
    }
}
