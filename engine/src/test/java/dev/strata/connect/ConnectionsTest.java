package dev.strata.connect;

import dev.strata.diagnostics.StrataException;
import dev.strata.sql.Identifiers;
import dev.strata.sql.Literals;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ConnectionsTest {

    private static ConnectionSettings settings(String url) {
        return ConnectionSettings.resolve(Optional.of(url), Map.of(), "nobody");
    }

    private static String open(String url) {
        var e = assertThrows(StrataException.class, () -> Connections.open(settings(url)).close());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void aUrlAskingForTheSimpleQueryProtocolIsRefusedBeforeConnecting() {
        // The simple protocol would let one message carry several statements.
        String message = open("jdbc:postgresql://127.0.0.1:1/db?user=app&preferQueryMode=simple");

        assertTrue(message.contains("preferQueryMode=simple") && message.contains("extended protocol"), message);
    }

    @Test
    void connectionsUseTheExtendedProtocolWhateverTheUrlSays() throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase();
                var c = Connections.open(settings(db.jdbcUrl() + "?user=" + db.user() + "&password=" + db.password()
                        + "&preferQueryMode=extended"))) {
            assertEquals("extended", c.unwrap(org.postgresql.PGConnection.class).getPreferQueryMode().value());
        }
    }

    @Test
    void opensAWorkingConnection() throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(); var c = Connections.open(settings(db.postgresUrl()));
                var rs = c.createStatement().executeQuery("select current_database()")) {
            rs.next();
            assertEquals(db.name(), rs.getString(1));
        }
    }

    @Test
    void closedPortSaysConnectionRefusedAndNeverShowsThePassword() throws IOException {
        int port = freePort();
        String message = open("postgres://u:Sw0rdfish@localhost:" + port + "/d");
        assertEquals("cannot connect to localhost:" + port + ": connection refused — is PostgreSQL running there?"
                + " check --url or PGHOST/PGPORT", message);
    }

    @Test
    void unknownHostIsNamed() {
        String message = open("postgres://u:Sw0rdfish@no-such-host.invalid:5432/d");
        assertTrue(message.contains("unknown host no-such-host.invalid"), message);
        assertFalse(message.contains("Sw0rdfish"), message);
    }

    @Test
    void missingDatabaseIsNamed() {
        try (TestDatabase db = TestPostgres.newDatabase()) {
            String message = open("postgres://" + db.user() + "@" + db.host() + ":" + db.port() + "/no_such_db");
            assertTrue(message.contains("database no_such_db does not exist"), message);
            assertTrue(message.contains("check the database name in --url or PGDATABASE"), message);
        }
    }

    @Test
    void unknownRoleAsksToCheckUserAndPassword() {
        try (TestDatabase db = TestPostgres.newDatabase()) {
            String message = open("postgres://no_such_role:Sw0rdfish@" + db.host() + ":" + db.port() + "/" + db.name());
            assertTrue(message.contains("check the user name and password"), message);
            assertTrue(message.contains("no_such_role"), message);
            assertFalse(message.contains("Sw0rdfish"), message);
        }
    }

    @Test
    void missingConnectPrivilegeIsExplained() {
        try (TestDatabase db = TestPostgres.newDatabase()) {
            String role = db.name() + "_noconnect";
            db.execute("CREATE ROLE " + Identifiers.quote(role) + " LOGIN",
                    "REVOKE CONNECT ON DATABASE " + Identifiers.quote(db.name()) + " FROM PUBLIC");
            try {
                String message = open("postgres://" + role + "@" + db.host() + ":" + db.port() + "/" + db.name());
                assertTrue(message.contains("role " + role + " needs the CONNECT privilege on database " + db.name()),
                        message);
            } finally {
                db.execute("DROP ROLE " + Identifiers.quote(role));
            }
        }
    }

    /**
     * The embedded servers trust every local connection; this test makes the server demand a
     * password for one role of its own by prepending lines to pg_hba.conf, and skips itself where
     * that file is not writable (an external server).
     */
    @Test
    void wrongOrMissingPasswordIsExplainedWithoutShowingIt() throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase()) {
            Path hba = Path.of(db.query("SHOW hba_file").get(0).get(0));
            assumeTrue(Files.isWritable(hba), "pg_hba.conf is not writable here");
            String role = db.name() + "_pw";
            db.execute("CREATE ROLE " + Identifiers.quote(role) + " LOGIN PASSWORD " + Literals.quote("R1ght-pw"));
            String original = Files.readString(hba);
            Files.writeString(hba, String.join("\n", List.of(
                    "host all " + role + " 127.0.0.1/32 scram-sha-256",
                    "host all " + role + " ::1/128 scram-sha-256", original)));
            db.execute("SELECT pg_reload_conf()");
            try {
                String base = "@" + db.host() + ":" + db.port() + "/" + db.name();
                Connections.open(settings("postgres://" + role + ":R1ght-pw" + base)).close();

                String wrong = open("postgres://" + role + ":Wr0ng-pw" + base);
                assertTrue(wrong.contains("check the user name and password"), wrong);
                assertFalse(wrong.contains("Wr0ng-pw"), wrong);

                String missing = open("postgres://" + role + base);
                assertTrue(missing.contains("the server asks for a password and none was given"), missing);
            } finally {
                Files.writeString(hba, original);
                db.execute("SELECT pg_reload_conf()", "DROP ROLE " + Identifiers.quote(role));
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
