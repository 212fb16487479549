package dev.strata.plan;

import dev.strata.model.DataType;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which default conversions the plan reports as possibly losing values: only those that keep every value are silent. */
class TypeChangesTest {

    private static DataType t(String name, Integer... modifiers) {
        return DataType.builtin(name, modifiers);
    }

    private static Optional<String> fit(DataType from, DataType to) {
        return TypeChanges.mayNotFit(from, to);
    }

    @Test
    void wideningConversionsKeepEveryValue() {
        assertEquals(Optional.empty(), fit(t("integer"), t("bigint")));
        assertEquals(Optional.empty(), fit(t("smallint"), t("integer")));
        assertEquals(Optional.empty(), fit(t("integer"), t("numeric")));
        assertEquals(Optional.empty(), fit(t("integer"), t("numeric", 12, 2)));
        assertEquals(Optional.empty(), fit(t("integer"), t("double precision")));
        assertEquals(Optional.empty(), fit(t("real"), t("double precision")));
        assertEquals(Optional.empty(), fit(t("numeric", 10, 2), t("numeric", 12, 3)));
        assertEquals(Optional.empty(), fit(t("character", 5), t("character varying", 10)));
        assertEquals(Optional.empty(), fit(t("date"), t("timestamp without time zone")));
        assertEquals(Optional.empty(), fit(t("integer"), t("text")));
        assertEquals(Optional.empty(), fit(DataType.userDefined("public", "mood"), t("text")));
        assertEquals(Optional.empty(), fit(t("integer").asArray(), t("bigint").asArray()));
    }

    @Test
    void narrowingConversionsSayWhichValuesDoNotFit() {
        assertEquals(Optional.of("values longer than 64 characters do not fit"), fit(t("text"), t("character varying", 64)));
        assertEquals(Optional.of("values longer than 3 characters do not fit"),
                fit(t("text").asArray(), t("character varying", 3).asArray()));
        assertEquals(Optional.of("digits beyond 1 decimal place would be rounded"), fit(t("numeric", 10, 3), t("numeric", 10, 1)));
        assertEquals(Optional.of("values with more than 3 digits before the decimal point do not fit"),
                fit(t("numeric", 10, 2), t("numeric", 5, 2)));
        assertEquals(Optional.of("values outside the range of integer do not fit"), fit(t("bigint"), t("integer")));
        assertEquals(Optional.of("fractional seconds beyond 0 digits would be rounded"),
                fit(t("timestamp without time zone", 6), t("timestamp without time zone", 0)));
        assertEquals(Optional.of("trailing spaces are not kept by character(10)"),
                fit(t("character varying", 5), t("character", 10)));
        assertEquals(Optional.of("values longer than 10 characters do not fit, and trailing spaces are not kept by character(10)"),
                fit(t("text"), t("character", 10)));
        assertTrue(fit(t("double precision"), t("integer")).orElseThrow().startsWith("fractions would be rounded"));
        assertTrue(fit(t("numeric"), t("bigint")).orElseThrow().startsWith("fractions would be rounded"));
        assertTrue(fit(t("bigint"), t("double precision")).orElseThrow().contains("would be rounded"));
        assertTrue(fit(t("timestamp with time zone"), t("timestamp without time zone")).orElseThrow().contains("TimeZone"));
    }

    @Test
    void parsingTextIsReportedBecauseOtherSpellingsDoNotConvertBack() {
        assertTrue(fit(t("text"), t("integer")).orElseThrow().contains("'007' would become 7"));
        assertTrue(fit(t("text"), t("jsonb")).orElseThrow().contains("using:"));
    }

    @Test
    void unknownPairsAreReportedNeverAssumedSafe() {
        assertEquals(Optional.of("not every value of uuid is known to convert to bytea and back unchanged"), fit(t("uuid"), t("bytea")));
        assertTrue(fit(t("integer"), DataType.userDefined("public", "mood")).isPresent());
        assertTrue(fit(t("integer"), t("integer").asArray()).isPresent());
    }
}
