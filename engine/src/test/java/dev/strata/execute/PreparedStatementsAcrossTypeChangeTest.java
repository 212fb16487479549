package dev.strata.execute;

import dev.strata.model.DataType;
import dev.strata.model.QualifiedName;
import dev.strata.plan.DualWrite;
import dev.strata.render.DualWriteCode;
import dev.strata.render.Templates;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.LoadedSchema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGStatement;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.strata.execute.ExecutorFixture.apply;
import static dev.strata.execute.ExecutorFixture.create;
import static dev.strata.execute.ExecutorFixture.desired;
import static dev.strata.execute.ExecutorFixture.yaml;
import static dev.strata.execute.ExecutorFixture.yes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No client notices a type change that keeps the column's name: the statements of the generated read-new code
 * (taken from {@link DualWriteCode}'s java-jdbc output), server-prepared by PgJDBC from their first use, run
 * before and after the step that changes the column's type. Each statement runs in a transaction of its own, so
 * PgJDBC cannot quietly re-prepare a failed one; the controls show that an uncast read does fail there.
 */
class PreparedStatementsAcrossTypeChangeTest {

    private static LoadedSchema items(String type) {
        return items("price", type);
    }

    private static LoadedSchema items(String column, String type) {
        return yaml("""
                tables:
                  items:
                    columns:
                      id: { type: bigint, identity: by default }
                      %s: { type: "%s", nullable: false }
                    primary_key: [id]
                """.formatted(column, type));
    }

    private static TestDatabase itemsOf(int major, LoadedSchema schema, String column, String value) {
        TestDatabase db = TestPostgres.newDatabase(major);
        create(db, schema);
        db.execute("INSERT INTO public.items (" + column + ") SELECT " + value + " FROM generate_series(1, 3)", "ANALYZE public.items");
        return db;
    }

    /** A connection of the application: every statement server-prepared from its first execution, autocommit off. */
    private static Connection application(TestDatabase db) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", db.user());
        props.setProperty("password", db.password());
        props.setProperty("prepareThreshold", "1");
        Connection c = DriverManager.getConnection(db.jdbcUrl(), props);
        c.setAutoCommit(false);
        return c;
    }

    /** The string constants of generated Java code, by name, unescaped. */
    private static Map<String, String> constants(String javaCode) {
        Map<String, String> out = new TreeMap<>();
        Matcher m = Pattern.compile("static final String (\\w+) = \"((?:[^\"\\\\]|\\\\.)*)\";").matcher(javaCode);
        while (m.find()) {
            out.put(m.group(1), m.group(2).replaceAll("\\\\(.)", "$1"));
        }
        assertEquals(List.of("INSERT", "SELECT", "UPDATE"), List.copyOf(out.keySet()), javaCode);
        return out;
    }

    private static Map<String, String> readNew(DualWrite dualWrite) {
        return constants(DualWriteCode.render(dualWrite, "java-jdbc", "read-new", Templates.builtIn()).code());
    }

    /** The generated read-new statements, prepared once and kept, as a connection pool's statement cache keeps them. */
    private record ReadNew(PreparedStatement insert, PreparedStatement update, PreparedStatement select) {

        static ReadNew prepare(Connection c, Map<String, String> sql) throws SQLException {
            return new ReadNew(c.prepareStatement(sql.get("INSERT")), c.prepareStatement(sql.get("UPDATE")),
                    c.prepareStatement(sql.get("SELECT")));
        }

        /** Inserts, updates and reads back {@code value}; returns the failures, one line each. */
        List<String> run(Connection c, String column, Object value, Class<?> type) throws SQLException {
            List<String> failures = new ArrayList<>();
            attempt(c, failures, "INSERT", () -> {
                insert.setObject(1, value);
                try (ResultSet rows = insert.executeQuery()) {
                    assertTrue(rows.next());
                    assertEquals(value, rows.getObject(1, type));
                    return null;
                }
            });
            attempt(c, failures, "UPDATE", () -> {
                update.setObject(1, value);
                update.setObject(2, 1L);
                return update.executeUpdate();
            });
            attempt(c, failures, "SELECT", () -> {
                select.setObject(1, 1L);
                try (ResultSet rows = select.executeQuery()) {
                    assertTrue(rows.next());
                    assertEquals(value, rows.getObject(1, type));
                    assertEquals(column, rows.getMetaData().getColumnName(1));
                    return null;
                }
            });
            for (PreparedStatement s : List.of(insert, update, select)) {
                assertTrue(s.unwrap(PGStatement.class).isUseServerPrepare(), "server-prepared");
            }
            return failures;
        }
    }

    private interface Work {
        Object run() throws SQLException;
    }

    /** Runs one statement in its own transaction, recording a failure instead of throwing. */
    private static Object attempt(Connection c, List<String> failures, String what, Work work) throws SQLException {
        try {
            Object result = work.run();
            c.commit();
            return result;
        } catch (SQLException e) {
            c.rollback();
            failures.add(what + ": " + e.getSQLState() + " " + e.getMessage());
            return null;
        }
    }

    /** The session's server-prepared statements whose text starts with one of {@code prefixes}. */
    private static long prepared(Connection c, String... prefixes) throws SQLException {
        long n = 0;
        try (var st = c.createStatement(); var rows = st.executeQuery("SELECT statement FROM pg_prepared_statements")) {
            while (rows.next()) {
                String text = rows.getString(1);
                n += List.of(prefixes).stream().filter(text::startsWith).count();
            }
        }
        c.commit();
        return n;
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void theGeneratedReadNewStatementsRunServerPreparedBeforeTheSwapAndAfterContractOfIntegerToBigint(int major) throws Exception {
        try (TestDatabase db = itemsOf(major, items("integer"), "price", "7")) {
            DualWrite dualWrite;
            try (Connection c = db.connect()) {
                dualWrite = PlanService.plan(c, items("bigint"), "test").dualWrites().getFirst();
            }
            Map<String, String> sql = readNew(dualWrite);
            assertTrue(sql.get("SELECT").startsWith("SELECT CAST(price AS bigint) AS price FROM public.items"), sql.toString());
            apply(db, yes(), desired(items("bigint")), PhaseSelection.EXPAND);
            apply(db, yes(), desired(items("bigint")), PhaseSelection.BACKFILL);

            try (Connection app = application(db)) {
                ReadNew statements = ReadNew.prepare(app, sql);
                List<String> before = statements.run(app, "price", 2147483647L, Long.class);
                assertEquals(3, prepared(app, "INSERT INTO public.items (price) VALUES ($1) RETURNING CAST(price AS bigint)",
                        "UPDATE public.items SET price = $1", "SELECT CAST(price AS bigint) AS price"));

                apply(db, yes(), desired(items("bigint")), PhaseSelection.CONTRACT);
                List<String> after = statements.run(app, "price", 3_000_000_000L, Long.class);

                assertEquals(List.of(), before);
                assertEquals(List.of(), after);
                assertEquals(3, prepared(app, "INSERT INTO public.items", "UPDATE public.items", "SELECT CAST(price"));
            }
            assertEquals(List.of(List.of("bigint")),
                    db.query("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'public.items'::regclass"
                            + " AND attname = 'price'"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aServerPreparedUncastReadFailsOnceWithCachedPlanMustNotChangeResultTypeAfterTheSwap(int major) throws Exception {
        try (TestDatabase db = itemsOf(major, items("integer"), "price", "7")) {
            apply(db, yes(), desired(items("bigint")), PhaseSelection.EXPAND);
            apply(db, yes(), desired(items("bigint")), PhaseSelection.BACKFILL);

            try (Connection app = application(db)) {
                PreparedStatement plain = app.prepareStatement("SELECT price FROM public.items WHERE id = ?");
                List<String> failures = new ArrayList<>();
                attempt(app, failures, "before", () -> select(plain));
                assertEquals(1, prepared(app, "SELECT price FROM public.items"));

                apply(db, yes(), desired(items("bigint")), PhaseSelection.CONTRACT);
                attempt(app, failures, "after", () -> select(plain));

                assertEquals(1, failures.size(), failures.toString());
                assertTrue(failures.getFirst().startsWith("after: 0A000 ERROR: cached plan must not change result type"),
                        failures.toString());
            }
        }
    }

    private static List<String> warnings(TestDatabase db, LoadedSchema desired) throws SQLException {
        try (Connection c = db.connect()) {
            return PlanService.plan(c, desired, "test").warnings();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aCollationChangeLeavesAReadWithTheNewCollationAloneWhileAnUncastReadFailsWithCachedPlanMustNotChangeResultType(int major)
            throws Exception {
        LoadedSchema after = yaml("""
                tables:
                  items:
                    columns:
                      id: { type: bigint, identity: by default }
                      name: { type: text, nullable: false, collation: "POSIX" }
                    primary_key: [id]
                """);
        try (TestDatabase db = itemsOf(major, items("name", "text"), "name", "'seven'")) {
            String read = "name COLLATE \"POSIX\"";
            assertTrue(warnings(db, after).stream().anyMatch(w -> w.contains("unless they read it through " + read)));

            try (Connection app = application(db)) {
                PreparedStatement collated = app.prepareStatement("SELECT " + read + " AS name FROM public.items WHERE id = ?");
                PreparedStatement plain = app.prepareStatement("SELECT name FROM public.items WHERE id = ?");
                List<String> failures = new ArrayList<>();
                attempt(app, failures, "collated before", () -> select(collated));
                attempt(app, failures, "plain before", () -> select(plain));
                assertEquals(2, prepared(app, "SELECT name"));

                assertEquals(ApplyResult.Outcome.MIGRATION_DONE, apply(db, yes(), desired(after), PhaseSelection.ALL).outcome());
                attempt(app, failures, "collated after", () -> select(collated));
                attempt(app, failures, "plain after", () -> select(plain));

                assertEquals(1, failures.size(), failures.toString());
                assertTrue(failures.getFirst().startsWith("plain after: 0A000 ERROR: cached plan must not change result type"),
                        failures.toString());
            }
        }
    }

    private static Object select(PreparedStatement statement) throws SQLException {
        statement.setObject(1, 1L);
        try (ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getObject(1);
        }
    }

    /** A catalog-only widening (EXPAND's ALTER ... TYPE) read through the cast the plan's warning asks for. */
    private static DualWrite widening(int from, int to) {
        return new DualWrite(DualWrite.Kind.CHANGE_TYPE, QualifiedName.of("public", "items"), List.of("id"), "name",
                DataType.builtin("character varying", from), "name", DataType.builtin("character varying", to), "name",
                "name", Optional.empty());
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void statementsReadingThroughTheCastSurviveAWideningWhileAnUncastReadFailsWithCachedPlanMustNotChangeResultType(int major)
            throws Exception {
        try (TestDatabase db = itemsOf(major, items("name", "varchar(64)"), "name", "'seven'")) {
            Map<String, String> sql = readNew(widening(64, 128));
            assertTrue(sql.get("SELECT").startsWith("SELECT CAST(name AS character varying(128)) AS name"), sql.toString());
            assertTrue(warnings(db, items("name", "varchar(128)")).stream()
                    .anyMatch(w -> w.contains("unless they read it through CAST(name AS character varying(128))")));

            try (Connection app = application(db)) {
                ReadNew statements = ReadNew.prepare(app, sql);
                PreparedStatement plain = app.prepareStatement("SELECT name FROM public.items WHERE id = ?");
                List<String> before = statements.run(app, "name", "x".repeat(64), String.class);
                attempt(app, before, "plain", () -> select(plain));
                assertEquals(4, prepared(app, "INSERT INTO public.items", "UPDATE public.items", "SELECT CAST(name",
                        "SELECT name FROM"));

                assertEquals(ApplyResult.Outcome.MIGRATION_DONE,
                        apply(db, yes(), desired(items("name", "varchar(128)")), PhaseSelection.ALL).outcome());
                List<String> after = statements.run(app, "name", "y".repeat(128), String.class);
                List<String> plainAfter = new ArrayList<>();
                attempt(app, plainAfter, "plain", () -> select(plain));

                assertEquals(List.of(), before);
                assertEquals(List.of(), after);
                assertEquals(1, plainAfter.size(), plainAfter.toString());
                assertTrue(plainAfter.getFirst().startsWith("plain: 0A000 ERROR: cached plan must not change result type"),
                        plainAfter.toString());
            }
        }
    }
}
