package dev.strata.sql;

import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IdentifiersTest {

    @Test
    void plainLowerCaseNamesStayBare() {
        assertEquals("users", Identifiers.quote("users"));
        assertEquals("_col_1", Identifiers.quote("_col_1"));
    }

    @Test
    void capitalsSpacesQuotesAndKeywordsAreQuoted() {
        assertEquals("\"Users\"", Identifiers.quote("Users"));
        assertEquals("\"first name\"", Identifiers.quote("first name"));
        assertEquals("\"say \"\"hi\"\"\"", Identifiers.quote("say \"hi\""));
        assertEquals("\"select\"", Identifiers.quote("select"));
        assertEquals("\"user\"", Identifiers.quote("user"));
        assertEquals("\"1abc\"", Identifiers.quote("1abc"));
        assertEquals("\"naïve\"", Identifiers.quote("naïve"));
    }

    @Test
    void unreservedKeywordsStayBare() {
        assertEquals("name", Identifiers.quote("name"));
        assertEquals("action", Identifiers.quote("action"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"users", "User", "select", "a\"b", "naïve", "with space", "order", "x$y", "日本"})
    void quotingAgreesWithTheServersQuoteIdent(String name) {
        try (var db = TestPostgres.newDatabase()) {
            String expected = db.query("SELECT quote_ident(" + Literals.quote(name) + ")").get(0).get(0);
            assertEquals(expected, Identifiers.quote(name));
        }
    }
}
