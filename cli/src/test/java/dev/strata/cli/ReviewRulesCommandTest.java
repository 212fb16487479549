package dev.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * strata.yaml review rules as a user meets them: orders (300 rows) is above the 100-row threshold, notes (3 rows) is
 * not; both get a new column.
 */
class ReviewRulesCommandTest {

    private static final String CONFIG = """
            review:
              large_table: { rows: 100 }
              reviewers:
                - tables: "*"
                  names: [dba]
                - tables: public.ord*
                  names: ["@db-team", alice]
            """;

    private static final String SCHEMA = """
            tables:
              orders:
                columns:
                  id: { type: bigint, nullable: false }
                  total: { type: numeric, nullable: false }
                  note: { type: text }
                primary_key: [id]
              notes:
                columns:
                  id: { type: bigint, nullable: false }
                  body: { type: text }
                  author: { type: text }
                primary_key: [id]
            """;

    @TempDir
    Path dir;

    private static TestDatabase shop(int major) {
        TestDatabase db = TestPostgres.newDatabase(major);
        db.execute("CREATE TABLE public.orders (id bigint PRIMARY KEY, total numeric NOT NULL)",
                "INSERT INTO public.orders SELECT g, g FROM generate_series(1, 300) g",
                "CREATE TABLE public.notes (id bigint PRIMARY KEY, body text)",
                "INSERT INTO public.notes SELECT g, 'n' FROM generate_series(1, 3) g",
                "ANALYZE public.orders", "ANALYZE public.notes");
        return db;
    }

    private Path desired() throws IOException {
        Path desired = dir.resolve("desired");
        Files.createDirectories(desired);
        Files.writeString(desired.resolve("shop.yaml"), SCHEMA);
        Files.writeString(desired.resolve("strata.yaml"), CONFIG);
        return desired;
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aPlanOnALargeTableListsItsReviewersAndASmallTableNone(int major) throws IOException {
        try (TestDatabase db = shop(major)) {
            String desired = desired().toString();

            Strata text = Strata.run("plan", "--url", db.postgresUrl(), "--desired", desired);
            Strata json = Strata.run("plan", "--url", db.postgresUrl(), "--desired", desired, "--format", "json");

            assertEquals(2, text.exitCode(), text.toString());
            assertTrue(text.out().contains("Needs review (steps on tables with more than 100 rows;"), text.toString());
            assertTrue(text.out().lines().anyMatch(l -> l.matches("  expand-\\d on public\\.orders: reviewers @db-team, alice")),
                    text.toString());
            assertFalse(text.out().lines().anyMatch(l -> l.matches("  expand-\\d on public\\.notes: .*")), text.toString());
            JsonNode reviews = new ObjectMapper().readTree(json.out()).get("reviews");
            assertEquals(1, reviews.get("steps").size(), json.out());
            assertEquals("orders", reviews.get("steps").get(0).get("table").get("name").asText());
            assertEquals("[\"@db-team\",\"alice\"]", reviews.get("steps").get(0).get("reviewers").toString());

            Path before = Files.createDirectories(dir.resolve("before"));
            Files.writeString(before.resolve("shop.yaml"), SCHEMA.replace("      note: { type: text }\n", "")
                    .replace("      author: { type: text }\n", ""));
            Strata offline = Strata.run("plan", "--from", before.toString(), "--desired", desired);
            assertTrue(offline.out().contains("Needs review: unknown — table sizes are unknown offline"), offline.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void applyRefusesAStepOnALargeTableUntilOneOfItsReviewersIsNamedAndRecordsThem(int major) throws IOException {
        try (TestDatabase db = shop(major)) {
            String url = db.postgresUrl();
            String desired = desired().toString();

            Strata without = Strata.run("apply", "--url", url, "--desired", desired, "--phase", "all");
            Strata wrong = Strata.run("apply", "--url", url, "--desired", desired, "--phase", "all", "--reviewed-by", "bob");

            assertEquals(1, without.exitCode(), without.toString());
            List<String> refusal = without.errLines();
            assertEquals(1, refusal.size(), without.toString());
            assertTrue(refusal.getFirst().matches("step expand-\\d on large table public\\.orders needs review by"
                    + " one of @db-team, alice: rerun with --reviewed-by NAME; nothing was run"), without.toString());
            assertEquals(1, wrong.exitCode(), wrong.toString());
            assertTrue(wrong.err().contains("(bob is not among them)"), wrong.toString());
            assertEquals(List.of(List.of("0")), db.query("SELECT count(*) FROM strata.step"));
            assertEquals(List.of(List.of("f")), db.query("SELECT EXISTS (SELECT FROM pg_attribute WHERE"
                    + " attrelid = 'public.orders'::regclass AND attname = 'note')"));
            // State tables as an older Strata left them: the next apply adds the column.
            db.execute("ALTER TABLE strata.step DROP COLUMN reviewed_by");

            Strata right = Strata.run("apply", "--url", url, "--desired", desired, "--phase", "all", "--reviewed-by", "Alice");

            assertEquals(0, right.exitCode(), right.toString());
            List<List<String>> steps = new ArrayList<>(db.query("SELECT step_id, coalesce(reviewed_by, '-') FROM strata.step"
                    + " ORDER BY step_id"));
            assertEquals(2, steps.size(), steps.toString());
            assertTrue(steps.contains(List.of(steps.stream().filter(s -> s.get(1).equals("alice")).findFirst()
                    .orElseThrow().getFirst(), "alice")), steps.toString());
            assertEquals(1, steps.stream().filter(s -> s.get(1).equals("-")).count(), steps.toString());
            Strata status = Strata.run("status", "--url", url);
            assertTrue(status.out().lines().anyMatch(l -> l.matches("  done    expand-\\d: add column public\\.orders\\.note.*"
                    + " \\(reviewed by alice\\)")), status.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aSavedPlanCarriesItsReviewersToApply(int major) throws IOException {
        try (TestDatabase db = shop(major)) {
            String url = db.postgresUrl();
            Path out = dir.resolve("out");
            assertEquals(2, Strata.run("plan", "--url", url, "--desired", desired().toString(), "--format", "json",
                    "--out", out.toString()).exitCode());
            // Rules read when the plan was made are the plan's: a later strata.yaml does not change a reviewed plan.
            Files.delete(dir.resolve("desired/strata.yaml"));
            String plan = out.resolve("plan.json").toString();

            Strata without = Strata.run("apply", "--url", url, "--plan", plan, "--phase", "all");
            Strata blank = Strata.run("apply", "--url", url, "--plan", plan, "--phase", "all", "--reviewed-by", " ");
            Strata right = Strata.run("apply", "--url", url, "--plan", plan, "--phase", "all", "--reviewed-by", "db-team");

            assertEquals(1, without.exitCode(), without.toString());
            assertTrue(without.err().contains("on large table public.orders needs review by one of @db-team, alice"),
                    without.toString());
            assertEquals(64, blank.exitCode(), blank.toString());
            assertEquals(0, right.exitCode(), right.toString());
            assertEquals(List.of(List.of("@db-team")), db.query("SELECT reviewed_by FROM strata.step"
                    + " WHERE reviewed_by IS NOT NULL"));
        }
    }
}
