package dev.strata.plan.properties;

import dev.strata.catalog.CatalogReader;
import dev.strata.catalog.ServerCanonicalizer;
import dev.strata.ddl.CreateDdl;
import dev.strata.expr.Equivalence;
import dev.strata.model.Catalog;
import dev.strata.plan.BackfillStep;
import dev.strata.plan.DdlStep;
import dev.strata.plan.PhasePlan;
import dev.strata.plan.Plan;
import dev.strata.plan.PlanRequest;
import dev.strata.plan.Planner;
import dev.strata.plan.PlanningException;
import dev.strata.plan.Step;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.generate.ChangePairs.ChangePair;
import dev.strata.testing.generate.ChangePairs.Kind;
import dev.strata.testing.generate.SampleData;
import net.jqwik.api.Assume;
import net.jqwik.api.statistics.Statistics;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** What every plan property needs: planning with skips for missing recipes, databases, and failure reports. */
final class PlanHarness {

    private static final String NO_RECIPE = "no safe recipe yet";

    private PlanHarness() {}

    /** The desired catalog with its expressions and view queries as the server prints them (what plan --url compares). */
    static Catalog canonical(TestDatabase db, Catalog desired) {
        try (var c = db.connect()) {
            return ServerCanonicalizer.canonical(c, desired);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static Plan plan(Catalog current, Catalog desired, int major) {
        return Planner.plan(new PlanRequest(current, desired, major, Map.of(), "test", List.of(),
                (a, b, s) -> Equivalence.same(a, b, s)));
    }

    /**
     * Plans the pair, or skips the try when the planner refuses only because a change kind has no
     * recipe yet. Collects which mutation kinds were exercised and which were skipped.
     */
    static Plan planOrSkip(ChangePair pair, int major) {
        try {
            Plan plan = plan(pair.current(), pair.desired(), major);
            for (Kind kind : pair.kinds()) {
                Statistics.label("exercised mutation kinds").collect(kind);
            }
            return plan;
        } catch (PlanningException e) {
            boolean onlyMissingRecipes = e.reasons().stream().allMatch(r -> r.contains(NO_RECIPE));
            if (!onlyMissingRecipes) {
                throw new AssertionError("the planner refused a valid change\n" + describe(pair) + "\n" + e.getMessage(), e);
            }
            for (String reason : e.reasons()) {
                Statistics.label("skipped: no recipe for").collect(firstWords(reason.substring(reason.indexOf(':') + 1).trim()));
            }
            Assume.that(false);
            throw new AssertionError("unreachable");
        }
    }

    private static String firstWords(String text) {
        String[] words = text.split(" ");
        return words.length < 2 ? text : words[0] + " " + words[1];
    }

    static String describe(ChangePair pair) {
        StringBuilder out = new StringBuilder("mutations:\n");
        pair.mutations().forEach(m -> out.append("  - ").append(m).append('\n'));
        out.append("current DDL:\n").append(indent(CreateDdl.script(pair.current())));
        out.append("desired DDL:\n").append(indent(CreateDdl.script(pair.desired().withoutHints())));
        return out.toString();
    }

    static String describe(ChangePair pair, Plan plan) {
        StringBuilder out = new StringBuilder(describe(pair));
        out.append("changes:\n");
        plan.changes().forEach(c -> out.append("  * ").append(c).append('\n'));
        out.append("steps:\n");
        for (PhasePlan phase : plan.phases()) {
            phase.gate().ifPresent(g -> out.append("  ").append(g.id()).append(" [before ").append(g.before())
                    .append("] ").append(g.title()).append('\n'));
            for (Step step : phase.steps()) {
                out.append("  ").append(step.id()).append(" [").append(step.phase()).append("] ").append(step.summary()).append('\n');
                switch (step) {
                    case DdlStep d -> {
                        d.sql().forEach(s -> out.append("      ").append(s).append(";\n"));
                        out.append("      transactional=").append(d.transactional()).append(" locks=").append(d.locks()).append('\n');
                        d.inverseSql().ifPresent(inv -> out.append("      inverse: ").append(String.join("; ", inv)).append('\n'));
                    }
                    case BackfillStep b -> out.append("      ").append(b.table()).append(" key=").append(b.key())
                            .append(" ").append(b.batch()).append('\n');
                }
            }
        }
        if (!plan.violations().isEmpty()) {
            out.append("violations: ").append(plan.violations()).append('\n');
        }
        return out.toString();
    }

    /** The planner's view of what still differs, for failure messages. */
    static String remainingDiff(Catalog from, Catalog to, int major) {
        try {
            Plan again = plan(from, to, major);
            return again.changes().isEmpty() ? "(no changes)" : "  " + String.join("\n  ", again.changes());
        } catch (PlanningException e) {
            return e.getMessage();
        }
    }

    private static String indent(String script) {
        return script.lines().map(l -> "    " + l + "\n").reduce("", String::concat);
    }

    /** Creates the current schema and its sample rows. */
    static void createCurrent(TestDatabase db, ChangePair pair) {
        db.execute(CreateDdl.script(pair.current()));
        db.execute(SampleData.inserts(pair.current()).toArray(String[]::new));
    }

    /** Runs a database check, turning a failed query into a failure that shows the plan. */
    static <T> T reporting(java.util.function.Supplier<T> action, String what, String report) {
        try {
            return action.get();
        } catch (IllegalStateException e) {
            throw new AssertionError(what + ": " + e.getMessage() + "\n" + report, e);
        }
    }

    /** Reads schema {@code public}, with grants and default privileges when the pair manages them. */
    static Catalog pull(TestDatabase db, ChangePair pair) {
        try (var c = db.connect()) {
            return CatalogReader.read(c, List.of("public"), pair.skippedKinds()).catalog();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
