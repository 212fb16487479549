package dev.strata.plan.recipe;

import dev.strata.model.QualifiedName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HelperNamesTest {

    @Test
    void shortNamesAreTableColumnAndSuffix() {
        assertEquals("users_email_strata_nn", HelperNames.of(QualifiedName.of("public", "users"), "email", "strata_nn"));
    }

    @Test
    void longNamesAreCutToSixtyThreeBytesAndStayDistinct() {
        QualifiedName table = QualifiedName.of("public", "a_table_with_a_rather_long_name_that_goes_on");
        String a = HelperNames.of(table, "first_column_with_a_long_name_too", "strata_nn");
        String b = HelperNames.of(table, "first_column_with_a_long_name_tooo", "strata_nn");
        assertTrue(a.getBytes(StandardCharsets.UTF_8).length <= 63, a);
        assertTrue(a.endsWith("_strata_nn"), a);
        assertNotEquals(a, b);
    }

    @Test
    void multiByteNamesAreCutOnCharacterBoundaries() {
        String name = HelperNames.of(QualifiedName.of("public", "ü".repeat(40)), "ö".repeat(10), "not_null");
        assertTrue(name.getBytes(StandardCharsets.UTF_8).length <= 63, name);
        assertTrue(name.startsWith("üü") && name.endsWith("_not_null"), name);
    }
}
