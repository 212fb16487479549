package dev.strata.catalog;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PureHelpersTest {

    @Test
    void serverVersionDecodesServerVersionNum() {
        assertEquals(new ServerVersion(18, 1), ServerVersion.parse(180001));
        assertEquals("14.20", ServerVersion.parse(140020).toString());
        assertEquals(new ServerVersion(9, 6), ServerVersion.parse(90624));
        assertTrue(ServerVersion.parse(150000).atLeast(15));
        assertFalse(ServerVersion.parse(140020).atLeast(15));
    }

    @Test
    void onlyParenthesesWrappingTheWholeExpressionAreStripped() {
        assertEquals("a > 0", SqlText.stripOuterParentheses("(a > 0)"));
        assertEquals("(a > 0) AND (b > 0)", SqlText.stripOuterParentheses("((a > 0) AND (b > 0))"));
        assertEquals("(a > 0) AND (b > 0)", SqlText.stripOuterParentheses("(a > 0) AND (b > 0)"));
        assertEquals("lower(name)", SqlText.stripOuterParentheses("lower(name)"));
        assertEquals("b <> ')'::text", SqlText.stripOuterParentheses("(b <> ')'::text)"));
        assertEquals("(a) = ')'", SqlText.stripOuterParentheses("(a) = ')'"));
    }

    @Test
    void viewDefinitionLosesIndentationAndSemicolon() {
        assertEquals("SELECT 1 AS one", SqlText.viewDefinition(" SELECT 1 AS one;\n"));
    }

    @Test
    void viewsFollowTheViewsTheyReadThenNameOrder() {
        var order = ViewOrder.order(Map.of(
                "a", Set.of("c"),
                "b", Set.of(),
                "c", Set.of("d", "elsewhere"),
                "d", Set.of()));

        assertEquals(List.of("b", "d", "c", "a"), order);
    }
}
