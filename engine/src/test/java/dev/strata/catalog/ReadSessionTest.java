package dev.strata.catalog;

import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the reader uses the connection: a fixed number of statements, and the session left as it was. */
class ReadSessionTest {

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void statementCountDoesNotGrowWithTheNumberOfTables(int major) throws SQLException {
        try (var db = TestPostgres.newDatabase(major)) {
            db.execute(schemaWithTables("small", 2));
            db.execute(schemaWithTables("large", 30));

            try (var c = db.connect()) {
                var small = new AtomicInteger();
                var large = new AtomicInteger();
                int smallTables = CatalogReader.read(counting(c, small), List.of("small")).catalog().schemas().getFirst().tables().size();
                int largeTables = CatalogReader.read(counting(c, large), List.of("large")).catalog().schemas().getFirst().tables().size();

                assertEquals(2, smallTables);
                assertEquals(30, largeTables);
                assertEquals(small.get(), large.get());
            }
        }
    }

    private static String[] schemaWithTables(String schema, int tables) {
        List<String> sql = new ArrayList<>(List.of("CREATE SCHEMA " + schema));
        for (int i = 0; i < tables; i++) {
            sql.add("CREATE TABLE " + schema + ".t" + i + " (id serial PRIMARY KEY, ref int REFERENCES "
                    + schema + ".t0, v text CHECK (v <> ''), n int UNIQUE)");
            sql.add("CREATE INDEX ON " + schema + ".t" + i + " (lower(v))");
            sql.add("CREATE VIEW " + schema + ".v" + i + " AS SELECT id FROM " + schema + ".t" + i);
        }
        return sql.toArray(String[]::new);
    }

    /** A connection that counts the statements created through it. */
    private static Connection counting(Connection target, AtomicInteger statements) {
        Set<String> creating = Set.of("createStatement", "prepareStatement", "prepareCall");
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (creating.contains(method.getName())) {
                        statements.incrementAndGet();
                    }
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void autocommitConnectionIsRestoredWithItsSearchPath() throws SQLException {
        try (var db = TestPostgres.newDatabase(); var c = db.connect()) {
            db.execute("CREATE SCHEMA app");
            try (var st = c.createStatement()) {
                st.execute("SET search_path = app, public");
            }

            CatalogReader.read(c, List.of());

            assertTrue(c.getAutoCommit());
            assertEquals("app, public", single(c, "SHOW search_path"));
            assertEquals("off", single(c, "SHOW transaction_read_only"));
        }
    }

    @Test
    void callersOpenTransactionSurvivesTheRead() throws SQLException {
        try (var db = TestPostgres.newDatabase(); var c = db.connect()) {
            c.setAutoCommit(false);
            try (var st = c.createStatement()) {
                st.execute("CREATE TABLE public.pending (a int)");
            }

            var pulled = CatalogReader.read(c, List.of("public"));

            assertTrue(pulled.catalog().table(dev.strata.model.QualifiedName.of("public", "pending")).isPresent(),
                    "the read sees the caller's uncommitted work");
            assertFalse(c.getAutoCommit());
            assertEquals("off", single(c, "SHOW transaction_read_only"));
            try (var st = c.createStatement()) {
                st.execute("INSERT INTO pending VALUES (1)");
            }
            c.commit();
            assertEquals("1", db.query("SELECT count(*) FROM public.pending").getFirst().getFirst());
        }
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
