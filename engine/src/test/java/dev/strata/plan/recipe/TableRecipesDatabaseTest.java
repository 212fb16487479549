package dev.strata.plan.recipe;

import dev.strata.model.Column;
import dev.strata.model.Deferrability;
import dev.strata.model.ForeignKey;
import dev.strata.model.Identity;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.PrimaryKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Sequence;
import dev.strata.model.SequenceOptions;
import dev.strata.model.Table;
import dev.strata.plan.DdlStep;
import dev.strata.plan.Phase;
import dev.strata.plan.Plan;
import dev.strata.testing.StepRunner;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.strata.testing.TestCatalogs.*;
import static dev.strata.plan.recipe.RecipeTesting.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Table recipes against real PostgreSQL 14 and 18, with rows present. */
class TableRecipesDatabaseTest {

    private static final QualifiedName USERS = QualifiedName.of("public", "users");

    /** users(id bigint identity primary key, name text not null default 'anon'). */
    private static Table users() {
        return Table.of("users", List.of(
                        Column.of("id", BIGINT).withNullable(false)
                                .withIdentity(Optional.of(new Identity(Identity.Generation.BY_DEFAULT, SequenceOptions.defaultsFor(BIGINT)))),
                        Column.of("name", TEXT).withNullable(false).withDefault(Optional.of("'anon'::text"))))
                .withPrimaryKey(Optional.of(new PrimaryKey("users_pkey", List.of("id"))));
    }

    private static Table orders() {
        return Table.of("orders", List.of(
                        Column.of("id", BIGINT).withNullable(false).withDefault(Optional.of("nextval('public.orders_id_seq'::regclass)")),
                        Column.of("user_id", BIGINT).withComment(Optional.of("who ordered"))))
                .withPrimaryKey(Optional.of(new PrimaryKey("orders_pkey", List.of("id"))))
                .withForeignKeys(List.of(new ForeignKey("orders_user_fk", List.of("user_id"), USERS, List.of("id"),
                        ForeignKey.Action.CASCADE, ForeignKey.Action.NO_ACTION, ForeignKey.Match.SIMPLE, Deferrability.NOT_DEFERRABLE)))
                .withIndexes(List.of(index("orders_user_idx", false, "user_id")))
                .withComment(Optional.of("what users bought"));
    }

    private static Sequence ordersIdSeq() {
        return new Sequence("orders_id_seq", BIGINT, SequenceOptions.defaultsFor(BIGINT),
                Optional.of(new Sequence.OwnedBy("orders", "id")), Optional.empty());
    }

    private static void withUsers(TestDatabase db) {
        build(db, catalog(users()), "INSERT INTO users (name) VALUES ('ann'), ('bob'), ('cy')");
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void newTableWithSerialKeyForeignKeyIndexAndCommentsConverges(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            withUsers(db);
            var desired = catalog(pub().withSequences(List.of(ordersIdSeq())).withTables(List.of(orders(), users())));

            runAndConverge(db, desired);

            db.execute("INSERT INTO orders (user_id) VALUES (1), (2)");
            assertEquals(List.of(List.of("1", "1"), List.of("2", "2")), db.query("SELECT id, user_id FROM orders ORDER BY id"));
            assertThrows(IllegalStateException.class, () -> db.execute("INSERT INTO orders (user_id) VALUES (99)"),
                    "the foreign key is in place");
            assertEquals(List.of(List.of("3")), db.query("SELECT count(*) FROM users"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void newTableExpandIsUndoneByItsInverses(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            withUsers(db);
            assertExpandReverses(db, catalog(pub().withSequences(List.of(ordersIdSeq())).withTables(List.of(orders(), users()))));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void droppedTableIsKeptInTheArchiveWithEveryRowAndItsInverseBringsItBackWithItsForeignKey(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            var current = catalog(pub().withSequences(List.of(ordersIdSeq())).withTables(List.of(orders(), users())));
            build(db, current, "INSERT INTO users (name) VALUES ('ann'), ('bob')", "INSERT INTO orders (user_id) VALUES (1), (1), (2)");
            String checksum = "SELECT md5(string_agg(o::text, ',' ORDER BY id)) FROM %s o";
            List<List<String>> before = db.query(checksum.formatted("public.orders"));

            Plan plan = runAndConverge(db, catalog(users()));

            DdlStep drop = plan.steps(Phase.CONTRACT).stream().map(s -> (DdlStep) s)
                    .filter(s -> s.summary().startsWith("drop table public.orders")).findFirst().orElseThrow();
            assertEquals(Optional.empty(), drop.dataLoss(), "a retained drop destroys nothing");
            assertTrue(drop.summary().endsWith("recoverable until purged)"), drop.summary());
            assertEquals(List.of(), db.query("SELECT 1 FROM pg_class WHERE relnamespace = 'public'::regnamespace"
                    + " AND relname IN ('orders', 'orders_id_seq')"));
            List<List<String>> archived = db.query("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = 'strata_archive' AND c.relkind = 'r'");
            assertEquals(1, archived.size());
            String archivedName = archived.get(0).get(0);
            assertTrue(archivedName.startsWith("public.orders~"), archivedName);
            String inArchive = "strata_archive.\"" + archivedName + "\"";
            assertEquals(before, db.query(checksum.formatted(inArchive)), "every row is kept");
            db.execute("DELETE FROM users WHERE id = 2");
            assertEquals(List.of(List.of("3")), db.query("SELECT count(*) FROM " + inArchive),
                    "the archived rows neither block nor follow deletes in a live table");
            assertEquals(List.of(List.of("1")), db.query("SELECT count(*) FROM users"));
            assertEquals(List.of(), db.query("SELECT 1 FROM pg_class WHERE relname = 'orders_id_seq'"
                    + " AND relnamespace = 'public'::regnamespace"), "the owned sequence moved with its table");

            db.execute("INSERT INTO users (id, name) VALUES (2, 'bob')");
            drop.inverseSql().orElseThrow().forEach(db::execute);

            assertEquals(before, db.query(checksum.formatted("public.orders")), "every row is back");
            assertEquals(List.of(), db.query("SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = 'strata_archive'"));
            assertThrows(IllegalStateException.class, () -> db.execute("INSERT INTO orders (user_id) VALUES (99)"),
                    "the foreign key is back");
            assertEquals(List.of(List.of("t")), db.query("SELECT convalidated FROM pg_constraint WHERE conname = 'orders_user_fk'"));
            db.execute("INSERT INTO orders (user_id) VALUES (2)");
            assertEquals(List.of(List.of("5")), db.query("SELECT max(id) FROM orders"),
                    "its sequence came back with it (the refused insert took 4)");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void twoDroppedTablesReferencingEachOtherGo(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            var current = catalog(pub().withSequences(List.of(ordersIdSeq())).withTables(List.of(orders(), users())));
            build(db, current, "INSERT INTO users (name) VALUES ('ann')", "INSERT INTO orders (user_id) VALUES (1)");
            runAndConverge(db, catalog(pub()));
            assertEquals(List.of(), db.query("SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace"));
        }
    }

    private static Table people() {
        return users().withName("people").withRenamedFrom(Optional.of("users"));
    }

    /** users with name varchar(n), for a catalog-only type change. */
    private static Table usersWithName(int length) {
        return keyed("users", Column.of("name", dev.strata.model.DataType.builtin("character varying", length)));
    }

    /** PostgreSQL refuses ALTER COLUMN ... TYPE on a column a view reads, and the renamed table's old name is one. */
    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aCatalogOnlyTypeChangeOnATableRenamedInTheSamePlanGoesThroughItsCompatibilityView(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            build(db, catalog(usersWithName(20)), "INSERT INTO users VALUES (1, 'ann')");
            var desired = catalog(usersWithName(30).withName("people").withRenamedFrom(Optional.of("users")));

            Plan plan = planAgainst(db, desired);
            StepRunner.runPhase(db, plan, Phase.EXPAND);
            assertEquals(List.of(List.of("character varying(30)")), db.query("SELECT format_type(atttypid, atttypmod)"
                    + " FROM pg_attribute WHERE attrelid = 'public.users'::regclass AND attname = 'name'"),
                    "the view under the old name shows the new type");
            db.execute("INSERT INTO users VALUES (2, 'bob')");
            StepRunner.runPhase(db, plan, Phase.CONTRACT);
            assertConverged(db, desired);
            assertEquals(List.of(List.of("2")), db.query("SELECT count(*) FROM people"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aCatalogOnlyTypeChangeOnARenamedTableIsUndoneByItsInverses(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            build(db, catalog(usersWithName(20)), "INSERT INTO users VALUES (1, 'ann')");
            assertExpandReverses(db, catalog(usersWithName(30).withName("people").withRenamedFrom(Optional.of("users"))));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void oldApplicationKeepsWorkingThroughTheCompatibilityViewUntilContract(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            withUsers(db);
            Plan plan = planAgainst(db, catalog(people()));
            StepRunner.runPhase(db, plan, Phase.EXPAND);

            // The old application, by the old name: defaults and identity apply, RETURNING works.
            assertEquals(List.of(List.of("4", "anon")), db.query("INSERT INTO users DEFAULT VALUES RETURNING id, name"));
            assertEquals(List.of(List.of("5")), db.query("INSERT INTO users (name) VALUES ('dee') RETURNING id"));
            db.execute("UPDATE users SET name = 'bobby' WHERE id = 2", "DELETE FROM users WHERE id = 3",
                    "INSERT INTO users (id, name) VALUES (1, 'dup') ON CONFLICT (id) DO NOTHING",
                    "INSERT INTO users (id, name) VALUES (5, 'dee2') ON CONFLICT (id) DO UPDATE SET name = excluded.name");
            assertThrows(IllegalStateException.class, () -> db.execute(
                    "INSERT INTO users (id, name) VALUES (1, 'x') ON CONFLICT ON CONSTRAINT users_pkey DO NOTHING"),
                    "documented caveat: a constraint name is not found through the view");
            // The new application, by the new name, sees the same rows.
            assertEquals(List.of(List.of("1", "ann"), List.of("2", "bobby"), List.of("4", "anon"), List.of("5", "dee2")),
                    db.query("SELECT id, name FROM people ORDER BY id"));
            assertEquals(db.query("SELECT id, name FROM people ORDER BY id"), db.query("SELECT id, name FROM users ORDER BY id"));

            StepRunner.runPhase(db, plan, Phase.CONTRACT);
            assertConverged(db, catalog(people()));
            assertThrows(IllegalStateException.class, () -> db.query("SELECT 1 FROM users"), "the old name is gone after CONTRACT");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void renameExpandIsUndoneByItsInverse(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            withUsers(db);
            assertExpandReverses(db, catalog(people()));
            assertEquals(List.of(List.of("3")), db.query("SELECT count(*) FROM users"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void tableCommentConvergesAndReverses(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            withUsers(db);
            var desired = catalog(users().withComment(Optional.of("people who log in")));
            assertExpandReverses(db, desired);
            runAndConverge(db, desired);
        }
    }

    private static Plan planAgainst(TestDatabase db, dev.strata.model.Catalog desired) {
        return dev.strata.plan.Planner.plan(new dev.strata.plan.PlanRequest(pull(db), desired, db.major(), Map.of(), "test",
                List.of(), EQUIVALENT));
    }
}
