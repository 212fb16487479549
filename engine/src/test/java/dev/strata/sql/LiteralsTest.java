package dev.strata.sql;

import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LiteralsTest {

    @Test
    void aValueWithoutBackslashIsAPlainLiteral() {
        assertEquals("'it''s'", Literals.quote("it's"));
    }

    @Test
    void aValueWithABackslashIsAnEscapeStringWithTheBackslashDoubled() {
        assertEquals("E'a\\\\b'", Literals.quote("a\\b"));
        assertEquals("E'\\\\''; DROP TABLE victim; --'", Literals.quote("\\'; DROP TABLE victim; --"));
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void theServerReadsTheValueBackExactlyWhateverStandardConformingStrings(int major) {
        List<String> values = List.of("plain", "it's", "\\'; DROP TABLE victim; --", "a\\b\\\\c\\", "\\", "ünï\ncode\r\t'");
        try (var db = TestPostgres.newDatabase(major)) {
            for (String setting : List.of("on", "off")) {
                for (String value : values) {
                    String sql = "SET standard_conforming_strings = " + setting + "; SELECT " + Literals.quote(value);
                    try (var c = db.connect(); var st = c.createStatement()) {
                        st.execute(sql);
                        st.getMoreResults();
                        try (var rs = st.getResultSet()) {
                            rs.next();
                            assertEquals(value, rs.getString(1), setting + ": " + Literals.quote(value));
                        }
                    } catch (java.sql.SQLException e) {
                        throw new AssertionError(setting + ": " + Literals.quote(value) + ": " + e.getMessage(), e);
                    }
                }
            }
        }
    }

    @Test
    void aBodyEndingInTheStartOfTheTagGetsAnotherTag() {
        assertEquals("$strata1$x$strata$strata1$", Literals.dollarQuoted("x$strata"));
        assertEquals("$strata$x$strata$", Literals.dollarQuoted("x"));
    }
}
