package dev.strata.plan.recipe;

import dev.strata.model.Catalog;
import dev.strata.model.CheckConstraint;
import dev.strata.model.Column;
import dev.strata.model.PrimaryKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Table;
import dev.strata.plan.DdlStep;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockMode;
import dev.strata.plan.Plan;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.strata.plan.recipe.RecipeTesting.*;
import static dev.strata.testing.TestCatalogs.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Comments on indexes and constraints: changed, carried by new and replaced ones, kept by renames; PostgreSQL 14 and 18. */
class IndexConstraintCommentRecipesDatabaseTest {

    private static final QualifiedName T = QualifiedName.of("public", "t");
    private static final String QUOTED = "it's the name — ünïcödé ✓";

    /** {@code t(id primary key, name, qty)} with index {@code t_name_idx} and check {@code t_qty_check}, commented as given. */
    private static Table commented(Optional<String> indexComment, Optional<String> checkComment, Optional<String> keyComment) {
        return table(Column.of("qty", INTEGER))
                .withPrimaryKey(Optional.of(new PrimaryKey("t_pkey", List.of("id"), keyComment)))
                .withIndexes(List.of(index("t_name_idx", false, "name").withComment(indexComment)))
                .withChecks(List.of(new CheckConstraint("t_qty_check", "qty >= 0", false, checkComment)));
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aChangedIndexCommentIsOneExpandStepUnderShareUpdateExclusiveOnTheIndexAloneAndConverges(int major)
            throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            build(db, catalog(commented(Optional.of("old"), Optional.empty(), Optional.empty())), "INSERT INTO t VALUES (1, 'a', 1)");
            Catalog desired = catalog(commented(Optional.of(QUOTED), Optional.empty(), Optional.empty()));
            Plan plan = plan(pull(db), desired);
            assertEquals(List.of("set comment on index public.t_name_idx"), plan.changes());
            DdlStep step = ddl(plan, "expand-1");
            assertEquals(List.of("COMMENT ON INDEX public.t_name_idx IS 'it''s the name — ünïcödé ✓'"), step.sql());
            assertEquals(Optional.of(List.of("COMMENT ON INDEX public.t_name_idx IS 'old'")), step.inverseSql());
            assertEquals(List.of(new LockHold(QualifiedName.of("public", "t_name_idx"), LockMode.SHARE_UPDATE_EXCLUSIVE,
                    dev.strata.plan.TableWork.CATALOG_ONLY)), step.locks());

            assertEquals(List.of(List.of("t_name_idx", "ShareUpdateExclusiveLock")), relationLocksWhileOpen(db, step));

            runAndConverge(db, desired);
            assertEquals(List.of(List.of(QUOTED)), db.query("SELECT obj_description('public.t_name_idx'::regclass, 'pg_class')"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aChangedConstraintCommentIsOneExpandStepUnderAccessShareOnTheTableAndConverges(int major)
            throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            build(db, catalog(commented(Optional.empty(), Optional.of("old"), Optional.empty())), "INSERT INTO t VALUES (1, 'a', 1)");
            Catalog desired = catalog(commented(Optional.empty(), Optional.of(QUOTED), Optional.empty()));
            Plan plan = plan(pull(db), desired);
            assertEquals(List.of("set comment on constraint t_qty_check on public.t"), plan.changes());
            DdlStep step = ddl(plan, "expand-1");
            assertEquals(List.of("COMMENT ON CONSTRAINT t_qty_check ON public.t IS 'it''s the name — ünïcödé ✓'"), step.sql());
            assertEquals(Optional.of(List.of("COMMENT ON CONSTRAINT t_qty_check ON public.t IS 'old'")), step.inverseSql());
            assertEquals(List.of(new LockHold(T, LockMode.ACCESS_SHARE, dev.strata.plan.TableWork.CATALOG_ONLY)), step.locks());

            assertEquals(List.of(List.of("constraint t_qty_check", "ShareUpdateExclusiveLock"), List.of("t", "AccessShareLock")),
                    relationLocksWhileOpen(db, step));

            runAndConverge(db, desired);
            assertEquals(List.of(List.of(QUOTED)), db.query("SELECT obj_description(oid, 'pg_constraint') FROM pg_constraint"
                    + " WHERE conname = 't_qty_check'"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void removedCommentsAreSetToNullAndTheExpandStepsReverse(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            build(db, catalog(commented(Optional.of("i"), Optional.of("c"), Optional.of("k"))));
            Catalog desired = catalog(commented(Optional.empty(), Optional.empty(), Optional.empty()));
            Plan plan = plan(pull(db), desired);
            List<String> sql = plan.steps().stream().flatMap(s -> ((DdlStep) s).sql().stream()).sorted().toList();
            assertEquals(List.of("COMMENT ON CONSTRAINT t_pkey ON public.t IS NULL",
                    "COMMENT ON CONSTRAINT t_qty_check ON public.t IS NULL", "COMMENT ON INDEX public.t_name_idx IS NULL"), sql);

            assertExpandReverses(db, desired);
            runAndConverge(db, desired);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void newIndexesAndConstraintsOfEveryKindCarryTheirCommentsOnAnExistingAndOnANewTable(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            build(db, catalog(keyed("p"), table(Column.of("qty", INTEGER), Column.of("p_id", BIGINT))),
                    "INSERT INTO p VALUES (1)", "INSERT INTO t VALUES (1, 'a', 1, 1)");
            Table t = table(Column.of("qty", INTEGER), Column.of("p_id", BIGINT))
                    .withIndexes(List.of(index("t_qty_idx", false, "qty").withComment(Optional.of("plain " + QUOTED)),
                            index("t_p_id_key_idx", true, "p_id").withComment(Optional.of("unique index"))))
                    .withChecks(List.of(new CheckConstraint("t_qty_check", "qty >= 0", false, Optional.of("check"))))
                    .withUniqueConstraints(List.of(unique("t_name_key", "name").withComment(Optional.of("unique"))))
                    .withForeignKeys(List.of(fk("t_p_id_fkey", "p_id", QualifiedName.of("public", "p"), "id")
                            .withComment(Optional.of("foreign key"))));
            Table fresh = keyed("n", Column.of("v", INTEGER))
                    .withPrimaryKey(Optional.of(new PrimaryKey("n_pkey", List.of("id"), Optional.of("new key"))))
                    .withIndexes(List.of(index("n_v_idx", false, "v").withComment(Optional.of("new index"))))
                    .withChecks(List.of(new CheckConstraint("n_v_check", "v > 0", false, Optional.of("new check"))));
            Catalog desired = catalog(keyed("p"), t, fresh);

            runAndConverge(db, desired);
            assertEquals(List.of(List.of("n_pkey", "new key"), List.of("n_v_check", "new check"), List.of("t_name_key", "unique"),
                            List.of("t_p_id_fkey", "foreign key"), List.of("t_qty_check", "check")),
                    db.query("SELECT conname, obj_description(oid, 'pg_constraint') FROM pg_constraint"
                            + " WHERE obj_description(oid, 'pg_constraint') IS NOT NULL ORDER BY conname"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aReplacedIndexAndAReplacedConstraintCarryTheDesiredComment(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            build(db, catalog(commented(Optional.of("old index"), Optional.of("old check"), Optional.empty())),
                    "INSERT INTO t VALUES (1, 'a', 1)");
            Table replaced = commented(Optional.of("new index"), Optional.of("new check"), Optional.empty());
            replaced = replaced.withIndexes(List.of(index("t_name_idx", false, "name", "qty").withComment(Optional.of("new index"))))
                    .withChecks(List.of(new CheckConstraint("t_qty_check", "qty >= 1", false, Optional.of("new check"))));

            runAndConverge(db, catalog(replaced));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void renamedIndexesAndConstraintsKeepTheirCommentsWithoutACommentStep(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            build(db, catalog(commented(Optional.of("index"), Optional.of("check"), Optional.of("key"))));
            Table renamed = table(Column.of("qty", INTEGER))
                    .withPrimaryKey(Optional.of(new PrimaryKey("t_key", List.of("id"), Optional.of("key"))))
                    .withIndexes(List.of(index("t_by_name", false, "name").withComment(Optional.of("index"))))
                    .withChecks(List.of(new CheckConstraint("t_qty_positive", "qty >= 0", false, Optional.of("check"))));
            Plan plan = runAndConverge(db, catalog(renamed));

            assertTrue(plan.changes().stream().noneMatch(c -> c.contains("comment")), () -> plan.changes().toString());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aRenamedIndexWhoseCommentAlsoChangesIsCommentedUnderItsNewName(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            build(db, catalog(commented(Optional.of("index"), Optional.of("check"), Optional.empty())));
            Table renamed = table(Column.of("qty", INTEGER))
                    .withIndexes(List.of(index("t_by_name", false, "name").withComment(Optional.of("other index"))))
                    .withChecks(List.of(new CheckConstraint("t_qty_positive", "qty >= 0", false, Optional.of("other check"))));
            Plan plan = runAndConverge(db, catalog(renamed));

            assertTrue(plan.changes().containsAll(List.of("set comment on index public.t_by_name",
                    "set comment on constraint t_qty_positive on public.t")), () -> plan.changes().toString());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aRetypedColumnsRebuiltIndexAndConstraintsKeepTheirComments(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            Table before = table(Column.of("qty", INTEGER))
                    .withUniqueConstraints(List.of(unique("t_qty_key", "qty").withComment(Optional.of("unique"))))
                    .withIndexes(List.of(index("t_qty_idx", false, "qty", "name").withComment(Optional.of("index"))))
                    .withChecks(List.of(new CheckConstraint("t_qty_check", "qty >= 0", false, Optional.of("check"))));
            build(db, catalog(before), "INSERT INTO t VALUES (1, 'a', 1)");
            Table after = before.withColumns(List.of(Column.of("id", BIGINT).withNullable(false), Column.of("name", TEXT),
                    Column.of("qty", BIGINT)));

            runAndConverge(db, catalog(after));
        }
    }

    /**
     * The relations of schema public and the constraints the step's statements lock, inside its still open transaction
     * (a constraint's lock is an object lock, named here by the constraint).
     */
    private static List<List<String>> relationLocksWhileOpen(TestDatabase db, DdlStep step) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            for (String sql : step.sql()) {
                st.execute(sql);
            }
            List<List<String>> locks = rows(st, """
                    SELECT c.relname, l.mode FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                    WHERE l.pid = pg_backend_pid() AND l.granted AND l.locktype = 'relation'
                      AND c.relnamespace = 'public'::regnamespace
                    UNION ALL
                    SELECT 'constraint ' || k.conname, l.mode FROM pg_locks l JOIN pg_constraint k ON k.oid = l.objid
                    WHERE l.pid = pg_backend_pid() AND l.granted AND l.locktype = 'object'
                      AND l.classid = 'pg_constraint'::regclass
                    ORDER BY 1, 2""");
            c.rollback();
            return locks;
        }
    }

    private static List<List<String>> rows(Statement st, String sql) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
        }
        return out;
    }
}
