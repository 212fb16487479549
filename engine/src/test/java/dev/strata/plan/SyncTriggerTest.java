package dev.strata.plan;

import dev.strata.model.QualifiedName;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyncTriggerTest {

    private static final QualifiedName USERS = QualifiedName.of("public", "Users");

    private static TestDatabase usersWithBothColumns(int major) {
        TestDatabase db = TestPostgres.newDatabase(major);
        db.execute("CREATE TABLE \"Users\" (id bigint PRIMARY KEY, \"user name\" text, handle text)");
        SyncTrigger.rename(USERS, "user name", "handle").createStatements().forEach(s -> db.execute(s.sql()));
        return db;
    }

    @ParameterizedTest
    @ValueSource(ints = {TestPostgres.OLDEST_MAJOR, TestPostgres.NEWEST_MAJOR})
    void renameTriggerFillsTheNewColumnForAnOldWriter(int major) {
        try (var db = usersWithBothColumns(major)) {
            db.execute("INSERT INTO \"Users\" (id, \"user name\") VALUES (1, 'ada')");
            db.execute("UPDATE \"Users\" SET \"user name\" = 'ada2' WHERE id = 1");
            assertEquals(List.of(List.of("ada2", "ada2")), db.query("SELECT \"user name\", handle FROM \"Users\""));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {TestPostgres.OLDEST_MAJOR, TestPostgres.NEWEST_MAJOR})
    void renameTriggerFillsTheOldColumnForANewWriter(int major) {
        try (var db = usersWithBothColumns(major)) {
            db.execute("INSERT INTO \"Users\" (id, handle) VALUES (1, 'bob')");
            db.execute("UPDATE \"Users\" SET handle = 'bob2' WHERE id = 1");
            assertEquals(List.of(List.of("bob2", "bob2")), db.query("SELECT \"user name\", handle FROM \"Users\""));
        }
    }

    @Test
    void aStatementThatWritesBothColumnsKeepsWhatItWrote() {
        try (var db = usersWithBothColumns(TestPostgres.NEWEST_MAJOR)) {
            db.execute("INSERT INTO \"Users\" (id, \"user name\", handle) VALUES (1, 'a', 'a')");
            db.execute("UPDATE \"Users\" SET \"user name\" = 'x', handle = 'x' WHERE id = 1");
            assertEquals(List.of(List.of("x", "x")), db.query("SELECT \"user name\", handle FROM \"Users\""));
        }
    }

    @Test
    void anUpdateOfAnotherColumnLeavesBothAlone() {
        try (var db = usersWithBothColumns(TestPostgres.NEWEST_MAJOR)) {
            db.execute("ALTER TABLE \"Users\" ADD COLUMN email text");
            db.execute("INSERT INTO \"Users\" (id, \"user name\") VALUES (1, 'a')");
            db.execute("UPDATE \"Users\" SET email = 'a@example.com' WHERE id = 1");
            assertEquals(List.of(List.of("a", "a")), db.query("SELECT \"user name\", handle FROM \"Users\""));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {TestPostgres.OLDEST_MAJOR, TestPostgres.NEWEST_MAJOR})
    void deriveTriggerComputesTheNewTypeFromTheOldColumn(int major) {
        try (var db = TestPostgres.newDatabase(major)) {
            QualifiedName t = QualifiedName.of("public", "prices");
            db.execute("CREATE TABLE prices (id int PRIMARY KEY, amount text, amount__strata_new numeric(10,2))");
            SyncTrigger.derive(t, List.of("amount"), "amount__strata_new", "amount::numeric(10,2)")
                    .createStatements().forEach(s -> db.execute(s.sql()));
            db.execute("INSERT INTO prices (id, amount) VALUES (1, '12.50')");
            db.execute("UPDATE prices SET amount = '13.75' WHERE id = 1");
            assertEquals(List.of(List.of("13.75", "13.75")), db.query("SELECT amount, amount__strata_new FROM prices"));
        }
    }

    @Test
    void deriveTriggerNeverOverwritesAValueTheStatementWroteItself() {
        try (var db = TestPostgres.newDatabase()) {
            QualifiedName t = QualifiedName.of("public", "people");
            db.execute("CREATE TABLE people (id int PRIMARY KEY, name text, first_name text)");
            SyncTrigger.derive(t, List.of("name"), "first_name", "split_part(name, ' ', 1)")
                    .createStatements().forEach(s -> db.execute(s.sql()));
            db.execute("INSERT INTO people (id, name, first_name) VALUES (1, 'Ada Lovelace', 'Augusta')");
            db.execute("UPDATE people SET name = 'Ada King', first_name = 'Ada' WHERE id = 1");
            assertEquals(List.of(List.of("Ada")), db.query("SELECT first_name FROM people"));
        }
    }

    @Test
    void creatingTheTriggerTwiceIsHarmless() {
        try (var db = usersWithBothColumns(TestPostgres.NEWEST_MAJOR)) {
            SyncTrigger.rename(USERS, "user name", "handle").createStatements().forEach(s -> db.execute(s.sql()));
            assertEquals("1", db.query("SELECT count(*) FROM pg_trigger WHERE tgrelid = '\"Users\"'::regclass AND NOT tgisinternal").get(0).get(0));
        }
    }

    @Test
    void dropStatementsRemoveTriggerAndFunctionAndMayRunAgain() {
        try (var db = usersWithBothColumns(TestPostgres.NEWEST_MAJOR)) {
            var trigger = SyncTrigger.rename(USERS, "user name", "handle");
            trigger.dropStatements().forEach(s -> db.execute(s.sql()));
            trigger.dropStatements().forEach(s -> db.execute(s.sql()));
            assertEquals("0", db.query("SELECT count(*) FROM pg_proc WHERE proname LIKE 'strata_sync_%'").get(0).get(0));
        }
    }

    @Test
    void longNamesAreShortenedToFitPostgresIdentifiers() {
        String longColumn = "c".repeat(60);
        String name = SyncTrigger.nameFor(QualifiedName.of("public", "t".repeat(40)), longColumn);
        assertTrue(name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 63, name);
        assertTrue(name.startsWith("strata_sync_"));
    }
}
