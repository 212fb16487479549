package dev.strata.rehearse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.model.QualifiedName;
import dev.strata.plan.Phase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RehearsalRendererTest {

    static final QualifiedName USERS = QualifiedName.of("public", "users");

    static Sample at(double scale, long rows, long durationMillis, long holdMillis) {
        return new Sample(scale, rows, Duration.ofMillis(durationMillis), Duration.ofMillis(holdMillis), Duration.ofMillis(1),
                rows * 100, 0, List.of("access exclusive on public.users for " + holdMillis + " ms"), false, 10, 0);
    }

    static RehearsalReport report() {
        var limits = Thresholds.defaults();
        var rename = StepReport.of("expand-1", Phase.EXPAND, "Add column public.users.handle", "access exclusive on public.users",
                Optional.of(USERS), 100_000, List.of(at(0.01, 1_000, 4, 1), at(0.02, 2_000, 4, 1)), StepReport.Growth.EVERY_FIGURE, limits);
        var backfill = StepReport.of("backfill-1", Phase.BACKFILL, "Backfill public.users.handle", "row exclusive on public.users",
                Optional.of(USERS), 100_000, List.of(at(0.01, 1_000, 20, 2), at(0.02, 2_000, 40, 3)), StepReport.Growth.EVERY_FIGURE, limits);
        return new RehearsalReport("postgres://app@db/prod", 18, "embedded PostgreSQL 18", "synthetic, 50 tps",
                List.of(new ScaleRun(0.01, Map.of(USERS, 1_000L), Duration.ofMillis(120), Duration.ofMillis(900)),
                        new ScaleRun(0.02, Map.of(USERS, 2_000L), Duration.ofMillis(200), Duration.ofMillis(1_100))),
                List.of(rename, backfill), limits, List.of("two scales: R² is 1 by construction"));
    }

    @Test
    void textShowsEveryStepMeasuredAndProjectedWithItsVerdict() {
        String text = RehearsalRenderer.text(report());

        assertEquals("""
                Rehearsal on embedded PostgreSQL 18 (PostgreSQL 18), statistics of postgres://app@db/prod
                Workload: synthetic, 50 tps
                Scale 1 %: public.users 1,000 rows (filled in 120 ms, plan ran in 900 ms)
                Scale 2 %: public.users 2,000 rows (filled in 200 ms, plan ran in 1100 ms)

                step                                     lock                              measured at rows                projected at production rows                  longest blocking hold  longest application wait  WAL      verdict
                expand-1 Add column public.users.handle  access exclusive on public.users  4.0 ms @ 1,000, 4.0 ms @ 2,000  4.0 ms @ 100,000 (linear a + b·n, R² 1.000)   1.0 ms                 1.0 ms                    9766 kB  ok
                backfill-1 Backfill public.users.handle  row exclusive on public.users     20 ms @ 1,000, 40 ms @ 2,000    2000 ms @ 100,000 (linear a + b·n, R² 1.000)  101 ms                 1.0 ms                    9766 kB  EXCEEDS: longest blocking hold projected 101 ms > 100 ms

                Thresholds: blocking hold and application wait 100 ms
                Verdict: EXCEEDED
                  backfill-1: longest blocking hold projected 101 ms > 100 ms

                Notes:
                  - two scales: R² is 1 by construction
                """, text);
    }

    @Test
    void markdownIsATableAPullRequestCanInclude() {
        String md = RehearsalRenderer.markdown(report());

        assertTrue(md.startsWith("### Rehearsal\n"), md);
        assertTrue(md.contains("| step | lock | measured at rows | projected at production rows | longest blocking hold"
                + " | longest application wait | WAL | verdict |\n|---|---|---|---|---|---|---|---|\n"), md);
        assertTrue(md.contains("| expand-1 Add column public.users.handle | access exclusive on public.users |"), md);
    }

    @Test
    void jsonCarriesTheModelAndFitOfEveryFigure() throws Exception {
        JsonNode root = new ObjectMapper().readTree(RehearsalRenderer.json(report()));

        assertEquals("strata-rehearsal/1", root.get("format").asText());
        assertFalse(root.get("within_thresholds").asBoolean());
        JsonNode backfill = root.get("steps").get(1);
        assertEquals("backfill-1", backfill.get("id").asText());
        JsonNode duration = backfill.get("projections").get("duration");
        assertEquals("linear", duration.get("model").asText());
        assertEquals(2000.0, duration.get("value").asDouble(), 1e-6);
        assertEquals(1.0, duration.get("r_squared").asDouble(), 1e-9);
        assertEquals(2, backfill.get("samples").size());
        assertEquals(1000, root.get("scales").get(0).get("rows").get("public.users").asLong());
        assertEquals(RehearsalRenderer.json(report()), RehearsalRenderer.json(report()));
    }
}
