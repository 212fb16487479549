package dev.strata.expr;

import dev.strata.testing.TestPostgres;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What pg_get_viewdef prints (and pull writes into YAML) passes the view-query check unchanged. */
class PulledViewQueriesTest {

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void serverPrintedViewQueriesAreOneQuery(int major) {
        try (var db = TestPostgres.newDatabase(major)) {
            db.execute(
                    "CREATE TABLE t (id int PRIMARY KEY, \"Näme\" text, note text)",
                    "CREATE VIEW v1 AS SELECT id, \"Näme\" FROM t WHERE note <> '-- not a comment; /* */' AND note <> E'back\\\\slash'",
                    "CREATE VIEW v2 AS WITH a AS (SELECT id FROM t) SELECT * FROM a UNION SELECT 1",
                    "CREATE VIEW v3 AS VALUES (1, 'x;y'), (2, $$z$$)",
                    "CREATE VIEW v4 AS SELECT count(*) FILTER (WHERE id > 0) AS n, (array_agg(id ORDER BY id))[1:2] AS s FROM t",
                    "CREATE VIEW v5 AS SELECT t.id FROM t JOIN (SELECT 1 AS id) x USING (id) ORDER BY 1 LIMIT 3");
            List<List<String>> defs = db.query(
                    "SELECT relname, pg_get_viewdef(oid, true) FROM pg_class WHERE relkind = 'v' AND relname ~ '^v[0-9]' ORDER BY 1");
            assertEquals(5, defs.size());
            for (List<String> def : defs) {
                assertEquals(Optional.empty(), Expressions.checkQuery(def.get(1)), def.get(0) + ": " + def.get(1));
            }
        }
    }
}
