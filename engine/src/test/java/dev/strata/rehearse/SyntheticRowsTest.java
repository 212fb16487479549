package dev.strata.rehearse;

import dev.strata.catalog.CatalogReader;
import dev.strata.ddl.CreateDdl;
import dev.strata.model.Catalog;
import dev.strata.model.QualifiedName;
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
            FROM generate_series(1, 2000) g""",
            "UPDATE \"Shop Ü\".\"User\" SET referrer = id - 1 WHERE id % 3 = 0",
            "INSERT INTO \"Shop Ü\".region SELECT chr(65 + g % 26) || chr(65 + g / 26), g, 'Region ' || g FROM generate_series(0, 59) g",
            """
            INSERT INTO "Shop Ü"."order" ("user", country, code, status, total, note)
            SELECT 1 + g % 1500, CASE WHEN g % 4 <> 0 THEN chr(65 + g % 60 % 26) || chr(65 + g % 60 / 26) END,
                   CASE WHEN g % 4 <> 0 THEN g % 60 END,
                   (ARRAY['new', 'paid', 'paid', 'shipped', 'shipped', 'shipped'])[1 + g % 6]::"Shop Ü".status,
                   1 + (g * 7919 % 49900) / 100.0, CASE WHEN g % 10 = 0 THEN repeat('n', g % 50) END
            FROM generate_series(1, 3000) g""",
            "INSERT INTO \"Shop Ü\".tag SELECT g, 'tag ' || g FROM generate_series(1, 12) g",
            "INSERT INTO \"Shop Ü\".order_tag SELECT 1 + g % 3000, 1 + g / 3000 FROM generate_series(0, 5999) g",
            "ANALYZE"};

    static Catalog catalog(TestDatabase db) throws Exception {
        try (var c = db.connect()) {
            return CatalogReader.read(c, List.of(SCHEMA)).catalog();
        }
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
            Map<QualifiedName, Long> rows = Map.of(USERS, 3000L, REGION, 60L, ORDERS, 4000L, TAG, 12L, ORDER_TAG, 5000L);
            FillResult result;
            try (var c = scratch.connect()) {
                result = SyntheticRows.fill(c, catalog, stats, rows, 42);
            }
            assertEquals(rows, result.rows());
            for (var e : rows.entrySet()) {
                assertEquals(String.valueOf(e.getValue()), scratch.query("SELECT count(*) FROM "
                        + dev.strata.sql.Identifiers.qualified(e.getKey())).getFirst().getFirst(), e.getKey().toString());
            }
        }
    }
}
