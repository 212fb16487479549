package dev.strata.ddl;

import dev.strata.catalog.CatalogReader;
import dev.strata.model.Catalog;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An IN list on a varchar column, in a CHECK and in an index predicate, as the server prints it
 * ({@code = ANY ((ARRAY['a'::character varying, …])::text[])}): built again from that text, it reads back the same.
 */
class ArrayCastRoundTripTest {

    private static Catalog pull(dev.strata.testing.TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            return CatalogReader.read(c, List.of("public")).catalog();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aVarcharInListInACheckAndAnIndexPredicateReadsBackAsThePulledText(int major) throws SQLException {
        try (var db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE TABLE t (id int PRIMARY KEY, status varchar(10) NOT NULL,"
                            + " CONSTRAINT t_status_check CHECK (status IN ('pending', 'shipped')))",
                    "CREATE INDEX t_open ON t (id) WHERE status IN ('new', 'acknowledged')");
            Catalog source = pull(db);
            String check = source.schemas().getFirst().tables().getFirst().checks().getFirst().expression();
            assertTrue(check.contains("])::text[]"), check);
            db.execute("DROP TABLE t");
            db.execute(CreateDdl.script(source));
            assertEquals(source, pull(db));
        }
    }
}
