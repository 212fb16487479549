package dev.strata.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ColumnReferencesTest {

    @Test
    void bareAndQuotedReferencesAreFound() {
        assertTrue(ColumnReferences.mentions("length(username) > 2", "username"));
        assertTrue(ColumnReferences.mentions("\"UserName\" IS NOT NULL", "UserName"));
        assertTrue(ColumnReferences.mentions("USERNAME <> ''", "username"));
    }

    @Test
    void literalsFunctionNamesAndCastTypesAreNotReferences() {
        assertFalse(ColumnReferences.mentions("x = 'username'", "username"));
        assertFalse(ColumnReferences.mentions("lower (x) = ''", "lower"));
        assertFalse(ColumnReferences.mentions("x::text", "text"));
        assertFalse(ColumnReferences.mentions("x = $$ username $$", "username"));
    }

    @Test
    void stringsEndWhereTheServerEndsThemSoARenameNeverLandsInsideOne() {
        // E'\'' is one string holding a quote; a scanner without escape strings read on into 'col' and
        // renamed the word there, putting the new name's quote inside the server's string.
        assertEquals("\"it's\" <> E'\\'' AND x <> 'col'",
                ColumnReferences.rename("col <> E'\\'' AND x <> 'col'", Map.of("col", "it's")));
        assertEquals("\"it's\" <> x$$ AND x <> $$col$$",
                ColumnReferences.rename("col <> x$$ AND x <> $$col$$", Map.of("col", "it's")));
        assertFalse(ColumnReferences.mentions("x <> B'0''col'", "col"));
    }

    @Test
    void onlyAsciiLettersOfABareNameFoldAsOnTheServer() {
        // PostgreSQL in UTF8 folds A-Z only: bare ÄRA is the column "Ära", not "ära" (Java's toLowerCase said "ära").
        assertTrue(ColumnReferences.mentions("ÄRA > 0", "Ära"));
        assertFalse(ColumnReferences.mentions("ÄRA > 0", "ära"));
        assertEquals("year > 0", ColumnReferences.rename("ÄRA > 0", Map.of("Ära", "year")));
    }

    @Test
    void renameRewritesOnlyReferences() {
        assertEquals("length(handle) > 2 AND handle <> 'username'",
                ColumnReferences.rename("length(username) > 2 AND username <> 'username'",
                        Map.of("username", "handle")));
        assertEquals("\"Handle\" IS NOT NULL", ColumnReferences.rename("\"old\" IS NOT NULL", Map.of("old", "Handle")));
    }
}
