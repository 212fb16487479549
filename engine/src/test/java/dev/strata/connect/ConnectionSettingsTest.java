package dev.strata.connect;

import dev.strata.diagnostics.StrataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionSettingsTest {

    private static final Map<String, String> NO_ENV = Map.of();

    private static ConnectionSettings url(String url) {
        return ConnectionSettings.resolve(Optional.of(url), NO_ENV, "osuser");
    }

    private static ConnectionSettings url(String url, Map<String, String> env) {
        return ConnectionSettings.resolve(Optional.of(url), env, "osuser");
    }

    @Test
    void libpqUrlGivesEveryPart() {
        var s = url("postgres://alice:s3cret@db.example.com:6543/shop?sslmode=require");
        assertEquals("db.example.com", s.host());
        assertEquals(6543, s.port());
        assertEquals("shop", s.database());
        assertEquals("alice", s.user());
        assertEquals("s3cret", s.properties().getProperty("password"));
        assertEquals("require", s.parameters().get("sslmode"));
    }

    @Test
    void postgresqlSchemeIsAcceptedToo() {
        assertEquals("shop", url("postgresql://alice@h/shop").database());
    }

    @Test
    void libpqUrlPartsArePercentDecoded() {
        var s = url("postgres://al%40ice:p%3Ass%2Fw%C3%B6rd@h/my%20db");
        assertEquals("al@ice", s.user());
        assertEquals("p:ss/wörd", s.properties().getProperty("password"));
        assertEquals("my db", s.database());
    }

    @Test
    void plusSignInAPasswordStaysAPlusSign() {
        assertEquals("a+b", url("postgres://u:a+b@h/d").properties().getProperty("password"));
    }

    @Test
    void unencodedAtSignInPasswordIsKept() {
        var s = url("postgres://u:p@ss@h/d");
        assertEquals("p@ss", s.properties().getProperty("password"));
        assertEquals("h", s.host());
    }

    @Test
    void bracketedIpv6HostWithPort() {
        var s = url("postgres://u@[::1]:5433/d");
        assertEquals("::1", s.host());
        assertEquals(5433, s.port());
        assertEquals("jdbc:postgresql://[::1]:5433/d", s.jdbcUrl());
        assertEquals("postgres://u@[::1]:5433/d", s.redacted());
    }

    @Test
    void bracketedIpv6HostWithoutPortUsesDefaultPort() {
        var s = url("postgres://u@[fe80::1]/d");
        assertEquals("fe80::1", s.host());
        assertEquals(5432, s.port());
    }

    @Test
    void jdbcUrlTakesUserPasswordAndParametersFromTheQuery() {
        var s = url("jdbc:postgresql://h:5433/d?user=bob&password=hunter2&sslmode=verify-full&ApplicationName=x");
        assertEquals("bob", s.user());
        assertEquals("hunter2", s.properties().getProperty("password"));
        assertEquals("verify-full", s.parameters().get("sslmode"));
        // The application name travels apart, to be marked as Strata's: left in the URL, it would win over that.
        assertEquals("jdbc:postgresql://h:5433/d?sslmode=verify-full", s.jdbcUrl());
        assertEquals(Optional.of("x"), s.applicationName());
    }

    @Test
    void missingPartsComeFromTheEnvironment() {
        var env = Map.of("PGHOST", "envhost", "PGPORT", "7777", "PGUSER", "envuser", "PGPASSWORD", "envpw",
                "PGDATABASE", "envdb", "PGSSLMODE", "disable");
        var s = url("postgres:///", env);
        assertEquals("envhost", s.host());
        assertEquals(7777, s.port());
        assertEquals("envuser", s.user());
        assertEquals("envpw", s.properties().getProperty("password"));
        assertEquals("envdb", s.database());
        assertEquals("disable", s.parameters().get("sslmode"));
    }

    @Test
    void urlPartsWinOverTheEnvironment() {
        var env = Map.of("PGHOST", "envhost", "PGPORT", "7777", "PGUSER", "envuser", "PGPASSWORD", "envpw",
                "PGDATABASE", "envdb", "PGSSLMODE", "disable");
        var s = url("postgres://u:pw@h:1234/d?sslmode=require", env);
        assertEquals("postgres://u@h:1234/d", s.redacted());
        assertEquals("pw", s.properties().getProperty("password"));
        assertEquals("require", s.parameters().get("sslmode"));
    }

    @Test
    void withoutUrlEverythingComesFromTheEnvironment() {
        var s = ConnectionSettings.resolve(Optional.empty(),
                Map.of("PGHOST", "envhost", "PGUSER", "envuser", "PGDATABASE", "envdb"), "osuser");
        assertEquals("postgres://envuser@envhost:5432/envdb", s.redacted());
        assertFalse(s.hasPassword());
    }

    @Test
    void withNothingAtAllLibpqDefaultsApply() {
        var s = ConnectionSettings.resolve(Optional.empty(), NO_ENV, "osuser");
        assertEquals("postgres://osuser@localhost:5432/osuser", s.redacted());
    }

    @Test
    void databaseDefaultsToTheUserName() {
        assertEquals("carol", url("postgres://carol@h").database());
    }

    @Test
    void jdbcUrlNeverCarriesUserOrPassword() {
        var s = url("postgres://u:topsecret@h/d?sslmode=require");
        assertEquals("jdbc:postgresql://h:5432/d?sslmode=require", s.jdbcUrl());
        assertEquals("u", s.properties().getProperty("user"));
    }

    @Test
    void databaseNameIsEncodedInTheJdbcUrl() {
        assertEquals("jdbc:postgresql://h:5432/a%20b%2Bc", url("postgres://u@h/a%20b+c").jdbcUrl());
    }

    @Test
    void passwordNeverAppearsInTextualForms() {
        var s = url("postgres://u:Pa55w0rd@h:1/d?sslmode=require");
        assertFalse(s.toString().contains("Pa55w0rd"));
        assertFalse(s.redacted().contains("Pa55w0rd"));
        assertFalse(s.jdbcUrl().contains("Pa55w0rd"));
        assertEquals("postgres://u@h:1/d", s.toString());
    }

    @Test
    void passwordNeverAppearsInParseErrors() {
        // A '/' in the password ends the authority, so the password's tail becomes the "port".
        var e = assertThrows(StrataException.class, () -> url("postgres://u:Xq7/Zk9v@h:1/d"));
        assertFalse(e.getMessage().contains("Xq7"), e.getMessage());
        assertFalse(e.getMessage().contains("Zk9v"), e.getMessage());
    }

    @Test
    void secretParametersGoToPropertiesNotTheUrl() {
        var s = url("jdbc:postgresql://h/d?sslpassword=keypass&sslmode=require");
        assertFalse(s.jdbcUrl().contains("keypass"));
        assertEquals("keypass", s.properties().getProperty("sslpassword"));
    }

    @Test
    void scrubReplacesThePasswordInForeignText() {
        var s = url("postgres://u:zz9plural@h/d");
        assertEquals("driver said *** oops", s.scrub("driver said zz9plural oops"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql://h/d", "localhost:5432", "postgres://u@h:99999/d", "postgres://u@h:x/d",
            "postgres://u@[::1/d", "postgres://u@::1/d", "postgres://u@h1,h2/d", "postgres://u@h/d?sslmode=maybe",
            "postgres://u@h/d?bogus=1", "postgres://u@h/d?novalue", "postgres://u:%zz@h/d",
            "jdbc:postgresql://u:pw@h/d", "  "})
    void malformedUrlGivesOneLineNamingTheAcceptedForms(String bad) {
        var e = assertThrows(StrataException.class, () -> url(bad));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().startsWith("invalid --url: ") || e.getMessage().contains("sslmode"), e.getMessage());
        if (e.getMessage().startsWith("invalid --url: ")) {
            assertTrue(e.getMessage().contains("postgres://USER:PASSWORD@HOST:PORT/DATABASE"), e.getMessage());
            assertTrue(e.getMessage().contains("jdbc:postgresql://HOST:PORT/DATABASE"), e.getMessage());
        }
    }

    @Test
    void invalidSslModeNamesTheAllowedModes() {
        var e = assertThrows(StrataException.class, () -> url("postgres://u@h/d?sslmode=maybe"));
        assertTrue(e.getMessage().contains("disable, allow, prefer, require, verify-ca, verify-full"), e.getMessage());
    }

    @Test
    void invalidPgportIsReported() {
        var e = assertThrows(StrataException.class,
                () -> ConnectionSettings.resolve(Optional.empty(), Map.of("PGPORT", "abc"), "me"));
        assertTrue(e.getMessage().startsWith("PGPORT must be a port number"), e.getMessage());
    }

    @Test
    void unixSocketHostIsRejectedWithAHint() {
        var e = assertThrows(StrataException.class,
                () -> ConnectionSettings.resolve(Optional.empty(), Map.of("PGHOST", "/var/run/postgresql"), "me"));
        assertTrue(e.getMessage().contains("Unix socket"), e.getMessage());
    }
}
