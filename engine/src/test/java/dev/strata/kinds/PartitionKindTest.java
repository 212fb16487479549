package dev.strata.kinds;

import dev.strata.catalog.CatalogReader;
import dev.strata.ddl.CreateDdl;
import dev.strata.execute.PlanService;
import dev.strata.model.Catalog;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.SchemaFiles;
import dev.strata.yaml.SchemaWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Declarative partitioning on real servers: partitioned tables (RANGE, LIST, HASH, expressions, several columns,
 * sub-partitioned) and their partitions pulled, written, built from nothing and pulled back byte-identical; a
 * partition lists only what it overrides, never what PostgreSQL cloned from its parent.
 */
class PartitionKindTest {

    private static Catalog read(TestDatabase db) throws SQLException {
        try (var c = db.connect()) {
            return CatalogReader.read(c, List.of()).catalog();
        }
    }

    private static Map<String, String> roundTrip(int major, String... setup) throws SQLException {
        try (TestDatabase source = TestPostgres.newDatabase(major); TestDatabase copy = TestPostgres.newDatabase(major)) {
            source.execute(setup);
            Catalog pulled = read(source);
            var files = SchemaWriter.files(pulled);
            assertEquals(pulled, SchemaFiles.parse(files).catalog(), files.toString());
            copy.execute(CreateDdl.script(SchemaFiles.parse(files).catalog()));
            assertEquals(files, SchemaWriter.files(read(copy)));
            try (var c = source.connect()) {
                var plan = PlanService.plan(c, SchemaFiles.parse(files), "test");
                assertTrue(plan.isEmpty(), "a pulled schema plans nothing: " + plan.steps());
            }
            return files;
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void rangeListAndHashPartitionsRoundTripByteIdentical(int major) throws SQLException {
        var files = roundTrip(major,
                "CREATE SCHEMA other",
                "CREATE TABLE events (id bigint NOT NULL, region text NOT NULL, occurred timestamptz NOT NULL, payload jsonb,"
                        + " PRIMARY KEY (occurred, id)) PARTITION BY RANGE (occurred)",
                "CREATE INDEX events_payload_idx ON events USING gin (payload)",
                "CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
                "CREATE TABLE events_rest PARTITION OF events DEFAULT",
                "CREATE TABLE other.events_2025 PARTITION OF events (payload DEFAULT '{}') FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
                "CREATE INDEX events_2026_region_idx ON events_2026 (region)",
                "CREATE TABLE orders (id bigint NOT NULL, region text NOT NULL, priority integer DEFAULT 0, notes text)"
                        + " PARTITION BY LIST (region)",
                "CREATE TABLE orders_eu PARTITION OF orders FOR VALUES IN ('eu')",
                "CREATE TABLE orders_us PARTITION OF orders (priority DEFAULT 10, notes NOT NULL) FOR VALUES IN ('us')"
                        + " PARTITION BY HASH (id)",
                "CREATE TABLE orders_us_0 PARTITION OF orders_us FOR VALUES WITH (MODULUS 2, REMAINDER 0)",
                "CREATE TABLE orders_us_1 PARTITION OF orders_us FOR VALUES WITH (MODULUS 2, REMAINDER 1)",
                "CREATE TABLE readings (sensor integer NOT NULL, taken date NOT NULL, value numeric)"
                        + " PARTITION BY RANGE (sensor, (extract(year FROM taken)))",
                "CREATE TABLE readings_low PARTITION OF readings FOR VALUES FROM (0, 2000) TO (100, 3000)");
        String orders = files.get("public/orders_us.yaml");
        assertTrue(orders.contains("partition_of: {table: orders, bound: FOR VALUES IN ('us')}"), orders);
        assertTrue(orders.contains("partition_by: HASH (id)"), orders);
        assertTrue(orders.contains("priority:"), orders);
        assertTrue(!files.get("public/orders_eu.yaml").contains("columns"), files.get("public/orders_eu.yaml"));
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aDefaultOverrideOnAColumnTheParentKeepsNotNullKeepsTheParentsNotNullName(int major) throws SQLException {
        var files = roundTrip(major,
                "CREATE TABLE users (id integer NOT NULL, occurred_on date NOT NULL,"
                        + " CONSTRAINT users_pk PRIMARY KEY (id, occurred_on)) PARTITION BY RANGE (occurred_on)",
                "CREATE TABLE users_p0 PARTITION OF users (id DEFAULT 0) FOR VALUES FROM ('2020-01-01') TO ('2021-01-01')");
        assertTrue(!files.get("public/users_p0.yaml").contains("not_null_name"), files.get("public/users_p0.yaml"));
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void attachedTableKeepsItsOwnNotNullNamesWhileItsMergedKeyAndCheckAreLeftOut(int major) throws SQLException {
        var files = roundTrip(major,
                "CREATE TABLE p (band_id integer NOT NULL, geom_id integer NOT NULL,"
                        + " CONSTRAINT p_band_id_geom_id_key UNIQUE (band_id, geom_id), CHECK (geom_id > 0)) PARTITION BY LIST (band_id)",
                "CREATE TABLE p_12 (band_id integer NOT NULL, geom_id integer NOT NULL,"
                        + " CONSTRAINT p_12_band_id_geom_id_key UNIQUE (band_id, geom_id))",
                "ALTER TABLE p_12 ADD CONSTRAINT p_geom_id_check CHECK (geom_id > 0)",
                "ALTER TABLE p ATTACH PARTITION p_12 FOR VALUES IN (12)",
                "CREATE TABLE p_13 PARTITION OF p FOR VALUES IN (13)");
        String attached = files.get("public/p_12.yaml");
        // Attached, its unique constraint and its check became the parent's (PostgreSQL marks them not local).
        assertTrue(!attached.contains("unique") && !attached.contains("checks"), attached);
        assertEquals(major >= 18, attached.contains("not_null_name: p_12_band_id_not_null"), attached);
        assertTrue(!files.get("public/p_13.yaml").contains("columns"), files.get("public/p_13.yaml"));
    }
}
