package dev.strata.execute;

import dev.strata.diagnostics.StrataException;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.LoadedSchema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.strata.execute.ExecutorFixture.desired;
import static dev.strata.execute.ExecutorFixture.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Giving up on a CONCURRENTLY build must not leave an INVALID index that every write maintains: it is dropped,
 * or, when even the drop cannot get its lock, the error names it and says the next apply drops it.
 */
class ConcurrentIndexGiveUpTest {

    private static final ApplyOptions SHORT = ApplyOptions.defaults().withLockTimeout(Duration.ofMillis(100))
            .withMaxAttempts(2).withConfirmGates(true);
    private static final LoadedSchema BEFORE = yaml("""
            tables:
              items:
                columns:
                  id: { type: bigint, nullable: false }
                  tag: text
                primary_key: [id]
              other:
                columns:
                  id: { type: bigint, nullable: false }
                primary_key: [id]
            """);
    private static final LoadedSchema AFTER = yaml("""
            tables:
              items:
                columns:
                  id: { type: bigint, nullable: false }
                  tag: text
                primary_key: [id]
                indexes:
                  - { name: items_tag_idx, columns: [{ column: tag }] }
              other:
                columns:
                  id: { type: bigint, nullable: false }
                primary_key: [id]
            """);
    private static final String INDEX = "SELECT indisvalid::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
            + " WHERE c.relname = 'items_tag_idx'";

    /** Holds an old snapshot: a concurrent build waits for it to end, a concurrent drop does not. */
    private static Connection snapshotHolder(TestDatabase db) throws SQLException {
        Connection c = db.connect();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            st.execute("SELECT count(*) FROM public.other");
        }
        return c;
    }

    /** Holds a write lock on items: both a concurrent build and a concurrent drop wait for it. */
    private static Connection writer(TestDatabase db) throws SQLException {
        Connection c = db.connect();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("UPDATE public.items SET tag = tag WHERE id = 1");
        }
        return c;
    }

    private static StrataException giveUp(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            Executor executor = new Executor(c, SHORT, line -> {}).withTiming(ExecutorFixture.noWaiting(new ArrayList<>()));
            return assertThrows(StrataException.class, () -> executor.apply(desired(AFTER), PhaseSelection.ALL));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void givingUpOnAConcurrentBuildDropsTheInvalidIndexItLeft(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            ExecutorFixture.create(db, BEFORE);
            db.execute("INSERT INTO public.items VALUES (1, 'a'), (2, 'b')");
            StrataException e;
            try (Connection holder = snapshotHolder(db)) {
                e = giveUp(db);
            }

            assertTrue(e.getMessage().contains("gave up after 2 attempts"), e.getMessage());
            assertTrue(e.getMessage().contains("dropped the INVALID index public.items_tag_idx"), e.getMessage());
            assertEquals(List.of(), db.query(INDEX));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void whenTheDropCannotGetItsLockEitherTheMessageNamesTheInvalidIndexAndTheNextApplyDropsIt(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            ExecutorFixture.create(db, BEFORE);
            db.execute("INSERT INTO public.items VALUES (1, 'a'), (2, 'b')");
            StrataException e;
            try (Connection holder = writer(db)) {
                e = giveUp(db);
            }

            assertTrue(e.getMessage().contains("the INVALID index public.items_tag_idx remains"), e.getMessage());
            assertTrue(e.getMessage().contains("the next strata apply drops it"), e.getMessage());
            assertEquals(List.of(List.of("false")), db.query(INDEX));
            try (Connection c = db.connect()) {
                List<String> warnings = PlanService.plan(c, AFTER, "test").warnings();
                assertTrue(warnings.stream().anyMatch(w -> w.startsWith("index public.items_tag_idx on public.items is"
                        + " INVALID")), warnings.toString());
            }

            assertEquals(ApplyResult.Outcome.MIGRATION_DONE,
                    ExecutorFixture.apply(db, SHORT, desired(AFTER), PhaseSelection.ALL).outcome());
            assertEquals(List.of(List.of("true")), db.query(INDEX));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void abandonDropsTheInvalidIndexAFailedBuildOfItsPlanLeft(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            ExecutorFixture.create(db, BEFORE);
            db.execute("INSERT INTO public.items VALUES (1, 'a'), (2, 'b')");
            try (Connection holder = writer(db)) {
                giveUp(db);
            }
            assertEquals(List.of(List.of("false")), db.query(INDEX));

            AbandonResult result;
            try (Connection c = db.connect()) {
                result = Executor.abandon(c);
            }

            assertEquals(List.of("INVALID index public.items_tag_idx"), result.removed());
            assertEquals(List.of(), db.query(INDEX));
        }
    }
}
