package dev.strata.execute;

import dev.strata.diagnostics.StrataException;
import dev.strata.plan.Plan;
import dev.strata.plan.PreflightFinding;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static dev.strata.execute.ExecutorFixture.desired;
import static dev.strata.execute.ExecutorFixture.yaml;
import static dev.strata.execute.ExecutorFixture.yes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Preflight counts exactly the live rows that would make each kind of constraint or conversion of a plan fail, names
 * them by key, and writes nothing. One database per major for the class: each test works in a schema of its own.
 */
class PreflightTest {

    private static final Map<Integer, TestDatabase> DATABASES = new ConcurrentHashMap<>();

    private static TestDatabase db(int major) {
        return DATABASES.computeIfAbsent(major, TestPostgres::newDatabase);
    }

    @AfterAll
    static void close() {
        DATABASES.values().forEach(TestDatabase::close);
    }

    /** Creates {@code schema} with {@code ddl}, plans {@code yaml} against it and runs its preflight. */
    private static List<PreflightFinding> preflight(int major, String schema, String ddl, String yaml) {
        TestDatabase db = db(major);
        db.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE", "CREATE SCHEMA " + schema);
        db.execute(ddl.split(";\n"));
        try (Connection c = db.connect()) {
            Plan plan = PlanService.plan(c, yaml("schema: " + schema + "\n" + yaml), "test database");
            return new PreflightRunner(c, Duration.ofSeconds(30)).run(plan.preflight()).findings().orElseThrow();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PreflightFinding only(List<PreflightFinding> findings) {
        assertEquals(1, findings.size(), findings.toString());
        return findings.getFirst();
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void notNullCountsTheRowsWithNullAndNamesThemByKey(int major) {
        PreflightFinding f = only(preflight(major, "pf_not_null", """
                CREATE TABLE pf_not_null.users (id bigint PRIMARY KEY, handle text);
                INSERT INTO pf_not_null.users VALUES (1, 'a'), (2, NULL), (3, 'c'), (17, NULL), (204, NULL), (300, 'x')""", """
                tables:
                  users:
                    columns: { id: { type: bigint, nullable: false }, handle: { type: text, nullable: false } }
                    primary_key: [id]
                """));
        assertEquals("CONTRACT would fail: 3 rows of pf_not_null.users have NULL handle, e.g. id 2, 17, 204", f.line());
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aBackfillThatGivesNullFailsTheNewNotNullColumn(int major) {
        PreflightFinding f = only(preflight(major, "pf_backfill", """
                CREATE TABLE pf_backfill.users (id bigint PRIMARY KEY, name text);
                INSERT INTO pf_backfill.users VALUES (1, 'a'), (2, NULL), (3, 'c')""", """
                tables:
                  users:
                    columns:
                      id: { type: bigint, nullable: false }
                      name: text
                      code: { type: text, nullable: false, backfill: "upper(name)" }
                    primary_key: [id]
                """));
        assertEquals("CONTRACT would fail: 1 row of pf_backfill.users has NULL code, e.g. id 2", f.line());
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void setNotNullWithABackfillCountsOnlyTheRowsTheBackfillLeavesNull(int major) {
        PreflightFinding f = only(preflight(major, "pf_fill", """
                CREATE TABLE pf_fill.users (id bigint PRIMARY KEY, handle text, name text);
                INSERT INTO pf_fill.users VALUES (1, 'a', 'x'), (2, NULL, 'y'), (3, NULL, NULL)""", """
                tables:
                  users:
                    columns:
                      id: { type: bigint, nullable: false }
                      handle: { type: text, nullable: false, backfill: "lower(name)" }
                      name: text
                    primary_key: [id]
                """));
        assertEquals("CONTRACT would fail: 1 row of pf_fill.users has NULL handle, e.g. id 3", f.line());
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void checkCountsTheRowsForWhichItIsFalseButNotNull(int major) {
        PreflightFinding f = only(preflight(major, "pf_check", """
                CREATE TABLE pf_check.orders (id bigint PRIMARY KEY, total integer);
                INSERT INTO pf_check.orders VALUES (1, 5), (3, -1), (4, NULL), (7, -20), (8, 0)""", """
                tables:
                  orders:
                    columns: { id: { type: bigint, nullable: false }, total: integer }
                    primary_key: [id]
                    checks: ["total >= 0"]
                """));
        assertEquals(PreflightFinding.Status.FAILS, f.status());
        assertEquals(2, f.rows());
        assertEquals(List.of("id 3", "7"), f.examples());
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void uniqueShowsTheDuplicateGroupsAndIgnoresNulls(int major) {
        PreflightFinding f = only(preflight(major, "pf_unique", """
                CREATE TABLE pf_unique.users (id bigint PRIMARY KEY, email text);
                INSERT INTO pf_unique.users VALUES (1, 'a'), (2, 'b'), (3, 'a'), (4, 'b'), (5, 'b'), (6, 'c'), (7, NULL), (8, NULL)""", """
                tables:
                  users:
                    columns: { id: { type: bigint, nullable: false }, email: text }
                    primary_key: [id]
                    unique: [[email]]
                """));
        assertEquals("CONTRACT would fail: 5 rows of pf_unique.users share a value of email with another row (2 values,"
                + " UNIQUE users_email_key), e.g. a (id 1, 3), b (id 2, 4, 5)", f.line());
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void primaryKeyCountsDuplicatesAndNullsOfATableWithoutKey(int major) {
        List<PreflightFinding> found = preflight(major, "pf_pkey", """
                CREATE TABLE pf_pkey.codes (code text, label text);
                INSERT INTO pf_pkey.codes VALUES ('x', '1'), ('y', '2'), ('x', '3'), (NULL, '4')""", """
                tables:
                  codes:
                    columns: { code: { type: text, nullable: false }, label: text }
                    primary_key: [code]
                """);
        assertEquals(2, found.size(), found.toString());
        assertEquals("CONTRACT would fail: 1 row of pf_pkey.codes has NULL code, e.g. ctid (0,4)", found.get(0).line());
        assertEquals("CONTRACT would fail: 2 rows of pf_pkey.codes share a value of code with another row (1 value,"
                + " PRIMARY KEY codes_pkey), e.g. x (ctid (0,1), (0,3))", found.get(1).line());
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void foreignKeyCountsTheOrphans(int major) {
        PreflightFinding f = only(preflight(major, "pf_fk", """
                CREATE TABLE pf_fk.teams (id bigint PRIMARY KEY);
                CREATE TABLE pf_fk.members (id bigint PRIMARY KEY, team_id bigint);
                INSERT INTO pf_fk.teams VALUES (1), (2);
                INSERT INTO pf_fk.members VALUES (10, 1), (11, 3), (12, NULL), (13, 4), (14, 2)""", """
                tables:
                  teams:
                    columns: { id: { type: bigint, nullable: false } }
                    primary_key: [id]
                  members:
                    columns: { id: { type: bigint, nullable: false }, team_id: bigint }
                    primary_key: [id]
                    foreign_keys: [{ columns: [team_id], references: { table: teams } }]
                """));
        assertEquals("CONTRACT would fail: 2 rows of pf_fk.members reference no row of pf_fk.teams (team_id), e.g. id 11, 13",
                f.line());
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void exclusionCountsTheRowsThatConflict(int major) {
        PreflightFinding f = only(preflight(major, "pf_excl", """
                CREATE TABLE pf_excl.bookings (id bigint PRIMARY KEY, starts integer, ends integer);
                INSERT INTO pf_excl.bookings VALUES (1, 1, 5), (2, 4, 8), (3, 10, 12), (4, 12, 14)""", """
                tables:
                  bookings:
                    columns: { id: { type: bigint, nullable: false }, starts: integer, ends: integer }
                    primary_key: [id]
                    exclusions:
                      - elements: [{ expression: "int4range(starts, ends)", with: "&&" }]
                        name: no_overlap
                """));
        assertEquals("CONTRACT would fail: 2 rows of pf_excl.bookings conflict with another row under EXCLUDE no_overlap,"
                + " e.g. id 1, 2", f.line());
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aTypeChangeCountsTheValuesThatFailOrDoNotConvertBack(int major) {
        List<PreflightFinding> found = preflight(major, "pf_cast", """
                CREATE TABLE pf_cast.items (id bigint PRIMARY KEY, t text, b bigint);
                INSERT INTO pf_cast.items SELECT g, g::text, g FROM generate_series(1, 500) g;
                UPDATE pf_cast.items SET t = 'x' WHERE id = 2;
                UPDATE pf_cast.items SET t = '007' WHERE id = 40;
                UPDATE pf_cast.items SET t = 'y' WHERE id = 333;
                UPDATE pf_cast.items SET b = 3000000000 WHERE id IN (5, 499)""", """
                tables:
                  items:
                    columns: { id: { type: bigint, nullable: false }, t: integer, b: integer }
                    primary_key: [id]
                """);
        assertEquals(2, found.size(), found.toString());
        PreflightFinding text = found.stream().filter(f -> f.check().contains(" t ")).findFirst().orElseThrow();
        assertEquals(3, text.rows(), text.line());
        assertEquals(false, text.atLeast());
        assertEquals(List.of("id 2", "40", "333"), text.examples());
        PreflightFinding big = found.stream().filter(f -> f.check().contains(" b ")).findFirst().orElseThrow();
        assertEquals(2, big.rows(), big.line());
        assertTrue(big.line().startsWith("BACKFILL would fail: 2 rows of pf_cast.items do not convert from bigint to integer"),
                big.line());
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aUsingExpressionCountsTheRowsItFailsOn(int major) {
        PreflightFinding f = only(preflight(major, "pf_using", """
                CREATE TABLE pf_using.items (id bigint PRIMARY KEY, v text);
                INSERT INTO pf_using.items VALUES (1, 'abc'), (2, 'xy'), (3, 'hello'), (4, 'zz'), (5, 'four')""", """
                tables:
                  items:
                    columns:
                      id: { type: bigint, nullable: false }
                      v: { type: integer, using: "100 / (length(v) - 2)" }
                    primary_key: [id]
                """));
        assertEquals(PreflightFinding.Status.FAILS, f.status(), f.line());
        assertEquals(2, f.rows(), f.line());
        assertEquals(List.of("id 2", "4"), f.examples());
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aUsingExpressionThatGivesNullFailsTheNotNullOfTheRetypedColumn(int major) {
        List<PreflightFinding> found = preflight(major, "pf_using_null", """
                CREATE TABLE pf_using_null.items (id bigint PRIMARY KEY, v text NOT NULL);
                INSERT INTO pf_using_null.items VALUES (1, 'abc'), (2, ''), (3, 'x')""", """
                tables:
                  items:
                    columns:
                      id: { type: bigint, nullable: false }
                      v: { type: integer, nullable: false, using: "nullif(length(v), 0)" }
                    primary_key: [id]
                """);
        assertEquals(List.of("pf_using_null.items conversion of v from text to integer using nullif(length(v), 0): no row fails",
                "CONTRACT would fail: 1 row of pf_using_null.items has NULL v, e.g. id 2"),
                found.stream().map(PreflightFinding::line).toList());
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aCleanPreflightSaysSoInOneLine(int major) {
        List<PreflightFinding> found = preflight(major, "pf_clean", """
                CREATE TABLE pf_clean.users (id bigint PRIMARY KEY, handle text, age integer);
                INSERT INTO pf_clean.users VALUES (1, 'a', 3), (2, 'b', 4)""", """
                tables:
                  users:
                    columns: { id: { type: bigint, nullable: false }, handle: { type: text, nullable: false }, age: integer }
                    primary_key: [id]
                    unique: [[handle]]
                    checks: ["age > 0"]
                """);
        assertEquals(3, found.size());
        assertTrue(found.stream().allMatch(f -> f.status() == PreflightFinding.Status.PASSES), found.toString());
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aCheckThatTimesOutIsReportedAsNotCheckedNeverAsPassed(int major) throws Exception {
        TestDatabase db = db(major);
        db.execute("DROP SCHEMA IF EXISTS pf_slow CASCADE", "CREATE SCHEMA pf_slow",
                "CREATE TABLE pf_slow.t (id bigint PRIMARY KEY, v integer)", "INSERT INTO pf_slow.t VALUES (1, -1)");
        try (Connection c = db.connect(); Connection blocker = db.connect()) {
            Plan plan = PlanService.plan(c, yaml("""
                    schema: pf_slow
                    tables:
                      t:
                        columns: { id: { type: bigint, nullable: false }, v: integer }
                        primary_key: [id]
                        checks: ["v > 0"]
                    """), "test database");
            blocker.setAutoCommit(false);
            try (Statement st = blocker.createStatement()) {
                st.execute("LOCK TABLE pf_slow.t IN ACCESS EXCLUSIVE MODE");
            }
            PreflightFinding f = only(new PreflightRunner(c, Duration.ofMillis(300)).run(plan.preflight()).findings().orElseThrow());
            blocker.rollback();
            assertEquals(PreflightFinding.Status.NOT_CHECKED, f.status());
            assertEquals("pf_slow.t CHECK t_v_check (v > 0): not checked: timed out after 300 ms", f.line());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void preflightNeedsOnlySelectAndWritesNothing(int major) throws Exception {
        TestDatabase db = db(major);
        String role = "pf_reader_" + db.name();
        db.execute("DROP SCHEMA IF EXISTS pf_ro CASCADE", "CREATE SCHEMA pf_ro",
                "CREATE TABLE pf_ro.users (id bigint PRIMARY KEY, handle text)",
                "INSERT INTO pf_ro.users VALUES (1, NULL), (2, 'b')",
                "DROP ROLE IF EXISTS " + role, "CREATE ROLE " + role + " LOGIN PASSWORD 'reader'",
                "GRANT USAGE ON SCHEMA pf_ro TO " + role, "GRANT SELECT ON pf_ro.users TO " + role);
        try (Connection c = db.connect();
                Connection reader = DriverManager.getConnection(db.jdbcUrl(), role, "reader")) {
            Plan plan = PlanService.plan(c, yaml("""
                    schema: pf_ro
                    tables:
                      users:
                        columns: { id: { type: bigint, nullable: false }, handle: { type: text, nullable: false } }
                        primary_key: [id]
                    """), "test database");
            List<List<String>> before = db.query("SELECT u.id::text, u.handle, u.xmin::text, u.ctid::text FROM pf_ro.users u ORDER BY u.id");
            PreflightFinding f = only(new PreflightRunner(reader, Duration.ofSeconds(30)).run(plan.preflight())
                    .findings().orElseThrow());
            assertEquals("CONTRACT would fail: 1 row of pf_ro.users has NULL handle, e.g. id 1", f.line());
            assertTrue(reader.getAutoCommit());
            assertEquals(before, db.query("SELECT u.id::text, u.handle, u.xmin::text, u.ctid::text FROM pf_ro.users u ORDER BY u.id"));
        } finally {
            db.execute("DROP OWNED BY " + role, "DROP ROLE " + role);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void applyRefusesAMigrationPreflightSaysWouldFailAndProceedsWithoutPreflight(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE TABLE public.users (id bigint PRIMARY KEY, handle text)",
                    "INSERT INTO public.users VALUES (1, 'a'), (17, NULL)");
            var schema = yaml("""
                    tables:
                      users:
                        columns: { id: { type: bigint, nullable: false }, handle: { type: text, nullable: false } }
                        primary_key: [id]
                    """);
            List<String> log = new ArrayList<>();
            try (Connection c = db.connect()) {
                StrataException refused = assertThrows(StrataException.class, () -> new Executor(c, yes(), log::add)
                        .withProgress(Progress.NONE).withPreflight(Duration.ofSeconds(30), Optional.empty())
                        .apply(desired(schema), PhaseSelection.EXPAND));
                assertEquals("preflight: this migration would fail on the live data, so nothing was run:\n"
                        + "  CONTRACT would fail: 1 row of public.users has NULL handle, e.g. id 17\n"
                        + "correct those rows (or the schema) and rerun, or rerun with --skip-preflight to start it anyway",
                        refused.getMessage());
                assertEquals(List.of(List.of("0")), db.query("SELECT count(*) FROM strata.migration"));
                new Executor(c, yes(), log::add).withProgress(Progress.NONE).apply(desired(schema), PhaseSelection.EXPAND);
                assertEquals(List.of(List.of("1")), db.query("SELECT count(*) FROM strata.migration"));
            }
        }
    }
}
