package dev.strata.plan.recipe;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VolatilityTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "0", "'new'", "'x'::text", "now()", "CURRENT_TIMESTAMP", "current_date", "LOCALTIMESTAMP",
            "lower('ABC')", "coalesce(NULL, 1)", "'{}'::jsonb", "(1 + 2) * 3", "'a'::character varying(20)",
            "CAST('1.5' AS numeric(10,2))", "1 IN (1, 2)", "NOT (true)", "'nextval(x)'", "pg_catalog.now()",
            "$$random()$$", "E'it\\'s random()'", "\"lower\"('A')", "timestamp '2020-01-01'", "ARRAY[1, 2]",
            "'2020-01-01'::timestamp(3) without time zone"})
    void expressionsCallingOnlyKnownStableFunctionsAreNonVolatile(String sql) {
        assertTrue(Volatility.isNonVolatile(sql), sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "gen_random_uuid()", "random()", "clock_timestamp()", "nextval('t_id_seq'::regclass)",
            "my_function()", "public.lower('A')", "lower(random()::text)", "coalesce(NULL, uuid_generate_v4())",
            "timeofday ()", "\"my fn\"(1)"})
    void anyOtherFunctionCallIsVolatile(String sql) {
        assertFalse(Volatility.isNonVolatile(sql), sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // The server folds only A-Z: MA\u212AE_DATE (a Kelvin sign) names some other function, not make_date.
            "ma\u212Ae_date(2020, 1, 1)",
            // A carriage return ends a -- comment on the server, so random() is read.
            "1 -- note\r+ random()",
            // A comment between a function's name and its parenthesis leaves it a call.
            "random/**/()"})
    void callsTheServerReadsAreCallsHereToo(String sql) {
        assertFalse(Volatility.isNonVolatile(sql), sql);
    }

    @Test
    void blockCommentsNestAsOnTheServer() {
        assertTrue(Volatility.isNonVolatile("now() /* /* */ random() */"));
    }
}
