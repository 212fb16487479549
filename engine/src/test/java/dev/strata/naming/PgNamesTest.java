package dev.strata.naming;

import dev.strata.sql.Identifiers;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PgNamesTest {

    @Test
    void shortNamesAreJoinedWithTheLabel() {
        assertEquals("users_email_key", PgNames.makeObjectName("users", Optional.of("email"), "key"));
        assertEquals("users_pkey", PgNames.makeObjectName("users", "pkey"));
    }

    @Test
    void theLongerNameIsTruncatedFirstUntilBothFit() {
        // 63 bytes leave 58 for the names after "_" and "_key": 40 + 30 shrink to 29 + 29.
        assertEquals("a".repeat(29) + "_" + "b".repeat(29) + "_key",
                PgNames.makeObjectName("a".repeat(40), Optional.of("b".repeat(30)), "key"));
    }

    @Test
    void truncationNeverSplitsAMultibyteCharacter() {
        // 57 bytes are left for the name before "_check"; 28 two-byte characters fit, the 29th would not.
        assertEquals("é".repeat(28) + "_check", PgNames.makeObjectName("é".repeat(40), "check"));
    }

    @Test
    void takenNamesAreNumberedOnTheLabel() {
        assertEquals("t_a_check2", PgNames.choose("t", Optional.of("a"), "check", Set.of("t_a_check", "t_a_check1")::contains));
    }

    @Test
    void repeatedIndexColumnNamesGetNumbers() {
        assertEquals(List.of("lower", "lower1", "expr", "expr1", "lower2"),
                PgNames.uniqueColumnNames(List.of("lower", "lower", "expr", "expr", "lower")));
    }

    @Test
    void nameAdditionStopsOnceItReachesNamedatalen() {
        String thirty = "c".repeat(30);
        assertEquals(thirty + "_" + thirty + "_" + thirty, PgNames.nameAddition(List.of(thirty, thirty, thirty, thirty)));
    }

    @Test
    void truncateCutsAtACharacterBoundary() {
        assertEquals("日".repeat(21), PgNames.truncate("日".repeat(30)));
    }

    @ParameterizedTest
    @CsvSource({
            "users, email",
            "a_table_name_that_is_quite_long_indeed_and_longer, a_column_name_that_is_long_too",
            "ñandú_éééééééééééééééééééééééééé, größe_üüüüüüüüüüüüüüüüüüüüüü",
            "日本語のテーブル名前はとても長いです, 列",
            "x, 日本語の列の名前はとても長いですね"})
    void uniqueConstraintNamesMatchTheServer(String table, String column) {
        String twoColumn = column + "2";
        try (var db = TestPostgres.newDatabase()) {
            db.execute("CREATE TABLE " + Identifiers.quote(table) + " (" + Identifiers.quote(column) + " int, "
                    + Identifiers.quote(twoColumn) + " int, UNIQUE (" + Identifiers.quote(column) + "), UNIQUE ("
                    + Identifiers.quote(column) + ", " + Identifiers.quote(twoColumn) + "))");
            var names = db.query("SELECT conname FROM pg_constraint WHERE contype = 'u' AND connamespace = 'public'::regnamespace ORDER BY oid")
                    .stream().map(r -> r.get(0)).toList();
            assertEquals(List.of(
                            PgNames.makeObjectName(table, Optional.of(PgNames.nameAddition(List.of(column))), "key"),
                            PgNames.choose(table, Optional.of(PgNames.nameAddition(List.of(column, twoColumn))), "key",
                                    Set.of(names.get(0))::contains)),
                    names);
        }
    }
}
