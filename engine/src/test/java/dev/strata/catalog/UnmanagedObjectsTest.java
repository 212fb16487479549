package dev.strata.catalog;

import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.Table;
import dev.strata.model.UnmanagedObject;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Set;

import static dev.strata.catalog.CatalogReaderTest.pull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What Strata does not manage is reported once each, kept out of the model, and never breaks the read. */
class UnmanagedObjectsTest {

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void unmanagedObjectsAreEachReportedOnceAndKeptOutOfTheModel(int major) {
        try (var db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE SCHEMA app",
                    "CREATE TABLE app.t (id int PRIMARY KEY, owner text)",
                    "CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'",
                    "CREATE PROCEDURE app.noop(x int) LANGUAGE sql AS 'SELECT 1'",
                    "CREATE AGGREGATE app.median(float8 ORDER BY float8) (SFUNC = ordered_set_transition, STYPE = internal,"
                            + " FINALFUNC = percentile_cont_float8_final)",
                    "CREATE FUNCTION app.standard(x int) RETURNS int LANGUAGE sql RETURN x + 1",
                    "CREATE FUNCTION app.strata_sync_t_owner() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'",
                    "COMMENT ON FUNCTION app.strata_sync_t_owner() IS 'strata: keeps owner in step'",
                    "CREATE TRIGGER t_touch BEFORE UPDATE ON app.t FOR EACH ROW EXECUTE FUNCTION app.touch()",
                    "ALTER TABLE app.t ENABLE ROW LEVEL SECURITY",
                    "CREATE POLICY own ON app.t USING (owner = current_user)",
                    "GRANT SELECT ON app.t TO PUBLIC",
                    "CREATE DOMAIN app.posint AS int CHECK (VALUE > 0)",
                    "CREATE TYPE app.pair AS (a int, b int)",
                    "CREATE TYPE app.floatrange AS RANGE (subtype = float8)",
                    "CREATE MATERIALIZED VIEW app.mv AS SELECT 1 AS one",
                    "CREATE TABLE app.pt (k int) PARTITION BY RANGE (k)",
                    "CREATE TABLE app.pt1 PARTITION OF app.pt FOR VALUES FROM (0) TO (10)",
                    "ALTER TABLE app.pt ENABLE ROW LEVEL SECURITY",
                    "CREATE POLICY positive ON app.pt USING (k > 0)",
                    "CREATE TABLE app.base (a int)",
                    "CREATE TABLE app.derived (b int) INHERITS (app.base)",
                    "CREATE UNLOGGED TABLE app.scratch (a int)",
                    "CREATE RULE no_delete AS ON DELETE TO app.scratch DO INSTEAD NOTHING",
                    "CREATE TABLE app.dup (a int)", "INSERT INTO app.dup VALUES (1), (1)",
                    "ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO PUBLIC");
            assertThrows(IllegalStateException.class,
                    () -> db.execute("CREATE UNIQUE INDEX CONCURRENTLY dup_a ON app.dup (a)"));

            PulledCatalog pulled = pull(db, "app");

            assertEquals(List.of(
                            new UnmanagedObject("default privileges", "for role postgres in schema app on tables"),
                            new UnmanagedObject("inheritance child", "app.derived"),
                            new UnmanagedObject("invalid index", "app.dup_a"),
                            new UnmanagedObject("migration function", "app.strata_sync_t_owner()"),
                            new UnmanagedObject("ordered-set aggregate", "app.median(double precision,double precision)"),
                            new UnmanagedObject("privileges", "app.t"),
                            new UnmanagedObject("range type", "app.floatrange"),
                            new UnmanagedObject("rule", "no_delete on app.scratch")),
                    pulled.unmanaged());
            Schema app = pulled.catalog().schema("app").orElseThrow();
            // Partitioned tables and partitions are managed (partition_by, partition_of), with their policies and RLS.
            assertEquals(List.of("base", "dup", "pt", "pt1", "scratch", "t"), app.tables().stream().map(Table::name).toList());
            // Triggers are managed (the triggers: section), so the report no longer names them.
            assertEquals(List.of("t.t_touch"), app.objects("trigger").stream().map(o -> o.key()).toList());
            // Row-level security and policies of a managed table are managed: in the model, not reported.
            assertEquals(List.of("pt.positive", "t.own"), app.objects("policy").stream().map(o -> o.key()).toList());
            assertEquals(dev.strata.model.RowLevelSecurity.ENABLED, app.table("t").orElseThrow().rowLevelSecurity());
            // An unlogged table is managed (unlogged: true), so the report no longer names it.
            assertTrue(app.table("scratch").orElseThrow().unlogged());
            assertEquals(List.of("composite type pair", "domain posint"), app.objects().stream()
                    .filter(o -> o.kind().equals("domain") || o.kind().equals("composite type"))
                    .map(o -> o.kind() + " " + o.key()).toList(), "domains and composite types are managed, not reported");
            assertEquals(List.of("function standard(integer)", "function touch()", "procedure noop(integer)"), app.objects().stream()
                    .filter(o -> o.kind().equals("function") || o.kind().equals("procedure"))
                    .map(o -> o.kind() + " " + o.key()).toList(), "functions and procedures are managed");
            assertEquals(List.of(), app.tables().stream().filter(t -> t.name().equals("dup"))
                    .findFirst().orElseThrow().indexes(), "an invalid index stays out of the model");
        }
    }

    @Test
    void virtualGeneratedColumnIsManagedAsPartOfItsTable() {
        try (var db = TestPostgres.newDatabase(18)) {
            db.execute("CREATE SCHEMA app", "CREATE TABLE app.t (a int, \"Twice\" int GENERATED ALWAYS AS (a * 2) VIRTUAL)");

            PulledCatalog pulled = pull(db, "app");

            assertEquals(List.of(), pulled.unmanaged());
            Table t = pulled.catalog().table(QualifiedName.of("app", "t")).orElseThrow();
            assertEquals(List.of("a", "Twice"), t.columns().stream().map(c -> c.name()).toList());
            assertTrue(t.column("Twice").orElseThrow().virtual());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void systemStrataAndExtensionSchemasAreNeverRead(int major) {
        try (var db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE SCHEMA strata", "CREATE TABLE strata.state (a int)",
                    "CREATE SCHEMA app", "CREATE TABLE app.t (a int)",
                    "CREATE SCHEMA other", "CREATE TABLE other.t (a int)");

            assertEquals(List.of("app", "other", "public"), schemaNames(pull(db)));
            assertEquals(List.of("app"), schemaNames(pull(db, "app", "strata", "pg_catalog")));
            assertTrue(pull(db).unmanaged().isEmpty());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void everyNameInUseIsReportedSoGeneratedNamesCanAvoidIt(int major) {
        try (var db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE SCHEMA app", "CREATE TABLE app.t (id int PRIMARY KEY, a int NOT NULL CHECK (a > 0))",
                    "CREATE MATERIALIZED VIEW app.t_a_strata_seq AS SELECT 1 AS x",
                    "CREATE FUNCTION app.strata_sync_t_a() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$",
                    "CREATE TRIGGER mine BEFORE INSERT ON app.t FOR EACH ROW EXECUTE FUNCTION app.strata_sync_t_a()",
                    "CREATE TYPE app.mood AS ENUM ('ok')", "CREATE TABLE other_schema_is_not_read (a int)");

            var taken = pull(db, "app").taken();

            assertTrue(taken.relations("app").containsAll(List.of("t", "t_pkey", "t_a_strata_seq", "mood")), taken.toString());
            assertEquals(Set.of("strata_sync_t_a"), taken.functions("app"));
            assertTrue(taken.constraints(QualifiedName.of("app", "t")).containsAll(List.of("t_pkey", "t_a_check")), taken.toString());
            assertEquals(major >= 18, taken.constraints(QualifiedName.of("app", "t")).contains("t_a_not_null"), taken.toString());
            assertEquals(Set.of("mine"), taken.triggers(QualifiedName.of("app", "t")));
            assertTrue(taken.relations("public").isEmpty());
        }
    }

    private static List<String> schemaNames(PulledCatalog pulled) {
        return pulled.catalog().schemas().stream().map(Schema::name).toList();
    }
}
