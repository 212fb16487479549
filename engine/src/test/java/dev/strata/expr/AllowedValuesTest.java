package dev.strata.expr;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AllowedValuesTest {

    @Test
    void aCheckThatListsAColumnsValuesGivesThem() {
        assertEquals(Optional.of(List.of("new", "paid")), AllowedValues.of("state IN ('new', 'paid')", "state"));
        assertEquals(Optional.of(List.of("a", "it's")), AllowedValues.of(
                "(\"Select\" = ANY (ARRAY['a'::text, 'it''s'::text]))", "Select"), "as PostgreSQL prints it");
        assertEquals(Optional.of(List.of("x")), AllowedValues.of("qty > 0 AND kind IN ('x')", "kind"), "a term of an AND");
        assertEquals(Optional.of(List.of("1", "2.5")), AllowedValues.of("n IN (1, 2.5)", "n"));
    }

    @Test
    void anythingElseGivesNothing() {
        assertEquals(Optional.empty(), AllowedValues.of("state NOT IN ('new')", "state"));
        assertEquals(Optional.empty(), AllowedValues.of("state IN ('new') OR other IS NULL", "state"));
        assertEquals(Optional.empty(), AllowedValues.of("state IN ('new')", "other"));
        assertEquals(Optional.empty(), AllowedValues.of("n IN (1, m)", "n"));
        assertEquals(Optional.empty(), AllowedValues.of("state IN ('new'", "state"));
    }
}
