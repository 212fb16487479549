package dev.strata.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** One test's own database; closing it drops the database. */
public final class TestDatabase implements AutoCloseable {

    private final Server server;
    private final String name;

    TestDatabase(Server server, String name) {
        this.server = server;
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** The JDBC URL without credentials. */
    public String jdbcUrl() {
        return server.urlFor(name);
    }

    /** A {@code postgres://user:password@host:port/db} URL, as users pass to the CLI. */
    public String postgresUrl() {
        String auth = server.password().isEmpty() ? server.user() : server.user() + ":" + server.password();
        return "postgres://" + auth + "@" + server.host() + ":" + server.port() + "/" + name;
    }

    public String user() {
        return server.user();
    }

    public String password() {
        return server.password();
    }

    public String host() {
        return server.host();
    }

    public int port() {
        return server.port();
    }

    /** The server's major version (14 or 18 when embedded). */
    public int major() {
        return server.major();
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), server.user(), server.password());
    }

    /** Runs each statement in autocommit mode. */
    public void execute(String... statements) {
        try (var c = connect(); var st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed in " + name + ": " + e.getMessage(), e);
        }
    }

    /** The rows of a query, each as strings, in result order. */
    public List<List<String>> query(String sql) {
        try (var c = connect(); var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed in " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try (var admin = DriverManager.getConnection(server.adminUrl(), server.user(), server.password());
                var st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test database " + name + ": " + e.getMessage(), e);
        }
    }
}
