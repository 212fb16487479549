package dev.strata.rehearse;

import dev.strata.catalog.CatalogReader;
import dev.strata.ddl.CreateDdl;
import dev.strata.model.Catalog;
import dev.strata.model.QualifiedName;
import dev.strata.sql.Identifiers;
import dev.strata.sql.Literals;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticRowsTest {

    static final String SCHEMA = "Shop Ü";
    static final QualifiedName USERS = QualifiedName.of(SCHEMA, "User");
    static final QualifiedName REGION = QualifiedName.of(SCHEMA, "region");
    static final QualifiedName ORDERS = QualifiedName.of(SCHEMA, "order");
    static final QualifiedName TAG = QualifiedName.of(SCHEMA, "tag");
    static final QualifiedName ORDER_TAG = QualifiedName.of(SCHEMA, "order_tag");

    /** Capitals, a reserved word, unicode; identity, serial, enum, composite and self-referencing keys, checks. */
    static final String[] DDL = {
            "CREATE SCHEMA \"Shop Ü\"",
            "CREATE TYPE \"Shop Ü\".status AS ENUM ('new', 'paid', 'shipped', 'lost')",
            """
            CREATE TABLE "Shop Ü"."User" (
              id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
              "select" text NOT NULL UNIQUE,
              email varchar(40) NOT NULL,
              created_at timestamptz NOT NULL DEFAULT now(),
              age int CHECK (age BETWEEN 18 AND 120),
              referrer bigint REFERENCES "Shop Ü"."User" (id),
              active boolean NOT NULL DEFAULT true,
              "Größe" numeric(5, 2),
              born date,
              token uuid,
              prefs jsonb)""",
            "CREATE UNIQUE INDEX user_email ON \"Shop Ü\".\"User\" (lower(email))",
            "CREATE TABLE \"Shop Ü\".region (country char(2), code int, name text NOT NULL, PRIMARY KEY (country, code))",
            """
            CREATE TABLE "Shop Ü"."order" (
              id serial PRIMARY KEY,
              "user" bigint NOT NULL REFERENCES "Shop Ü"."User",
              country char(2), code int,
              status "Shop Ü".status NOT NULL,
              total numeric(10, 2) NOT NULL CHECK (total > 0 AND total < 500),
              note text,
              FOREIGN KEY (country, code) REFERENCES "Shop Ü".region)""",
            "CREATE TABLE \"Shop Ü\".tag (id int PRIMARY KEY, label text NOT NULL UNIQUE)",
            """
            CREATE TABLE "Shop Ü".order_tag (
              order_id int REFERENCES "Shop Ü"."order", tag_id int REFERENCES "Shop Ü".tag,
              PRIMARY KEY (order_id, tag_id))"""};

    static final String[] DATA = {
            """
            INSERT INTO "Shop Ü"."User" ("select", email, created_at, age, active, "Größe", born, token, prefs)
            SELECT 'user' || g, 'u' || g || '@example.com', TIMESTAMPTZ '2024-01-01' + g * INTERVAL '37 minutes',
                   CASE WHEN g % 5 = 0 THEN NULL ELSE 18 + g % 60 END, g % 7 <> 0, CASE WHEN g % 2 = 0 THEN g % 300 END,
                   DATE '1950-01-01' + g % 20000, md5(g::text)::uuid, jsonb_build_object('n', g % 3)
            FROM generate_series(1, 1000) g""",
            "UPDATE \"Shop Ü\".\"User\" SET referrer = id - 1 WHERE id % 3 = 0",
            "INSERT INTO \"Shop Ü\".region SELECT chr(65 + g % 26) || chr(65 + g / 26), g, 'Region ' || g FROM generate_series(0, 59) g",
            """
            INSERT INTO "Shop Ü"."order" ("user", country, code, status, total, note)
            SELECT 1 + g % 750, CASE WHEN g % 4 <> 0 THEN chr(65 + g % 60 % 26) || chr(65 + g % 60 / 26) END,
                   CASE WHEN g % 4 <> 0 THEN g % 60 END,
                   (ARRAY['new', 'paid', 'paid', 'shipped', 'shipped', 'shipped'])[1 + g % 6]::"Shop Ü".status,
                   1 + (g * 7919 % 49900) / 100.0, CASE WHEN g % 10 = 0 THEN repeat('n', g % 50) END
            FROM generate_series(1, 1500) g""",
            "INSERT INTO \"Shop Ü\".tag SELECT g, 'tag ' || g FROM generate_series(1, 12) g",
            "INSERT INTO \"Shop Ü\".order_tag SELECT 1 + g % 1500, 1 + g / 1500 FROM generate_series(0, 2999) g",
            "ANALYZE"};

    static Catalog catalog(TestDatabase db) throws Exception {
        try (var c = db.connect()) {
            return CatalogReader.read(c, List.of(SCHEMA)).catalog();
        }
    }

    // Smaller than production, as rehearse fills (1 %, 2 %, 4 %): a histogram's range holds production's values.
    static double fraction(TestDatabase db, String sql) {
        return Double.parseDouble(db.query(sql).getFirst().getFirst());
    }

    static void assertClose(double expected, double actual, String what) {
        assertTrue(Math.abs(expected - actual) <= 0.05, what + ": expected " + expected + " ± 0.05, got " + actual);
    }

    /** Null fraction within 0.05 and distinct values within 20 % of the statistics' at {@code rows} rows. */
    static void assertShape(TestDatabase scratch, Map<QualifiedName, TableStatistics> stats, QualifiedName table,
            String column, long rows, long cap) {
        ColumnStatistics s = stats.get(table).column(column).orElseThrow();
        String c = Identifiers.quote(column);
        List<String> found = scratch.query("SELECT avg((" + c + " IS NULL)::int), count(DISTINCT " + c + ") FROM "
                + Identifiers.qualified(table)).getFirst();
        assertClose(s.nullFraction(), Double.parseDouble(found.get(0)), column + " null fraction");
        long expected = Math.min(cap, s.distinctValues(rows));
        long distinct = Long.parseLong(found.get(1));
        assertTrue(Math.abs(distinct - expected) <= Math.max(1, expected * 0.2),
                column + ": expected " + expected + " distinct values ± 20 %, got " + distinct);
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void rowsSatisfyKeysForeignKeysAndChecksAndFollowTheStatistics(int major) throws Exception {
        try (var prod = TestPostgres.newDatabase(major); var scratch = TestPostgres.newDatabase(major)) {
            prod.execute(DDL);
            prod.execute(DATA);
            Catalog catalog = catalog(prod);
            Map<QualifiedName, TableStatistics> stats;
            try (var c = prod.connect()) {
                stats = StatisticsReader.read(c, Set.of(USERS, REGION, ORDERS, TAG, ORDER_TAG), Duration.ofSeconds(5));
            }
            scratch.execute(CreateDdl.statements(catalog).toArray(String[]::new));
            Map<QualifiedName, Long> rows = Map.of(USERS, 800L, REGION, 60L, ORDERS, 1200L, TAG, 12L, ORDER_TAG, 2000L);
            FillResult result;
            try (var c = scratch.connect()) {
                result = SyntheticRows.fill(c, catalog, stats, rows, 42);
            }
            // Every key, foreign key and check held (the INSERTs would have failed otherwise), and the counts are met.
            assertEquals(rows, result.rows());
            for (var e : rows.entrySet()) {
                assertEquals(String.valueOf(e.getValue()), scratch.query("SELECT count(*) FROM "
                        + Identifiers.qualified(e.getKey())).getFirst().getFirst(), e.getKey().toString());
            }
            // The self-reference points at rows as often as production's does, the composite key at regions.
            assertClose(1 - stats.get(USERS).column("referrer").orElseThrow().nullFraction(), fraction(scratch,
                    "SELECT avg((referrer IS NOT NULL)::int) FROM \"Shop Ü\".\"User\" u"
                            + " WHERE referrer IS NULL OR EXISTS (SELECT FROM \"Shop Ü\".\"User\" p WHERE p.id = u.referrer)"),
                    "self-referencing rows");
            assertEquals(List.of(List.of("0")), scratch.query("SELECT count(*) FROM \"Shop Ü\".\"order\" o"
                    + " WHERE (country IS NULL) <> (code IS NULL)"), "MATCH SIMPLE: both columns NULL or both set");
            // Shapes: null fraction within 0.05, distinct values within 20 % of what the statistics say at this size.
            assertShape(scratch, stats, USERS, "age", 800, Long.MAX_VALUE);
            assertShape(scratch, stats, USERS, "Größe", 800, Long.MAX_VALUE);
            assertShape(scratch, stats, USERS, "created_at", 800, Long.MAX_VALUE);
            assertShape(scratch, stats, USERS, "born", 800, Long.MAX_VALUE);
            assertShape(scratch, stats, USERS, "active", 800, Long.MAX_VALUE);
            assertShape(scratch, stats, USERS, "prefs", 800, Long.MAX_VALUE);
            assertShape(scratch, stats, ORDERS, "status", 1200, Long.MAX_VALUE);
            assertShape(scratch, stats, ORDERS, "total", 1200, Long.MAX_VALUE);
            assertShape(scratch, stats, ORDERS, "note", 1200, Long.MAX_VALUE);
            assertShape(scratch, stats, ORDERS, "user", 1200, 800);
            assertShape(scratch, stats, ORDERS, "code", 1200, 60);
            // Production inserted users in created_at order (then moved a third, updating referrer): so does the
            // generator (a hashed order would be about 0).
            double production = stats.get(USERS).column("created_at").orElseThrow().correlation();
            double correlation = fraction(scratch, "SELECT correlation FROM pg_stats WHERE schemaname = 'Shop Ü'"
                    + " AND tablename = 'User' AND attname = 'created_at'");
            assertTrue(production > 0.5 && correlation > 0.5, "physical order like production's " + production + ": "
                    + correlation);
            // The most common values keep their frequencies.
            var status = stats.get(ORDERS).column("status").orElseThrow();
            for (int i = 0; i < status.mostCommonValues().size(); i++) {
                assertClose(status.mostCommonFrequencies().get(i), fraction(scratch, "SELECT avg((status = "
                        + Literals.quote(status.mostCommonValues().get(i)) + ")::int) FROM \"Shop Ü\".\"order\""),
                        "frequency of " + status.mostCommonValues().get(i));
            }
            // Widths: text padded to production's average width.
            var note = stats.get(ORDERS).column("note").orElseThrow();
            double width = fraction(scratch, "SELECT avg(pg_column_size(note)) FROM \"Shop Ü\".\"order\"");
            assertTrue(Math.abs(width - note.averageWidth()) <= Math.max(3, note.averageWidth() * 0.2),
                    "width " + width + " vs " + note.averageWidth());
            // The estimate of the size is within a factor of two of the real one.
            long estimate = SyntheticRows.estimatedBytes(catalog.table(USERS).orElseThrow(), stats.get(USERS), 800);
            long actual = Long.parseLong(scratch.query("SELECT pg_total_relation_size('\"Shop Ü\".\"User\"')")
                    .getFirst().getFirst());
            assertTrue(estimate > actual / 2 && estimate < actual * 2, "estimated " + estimate + ", actual " + actual);
        }
    }

    static String digest(TestDatabase db, QualifiedName table) {
        return db.query("SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM " + Identifiers.qualified(table) + " AS t")
                .getFirst().getFirst();
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void theSameSeedGivesTheSameRowsAndAnotherSeedOthers(int major) throws Exception {
        try (var prod = TestPostgres.newDatabase(major); var one = TestPostgres.newDatabase(major);
                var two = TestPostgres.newDatabase(major)) {
            prod.execute(DDL);
            prod.execute(DATA[2], DATA[4], "ANALYZE");
            Catalog catalog = catalog(prod);
            Map<QualifiedName, TableStatistics> stats;
            try (var c = prod.connect()) {
                stats = StatisticsReader.read(c, Set.of(REGION, TAG), Duration.ofSeconds(5));
            }
            Map<QualifiedName, Long> rows = Map.of(REGION, 40L, TAG, 10L);
            for (var db : List.of(one, two)) {
                db.execute(CreateDdl.statements(catalog).toArray(String[]::new));
            }
            try (var c1 = one.connect(); var c2 = two.connect()) {
                SyntheticRows.fill(c1, catalog, stats, rows, 7);
                SyntheticRows.fill(c2, catalog, stats, rows, 7);
                assertEquals(digest(one, REGION), digest(two, REGION));
                assertEquals(digest(one, TAG), digest(two, TAG));
                two.execute("TRUNCATE \"Shop Ü\".region, \"Shop Ü\".tag CASCADE");
                SyntheticRows.fill(c2, catalog, stats, rows, 8);
                assertTrue(!digest(one, REGION).equals(digest(two, REGION)), "another seed, other rows");
            }
        }
    }

    /** Without statistics (rehearse --from DIR --rows): types, labels and constraints alone. */
    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void withoutStatisticsTheTypesAndConstraintsShapeTheRows(int major) throws Exception {
        try (var scratch = TestPostgres.newDatabase(major)) {
            scratch.execute("CREATE SCHEMA \"Shop Ü\"",
                    "CREATE TYPE \"Shop Ü\".mood AS ENUM ('sad', 'ok', 'happy')",
                    """
                    CREATE TABLE "Shop Ü"."Item" (
                      id serial PRIMARY KEY,
                      code varchar(12) NOT NULL,
                      mood "Shop Ü".mood NOT NULL,
                      flags int[] NOT NULL,
                      doc jsonb,
                      qty int NOT NULL DEFAULT 1 CHECK (qty > 0),
                      state text NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'paid', 'gone')),
                      at timestamp NOT NULL DEFAULT '2020-01-01',
                      half int GENERATED ALWAYS AS (qty / 2) STORED,
                      CONSTRAINT item_code UNIQUE (code) DEFERRABLE)""",
                    "CREATE TABLE \"Shop Ü\".part (item int NOT NULL REFERENCES \"Shop Ü\".\"Item\", n smallint,"
                            + " PRIMARY KEY (item, n))");
            Catalog catalog = catalog(scratch);
            QualifiedName item = QualifiedName.of(SCHEMA, "Item");
            QualifiedName part = QualifiedName.of(SCHEMA, "part");
            try (var c = scratch.connect()) {
                var result = SyntheticRows.fill(c, catalog, Map.of(), Map.of(item, 500L, part, 800L), 3);
                assertEquals(Map.of(item, 500L, part, 800L), result.rows());
            }
            assertEquals(List.of(List.of("500", "500", "3", "1", "2020-01-01 00:00:00", "3")), scratch.query(
                    "SELECT count(*), count(DISTINCT code), count(DISTINCT mood), min(qty), min(at)::text,"
                            + " count(DISTINCT state) FROM \"Shop Ü\".\"Item\""),
                    "codes unique, every label, the defaults where no statistics say otherwise, the values a check lists");
            assertClose(StatisticsReader.ASSUMED_NULL_FRACTION, fraction(scratch,
                    "SELECT avg((doc IS NULL)::int) FROM \"Shop Ü\".\"Item\""), "assumed null fraction");
            assertEquals(List.of(List.of("0")), scratch.query("SELECT count(*) FROM \"Shop Ü\".\"Item\" WHERE half <> qty / 2"));
        }
    }

    /** Statistics read by a role that may see only some columns: the others are assumed from their types. */
    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void arraysJsonAndColumnsWithoutStatisticsAreFilledToo(int major) throws Exception {
        try (var prod = TestPostgres.newDatabase(major); var scratch = TestPostgres.newDatabase(major)) {
            StatisticsReaderTest.production(prod);
            String role = StatisticsReaderTest.reader(prod);
            Map<QualifiedName, TableStatistics> stats;
            try (var c = StatisticsReaderTest.connectAs(prod, role)) {
                stats = StatisticsReader.read(c, Set.of(StatisticsReaderTest.ACCOUNTS), Duration.ofSeconds(5));
            } finally {
                StatisticsReaderTest.dropReader(prod, role);
            }
            Catalog catalog;
            try (var c = prod.connect()) {
                catalog = CatalogReader.read(c, List.of("Prod Ä")).catalog();
            }
            scratch.execute(CreateDdl.statements(catalog).toArray(String[]::new));
            try (var c = scratch.connect()) {
                SyntheticRows.fill(c, catalog, stats, Map.of(StatisticsReaderTest.ACCOUNTS, 900L), 5);
            }
            assertEquals(List.of(List.of("900", "900", "3", "3", "0")), scratch.query("SELECT count(*), count(DISTINCT id),"
                    + " count(DISTINCT \"Kind\"), count(DISTINCT tags), count(*) FILTER (WHERE doc::text NOT LIKE '{%')"
                    + " FROM \"Prod Ä\".\"Account\""), "keys, most common values, arrays from their text, json built");
            assertClose(StatisticsReader.ASSUMED_NULL_FRACTION, fraction(scratch,
                    "SELECT avg((secret IS NULL)::int) FROM \"Prod Ä\".\"Account\""), "a column the role could not read");
        }
    }
}
