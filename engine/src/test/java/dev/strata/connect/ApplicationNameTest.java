package dev.strata.connect;

import dev.strata.execute.ApplyOptions;
import dev.strata.execute.Executor;
import dev.strata.execute.PhaseSelection;
import dev.strata.execute.PlanSource;
import dev.strata.execute.Progress;
import dev.strata.execute.StepListener;
import dev.strata.plan.Step;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.SchemaFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The application_name a user gives is kept, with Strata's marker appended, so pg_stat_activity shows both. */
class ApplicationNameTest {

    private static String shown(Connection c) throws SQLException {
        try (var st = c.createStatement(); var rs = st.executeQuery("SELECT application_name FROM pg_stat_activity"
                + " WHERE pid = pg_backend_pid()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String openedWith(String url, Map<String, String> environment) throws SQLException {
        try (Connection c = Connections.open(ConnectionSettings.resolve(Optional.of(url), environment, "nobody"))) {
            return shown(c);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void applicationNameFromAUrlOrPgappnameIsKeptWithStrataAppended(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            String jdbc = db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "user=" + db.user()
                    + (db.password().isEmpty() ? "" : "&password=" + db.password());
            assertEquals("myapp (strata)", openedWith(db.postgresUrl() + "?application_name=myapp", Map.of()));
            assertEquals("myapp (strata)", openedWith(jdbc + "&ApplicationName=myapp", Map.of()));
            assertEquals("myapp (strata)", openedWith(jdbc + "&applicationName=myapp", Map.of()));
            assertEquals("cron (strata)", openedWith(db.postgresUrl(), Map.of("PGAPPNAME", "cron")));
            assertEquals("strata", openedWith(db.postgresUrl(), Map.of()));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void applyKeepsTheApplicationNameOfItsConnection(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE TABLE public.items (id bigint PRIMARY KEY)");
            var desired = SchemaFiles.parse(Map.of("schema.yaml", """
                    tables:
                      items:
                        columns:
                          id: { type: bigint, nullable: false }
                          note: text
                        primary_key: [id]
                    """));
            List<String> seen = new ArrayList<>();
            StepListener look = new StepListener() {
                @Override
                public void inStatement(Step step) {
                    seen.addAll(db.query("SELECT application_name FROM pg_stat_activity WHERE application_name LIKE"
                            + " '%strata apply%'").stream().map(r -> r.get(0)).toList());
                }
            };
            var settings = ConnectionSettings.resolve(Optional.of(db.postgresUrl() + "?application_name=myapp"),
                    Map.of(), "nobody");
            try (Connection c = Connections.open(settings)) {
                new Executor(c, ApplyOptions.defaults().withConfirmGates(true), line -> {}).withListener(look)
                        .withProgress(Progress.NONE).apply(new PlanSource.Desired(desired, "test"), PhaseSelection.ALL);
                assertEquals(List.of("myapp (strata apply)"), seen);
            }
        }
    }

    @Test
    void aLongNameIsCutSoTheMarkerFitsInSixtyThreeBytes() {
        String marked = ApplicationName.marked(Optional.of("ä".repeat(10) + "x".repeat(80)), "strata apply");
        assertTrue(marked.endsWith(" (strata apply)"), marked);
        assertEquals(63, marked.getBytes(StandardCharsets.UTF_8).length, marked);
        assertTrue(marked.startsWith("??????????xxx"), "non-ASCII becomes '?' as PostgreSQL 14 and 15 show it: " + marked);
    }

    @Test
    void strataMarkerIsRecognisedAndReplaced() {
        assertEquals(Optional.of("myapp"), ApplicationName.given("myapp (strata)"));
        assertEquals(Optional.empty(), ApplicationName.given("strata"));
        assertEquals(Optional.empty(), ApplicationName.given(""));
        assertEquals(Optional.of("report"), ApplicationName.given("report"));
        assertEquals("strata apply", ApplicationName.marked(Optional.empty(), "strata apply"));
    }
}
